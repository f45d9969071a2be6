// Offers on the partner portal and in the youth app (issue 6): the partner keeps their record
// and an offer up to date; a counsellor refers a young person to it; the partner accepts in
// the portal; the young person sees "Acceptée" in "Mes candidatures". The partner sees only the
// young people referred to them, a refusal needs a reason, a message with a document reaches
// the counsellor, and a young person applies from the app and withdraws.
//
// The demo (crates/storage/src/demo.rs): Transports Flandres Mobilité runs "Agent de quai H/F"
// (Léa referred, sent) and "Formation préqualifiante logistique" (one session, Yanis accepted).
// This file refers Chloé to the training and Léa to the Mission Locale's "Foyer de jeunes
// travailleurs", refuses Léa's job referral, and has Chloé apply to the job then withdraw.
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from "@playwright/test";

import { DEMO, DEMO_PASSWORD, a11y, login } from "./support";

test.describe.configure({ mode: "serial" });

const TRAINING = "Formation préqualifiante logistique";
const JOB = "Agent de quai H/F";
const FJT = "Foyer de jeunes travailleurs";

const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const menu = (page: Page) => page.getByRole("navigation", { name: "Menu principal" });
const live = (page: Page) => page.locator(".live");

async function noViolations(page: Page, where: string) {
  const violations = await a11y(page);
  expect(violations.map((v) => `${where}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** A page in a context of its own (axe needs one). */
async function newPage(browser: Browser, viewport?: { width: number; height: number }) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  return context.newPage();
}

/** Logs in through the API: the bearer header and the account. */
async function apiLogin(request: APIRequestContext, email: string) {
  const response = await request.post("/api/v1/auth/login", { data: { email, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  const session = await response.json();
  return {
    headers: { Authorization: `Bearer ${session.access_token}` },
    account: session.account as { youth_id: string | null; partner: { id: string } | null },
  };
}

/** The offer of that title among the open ones, as the API lists it. */
async function offerId(request: APIRequestContext, headers: Record<string, string>, title: string) {
  const response = await request.get(`/api/v1/offers?q=${encodeURIComponent(title)}&per_page=100`, { headers });
  expect(response.status()).toBe(200);
  const page = await response.json();
  const found = page.items.find((o: { title: string }) => o.title === title);
  expect(found, `offer ${title}`).toBeTruthy();
  return found.id as string;
}

/** The card of a referral on the portal's "Jeunes orientés" page. */
function referralCard(page: Page, youth: string, offer: string): Locator {
  return page.locator("li.card").filter({ has: page.getByRole("heading", { name: new RegExp(youth) }) }).filter({ hasText: offer });
}

test("the partner keeps their record up to date, with errors under the fields", async ({ page }) => {
  await login(page, DEMO.partenaire);
  await menu(page).getByRole("link", { name: "Notre fiche" }).click();
  await expect(heading(page)).toHaveText("Notre fiche");
  await expect(page.locator("dl.facts")).toContainText("Transports Flandres Mobilité");
  const description = page.getByLabel("Ce que fait votre organisation");
  await description.fill("Transport et logistique dans la métropole lilloise ; nous recrutons des débutants.");
  await page.getByRole("button", { name: "Ajouter un contact" }).click();
  await page.getByLabel("Contact 2 : nom").fill("Sophie Lambert");
  await page.getByLabel("Contact 2 : e-mail").fill("pas-une-adresse");
  await page.getByRole("button", { name: "Enregistrer notre fiche" }).click();
  // The error is listed above the form and shown under its field.
  await expect(page.locator(".error-summary")).toContainText("Contact 2, e-mail");
  const email = page.getByLabel("Contact 2 : e-mail");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#fiche-contacts-1--email-erreur")).toBeVisible();
  await noViolations(page, "fiche with errors");
  await email.fill("sophie.lambert@transports-flandres.test");
  await page.getByRole("button", { name: "Enregistrer notre fiche" }).click();
  await expect(live(page)).toContainText("Fiche enregistrée.");
  await page.reload();
  await expect(page.getByLabel("Ce que fait votre organisation")).toHaveValue(/nous recrutons des débutants/);
  await expect(page.getByLabel("Contact 2 : nom")).toHaveValue("Sophie Lambert");
});

test("a partner updates an offer, a counsellor refers a young person, the partner accepts and the young person sees it", async ({ browser }) => {
  // The partner changes the training's capacity and description.
  const partner = await newPage(browser);
  await login(partner, DEMO.partenaire);
  await menu(partner).getByRole("link", { name: "Nos offres" }).click();
  await expect(heading(partner)).toHaveText("Nos offres");
  await partner.getByRole("link", { name: TRAINING, exact: true }).click();
  await expect(heading(partner)).toHaveText(TRAINING);
  await partner.getByRole("button", { name: "Modifier l'offre" }).click();
  await partner.getByLabel("Nombre de places").fill("14");
  const description = partner.getByLabel("Description", { exact: true });
  await description.fill(`${await description.inputValue()} Tenue de travail fournie.`);
  await noViolations(partner, "offer form");
  await partner.getByRole("button", { name: "Enregistrer l'offre" }).click();
  await expect(live(partner)).toContainText("Offre enregistrée.");
  await expect(partner.getByText("Tenue de travail fournie.")).toBeVisible();
  await expect(partner.locator("dl.facts")).toContainText("sur 14");
  await partner.reload();
  await expect(partner.getByText("Tenue de travail fournie.")).toBeVisible();

  // A counsellor finds the offer for Chloé and refers her ("Orientations" of her file).
  const counsellor = await newPage(browser);
  await login(counsellor, DEMO.conseiller);
  await counsellor.goto("/conseiller/jeunes");
  const file = await counsellor.getByRole("link", { name: /PETIT Chloé/ }).first().getAttribute("href");
  await counsellor.goto(`${file}/orientations`);
  const line = counsellor.locator("li, tr, article").filter({ hasText: TRAINING }).filter({ has: counsellor.getByRole("button", { name: /^Orienter/ }) }).first();
  await line.getByRole("button", { name: /^Orienter/ }).click();
  const session = counsellor.getByLabel("Session");
  if (await session.count()) {
    await session.selectOption({ index: 1 });
  }
  await counsellor.getByLabel(/Note pour le partenaire/).fill("Très motivée par la logistique.");
  await counsellor.getByRole("button", { name: "Envoyer l'orientation" }).click();
  await expect(counsellor.getByRole("status").getByText(/orienté\(e\) vers « Formation préqualifiante logistique »/)).toBeVisible();
  await counsellor.context().close();

  // The partner sees her on the home page and accepts her in "Jeunes orientés".
  await partner.goto("/partenaire");
  await expect(partner.getByRole("region", { name: "Orientations à traiter" })).toContainText("Chloé");
  await menu(partner).getByRole("link", { name: "Jeunes orientés" }).click();
  await expect(heading(partner)).toHaveText("Jeunes orientés");
  const card = referralCard(partner, "Chloé", TRAINING);
  await expect(card).toContainText("Nouvelle : à traiter");
  await expect(card).toContainText("Très motivée par la logistique.");
  // The least data before the answer: no phone or e-mail yet.
  await expect(card).toContainText("Ses coordonnées s'affichent une fois l'orientation acceptée.");
  await noViolations(partner, "jeunes orientés");
  await card.getByRole("button", { name: "Accepter" }).click();
  await expect(live(partner)).toContainText("Acceptée");
  await expect(card.locator(".badge")).toHaveText("Acceptée");
  await expect(card.getByText("E-mail")).toBeVisible();
  await card.getByRole("button", { name: /^Historique/ }).click();
  await expect(card.locator("ol.timeline")).toContainText("Acceptée");
  await expect(card.locator("ol.timeline")).toContainText("Envoyée au partenaire");

  // The capacity cannot fall below the places taken (Yanis and Chloé): the server's answer
  // shows under the field.
  await partner.goto("/partenaire/offres");
  await partner.getByRole("link", { name: TRAINING, exact: true }).click();
  await partner.getByRole("button", { name: "Modifier l'offre" }).click();
  await partner.getByLabel("Nombre de places").fill("1");
  await partner.getByRole("button", { name: "Enregistrer l'offre" }).click();
  await expect(partner.locator("#offre-capacity-erreur")).toContainText("Capacité trop basse");
  await expect(partner.getByLabel("Nombre de places")).toHaveAttribute("aria-invalid", "true");
  await partner.getByRole("button", { name: "Annuler" }).click();
  // A session's capacity is changed.
  await partner.getByRole("button", { name: "Modifier la session" }).click();
  await partner.getByLabel("Nombre de places").fill("13");
  await partner.getByRole("button", { name: "Enregistrer la session" }).click();
  await expect(live(partner)).toContainText("Session enregistrée.");
  await expect(partner.locator("#sessions").locator("xpath=..")).toContainText("sur 13");
  await partner.context().close();

  // Chloé sees "Acceptée" in "Mes candidatures", on her phone.
  const youth = await newPage(browser, { width: 320, height: 640 });
  await loginChloe(youth);
  await menu(youth).getByRole("link", { name: "Offres" }).click();
  await expect(heading(youth)).toHaveText("Offres pour vous");
  const mine = youth.locator("#mes-candidatures").locator("xpath=..").locator("li.card").filter({ hasText: TRAINING });
  await expect(mine.locator(".badge")).toHaveText("Acceptée");
  await expect(mine).toContainText("L'organisme va vous contacter");
  await youth.context().close();
});

test("the partner sees only the young people referred to them", async ({ page, request }) => {
  const staff = await apiLogin(request, DEMO.conseiller);
  const lea = await apiLogin(request, DEMO.jeunes.lea);
  const partner = await apiLogin(request, DEMO.partenaire);
  // Léa is referred to an offer of the Mission Locale itself.
  const fjt = await offerId(request, staff.headers, FJT);
  const created = await request.post("/api/v1/referrals", {
    headers: staff.headers,
    data: { offer_id: fjt, youth_id: lea.account.youth_id, send: true, note: "Cherche un logement près du travail." },
  });
  expect(created.status()).toBe(201);
  const referral = await created.json();
  // The partner's API answers hold their offers' referrals only; the other is not found.
  const theirs = await request.get("/api/v1/referrals?active=false", { headers: partner.headers });
  expect(theirs.status()).toBe(200);
  const titles = new Set((await theirs.json()).map((r: { offer_title: string }) => r.offer_title));
  expect([...titles].sort()).toEqual([JOB, TRAINING].filter((t) => titles.has(t)).sort());
  expect(titles.has(FJT)).toBe(false);
  expect((await request.get(`/api/v1/referrals/${referral.id}`, { headers: partner.headers })).status()).toBe(404);

  await login(page, DEMO.partenaire);
  await page.goto("/partenaire/jeunes");
  await expect(heading(page)).toHaveText("Jeunes orientés");
  await page.getByRole("button", { name: "Afficher aussi les orientations terminées" }).click();
  await expect(page.locator("li.card").first()).toBeVisible();
  await expect(page.getByText(FJT)).toHaveCount(0);
  await expect(page.getByText("Cherche un logement près du travail.")).toHaveCount(0);
  for (const card of await page.locator("li.card").all()) {
    await expect(card.locator("dl.facts")).toContainText(new RegExp(`${JOB}|${TRAINING}`));
  }
});

test("a refusal needs a reason", async ({ page, request }) => {
  const partner = await apiLogin(request, DEMO.partenaire);
  await login(page, DEMO.partenaire);
  await page.goto("/partenaire/jeunes");
  const card = referralCard(page, "Léa", JOB);
  await card.getByRole("button", { name: "Refuser…" }).click();
  await page.getByRole("button", { name: "Confirmer le refus" }).click();
  await expect(page.locator(".error-summary")).toContainText("Indiquez le motif du refus.");
  await expect(page.getByLabel("Motif du refus")).toHaveAttribute("aria-invalid", "true");
  await noViolations(page, "refusal without a reason");
  // The server says the same.
  const list = await (await request.get("/api/v1/referrals", { headers: partner.headers })).json();
  const lea = list.find((r: { offer_title: string; youth: { first_name: string } }) => r.offer_title === JOB && r.youth.first_name === "Léa");
  const refused = await request.post(`/api/v1/referrals/${lea.id}/status`, { headers: partner.headers, data: { status: "refusee" } });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).fields.map((f: { field: string }) => f.field)).toContain("reason");
  // With a reason, the refusal is recorded.
  await page.getByLabel("Motif du refus").selectOption({ label: "Profil non adapté à l'offre" });
  await page.getByLabel("Commentaire").fill("Le poste demande le permis cariste.");
  await page.getByRole("button", { name: "Confirmer le refus" }).click();
  await expect(live(page)).toContainText("Refusée");
  // Finished referrals are listed on demand.
  await page.getByRole("button", { name: "Afficher aussi les orientations terminées" }).click();
  await expect(referralCard(page, "Léa", JOB)).toContainText("Profil non adapté à l'offre");
  await expect(referralCard(page, "Léa", JOB).locator(".badge")).toHaveText("Refusée");
});

test("a message with a document goes to the counsellor", async ({ page, request }) => {
  const staff = await apiLogin(request, DEMO.conseiller);
  await login(page, DEMO.partenaire);
  await page.goto("/partenaire/jeunes");
  const card = referralCard(page, "Yanis", TRAINING);
  await card.getByRole("button", { name: /Échanges avec la Mission Locale/ }).click();
  await expect(card.getByRole("heading", { name: "Échanges avec la Mission Locale" })).toBeVisible();
  // Neither text nor document: refused in the browser.
  await card.getByRole("button", { name: "Envoyer" }).click();
  await expect(card.locator(".error-summary")).toContainText("Écrivez un message ou joignez un document.");
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  await card.getByLabel("Message").fill("Voici l'attestation d'entrée en formation de Yanis.");
  await card.getByLabel(/Joindre un document/).setInputFiles({ name: "attestation-entree.pdf", mimeType: "application/pdf", buffer: pdf });
  await card.getByRole("button", { name: "Envoyer" }).click();
  await expect(live(page)).toContainText("Message envoyé à la Mission Locale.");
  await expect(card.locator("ol.comments")).toContainText("Voici l'attestation d'entrée en formation de Yanis.");
  const download = page.waitForEvent("download");
  await card.getByRole("button", { name: /Télécharger attestation-entree\.pdf/ }).click();
  expect((await download).suggestedFilename()).toBe("attestation-entree.pdf");
  await noViolations(page, "exchange");

  // The counsellor reads it, document included.
  const referrals = await (await request.get("/api/v1/referrals", { headers: staff.headers })).json();
  const yanis = referrals.find((r: { offer_title: string; youth: { first_name: string } }) => r.offer_title === TRAINING && r.youth.first_name === "Yanis");
  const messages = await (await request.get(`/api/v1/referrals/${yanis.id}/messages`, { headers: staff.headers })).json();
  const sent = messages.find((m: { body: string }) => m.body.includes("attestation d'entrée"));
  expect(sent.side).toBe("partenaire");
  expect(sent.document).toMatchObject({ name: "attestation-entree.pdf", content_type: "application/pdf" });
  const file = await request.get(`/api/v1/referrals/${yanis.id}/messages/${sent.id}/document`, { headers: staff.headers });
  expect(file.status()).toBe(200);
  expect(Buffer.from(await file.body()).equals(pdf)).toBe(true);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("a young person sees why an offer suits them, applies and withdraws", async ({ page }) => {
    await loginChloe(page);
    await page.goto("/jeune/offres");
    await expect(heading(page)).toHaveText("Offres pour vous");
    const offer = page.locator("li.card").filter({ has: page.getByRole("heading", { name: JOB }) });
    await expect(offer.locator("ul.list li").first()).toBeVisible();
    await offer.getByRole("button", { name: "Voir le détail" }).click();
    await expect(offer.getByText("Chargement et déchargement des camions")).toBeVisible();
    await offer.getByRole("button", { name: "Je postule" }).click();
    await page.getByLabel("Un mot pour vous présenter").fill("J'aime le travail en équipe.");
    await noViolations(page, "apply form");
    await page.getByRole("button", { name: "Envoyer ma candidature" }).click();
    await expect(live(page)).toContainText("Candidature envoyée");
    const mine = page.locator("#mes-candidatures").locator("xpath=..").locator("li.card").filter({ hasText: JOB });
    await expect(mine.locator(".badge")).toHaveText("En préparation");
    await expect(offer.getByText("Votre candidature :")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "/jeune/offres scrolls sideways").toBeLessThanOrEqual(0);
    await noViolations(page, "offres");

    await mine.getByRole("button", { name: "Retirer ma candidature" }).click();
    await mine.getByRole("button", { name: "Oui, la retirer" }).click();
    await expect(live(page)).toContainText("Votre candidature est retirée.");
    await expect(mine.locator(".badge")).toHaveText("Arrêtée");
    await expect(mine.getByRole("button", { name: "Retirer ma candidature" })).toHaveCount(0);
  });
});

/** Chloé's password is the demo's, or the one `invitations.spec.ts` gave her when it ran first. */
async function loginChloe(page: Page) {
  for (const password of [DEMO_PASSWORD, "Nouveau-Depart-26"]) {
    await page.goto("/connexion");
    await page.getByLabel("Adresse e-mail").fill(DEMO.jeunes.chloe);
    await page.getByLabel("Mot de passe", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    try {
      await expect(page).not.toHaveURL(/\/connexion/, { timeout: 4000 });
      return;
    } catch {
      // Try the other password.
    }
  }
  throw new Error("Chloé cannot log in");
}
