// Partners, offers and referrals on the counsellor's side (issue 6): the partner directory with
// its filters, a partner's record with the history of exchanges and the letters, a new job
// offer checked field by field, the young people ranked for an offer with the explanation of
// their score, a referral made from a young person's file and followed in the offer's live
// list, and the map with its list.
//
// The demo (crates/storage/src/demo.rs): Transports Flandres Mobilité runs "Agent de quai H/F"
// (Léa referred, sent) and "Formation préqualifiante logistique" (Yanis accepted). This file
// adds an exchange, a job offer "Préparateur de commandes H/F", and refers Yanis to the job
// (then accepts him); offers-portal.spec.ts, run after it, uses Chloé and Léa.
import { expect, test, type Page } from "@playwright/test";

import { DEMO, a11y, login } from "./support";

const PARTNER = "Transports Flandres Mobilité";
const TRAINING = "Formation préqualifiante logistique";
const JOB = "Agent de quai H/F";

const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const live = (page: Page) => page.locator(".live");
const section = (page: Page, title: string | RegExp) =>
  page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: title }) });

async function noViolations(page: Page, where: string) {
  const violations = await a11y(page);
  expect(violations.map((v) => `${where}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test("a counsellor finds a partner by theme, notes an exchange and downloads its letters", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Partenaires" }).click();
  await expect(heading(page)).toHaveText("Partenaires");

  // No partner works on housing; the demo partner works on mobility.
  const search = page.getByRole("search", { name: "Filtrer les partenaires" });
  await search.getByLabel("Thématique").selectOption({ label: "Logement" });
  await search.getByRole("button", { name: "Filtrer" }).click();
  await expect(page.getByText("Aucun partenaire ne correspond à ces critères.")).toBeVisible();
  await search.getByLabel("Thématique").selectOption({ label: "Mobilité" });
  await search.getByRole("button", { name: "Filtrer" }).click();
  await expect(page.getByRole("heading", { name: "1 partenaire" })).toBeVisible();
  await page.getByRole("link", { name: PARTNER }).click();

  await expect(heading(page)).toHaveText(PARTNER);
  const facts = page.locator("dl.facts").first();
  await expect(facts).toContainText("Recrutement, Immersion (PMSMP)");
  await expect(facts).toContainText("Actif");
  await expect(page.locator("#fiche-partenaire .contacts")).toContainText("Claire Martin, Responsable des ressources humaines");
  await expect(section(page, "Offres du partenaire").getByRole("link", { name: JOB })).toBeVisible();

  // An exchange: the browser asks for what is missing, then it is in the history.
  const history = section(page, "Historique des échanges");
  await history.getByRole("button", { name: "Noter un échange" }).click();
  await history.getByRole("button", { name: "Enregistrer l'échange" }).click();
  await expect(history.locator(".error-summary")).toContainText("Choisissez le type d'échange.");
  await expect(history.getByLabel("Type d'échange")).toHaveAttribute("aria-invalid", "true");
  await history.getByLabel("Type d'échange").selectOption({ label: "Appel" });
  await history.getByLabel("Objet").selectOption({ label: "Recrutement" });
  await history.getByLabel("Résumé").fill("Deux postes d'agent de quai à pourvoir en janvier.");
  await history.getByRole("button", { name: "Enregistrer l'échange" }).click();
  await expect(live(page)).toContainText("enregistré");
  await expect(history.locator("ol.timeline")).toContainText("Deux postes d'agent de quai à pourvoir en janvier.");
  await expect(history.locator("ol.timeline")).toContainText("Thomas Lefebvre");

  // The letters are PDF documents.
  const convention = page.waitForResponse((r) => r.url().includes("/letters/convention"));
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger la lettre de convention de partenariat" }).click();
  const response = await convention;
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/pdf");
  expect((await response.body()).subarray(0, 5).toString()).toBe("%PDF-");
  expect((await saved).suggestedFilename()).toMatch(/^convention-.*\.pdf$/);

  const letters = section(page, "Courriers");
  await letters.getByLabel("Événement").fill("Forum de l'alternance");
  await letters.getByLabel("Quand").fill("le mardi 8 décembre à 14 h");
  await letters.getByLabel("Destinataire").selectOption({ label: "Claire Martin" });
  const invitation = page.waitForResponse((r) => r.url().includes("/letters/invitation"));
  await letters.getByRole("button", { name: "Télécharger la lettre d'invitation" }).click();
  const answer = await invitation;
  expect(answer.url()).toContain("event_title=Forum");
  expect(answer.status()).toBe(200);
  expect((await answer.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await expect(live(page)).toContainText("Lettre d'invitation téléchargée");
});

test("a new job offer: an invalid ROME code is said under its field, then the offer is created", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Offres" }).click();
  await expect(heading(page)).toHaveText("Offres");
  await page.getByRole("button", { name: "Nouvelle offre" }).click();

  // The job's fields appear once the kind is chosen.
  await expect(page.getByLabel("Code ROME")).toHaveCount(0);
  await page.getByLabel("Type d'offre").selectOption({ label: "Offre d'emploi" });
  await expect(page.getByLabel("Code ROME")).toBeVisible();
  await page.getByLabel("Partenaire qui porte l'offre").selectOption({ label: PARTNER });
  await page.getByLabel("Nom de l'offre").fill("Préparateur de commandes H/F");
  await page.getByLabel("Description").fill("Préparation des commandes en entrepôt, port de charges, lecture de bons.");
  await page.getByLabel("Code ROME").fill("Z1234");
  await page.getByLabel("Type de contrat").selectOption({ label: "CDI" });
  await page.getByLabel("Heures par semaine").fill("35");
  await page.getByRole("button", { name: "Créer l'offre" }).click();

  const rome = page.getByLabel("Code ROME");
  await expect(page.locator("#offre-job-rome_code-erreur")).toHaveText(
    "Code ROME invalide : une lettre de A à N suivie de quatre chiffres (ex. N4105).",
  );
  await expect(rome).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".error-summary")).toContainText("Code ROME");
  await noViolations(page, "offer form with an error");
  // What was typed is kept.
  await expect(page.getByLabel("Nom de l'offre")).toHaveValue("Préparateur de commandes H/F");

  await rome.fill("N1103");
  await page.getByRole("button", { name: "Créer l'offre" }).click();
  await expect(heading(page)).toHaveText("Préparateur de commandes H/F");
  await expect(page).toHaveURL(/\/conseiller\/offres\/[0-9a-f-]{36}$/);
  const facts = page.locator("dl.facts");
  await expect(facts).toContainText("N1103");
  await expect(facts).toContainText("CDI");
  await expect(facts).toContainText(PARTNER);
});

test("the training ranks the young people with the explanation of their score", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await page.goto("/conseiller/offres");
  await page.getByRole("link", { name: TRAINING }).first().click();
  await expect(heading(page)).toHaveText(TRAINING);
  await expect(page.locator("dl.facts")).toContainText("De 16 à 25 ans");

  const ranked = section(page, "Jeunes à qui proposer l'offre");
  const lea = ranked.locator("li.item").filter({ has: page.getByRole("link", { name: /Léa/ }) });
  await expect(lea).toContainText(/Score : \d+\/100/);
  await expect(lea.locator(".score-lines")).toContainText(/Thématiques : \d+\/50/);
  await expect(lea.locator(".score-lines")).toContainText(/Distance : \d+\/40/);
  await expect(lea.locator(".score-lines")).toContainText(/Places : \d+\/10/);
  await expect(lea.getByRole("button", { name: /^Orienter/ })).toBeVisible();
  // Yanis is already accepted: his status instead of the button.
  const yanis = ranked.locator("li.item").filter({ has: page.getByRole("link", { name: /Yanis/ }) });
  await expect(yanis).toContainText("Acceptée");
  await expect(yanis.getByRole("button", { name: /^Orienter/ })).toHaveCount(0);
  // The live list of the offer.
  await expect(section(page, "Jeunes orientés")).toContainText("Yanis Belkacem");
  await expect(page.locator("table")).toContainText("Début");
});

test("a referral made from the file's Orientations is followed in the offer's live list", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await page.goto("/conseiller/jeunes");
  await page.getByRole("link", { name: /BELKACEM Yanis/ }).first().click();
  await page.getByRole("navigation", { name: "Accompagnement" }).getByRole("link", { name: "Orientations" }).click();
  await expect(heading(page)).toHaveText(/^Orientations — Yanis Belkacem/);

  // The offers proposed, with their scores; Yanis is referred to the job.
  const proposed = section(page, "Offres proposées");
  const job = proposed.locator("li.item").filter({ has: page.getByRole("link", { name: JOB }) });
  await expect(job).toContainText(/Score : \d+\/100/);
  await job.getByRole("button", { name: `Orienter : ${JOB}` }).click();
  await expect(page.locator("#orienter-titre")).toBeFocused();
  await page.getByLabel(/Note pour le partenaire/).fill("Cariste débutant, disponible le matin.");
  await noViolations(page, "referral form");
  await page.getByRole("button", { name: "Envoyer l'orientation" }).click();
  await expect(live(page)).toContainText(`orienté(e) vers « ${JOB} »`);
  await expect(job).toContainText("Envoyée au partenaire");

  // Among his referrals, with its steps and how to reach the partner.
  const mine = section(page, "Ses orientations").locator("li.item").filter({ has: page.getByRole("link", { name: JOB }) });
  await expect(mine).toContainText("Envoyée au partenaire");
  await expect(mine.locator("ol.steps")).toContainText("Thomas Lefebvre");
  await expect(mine).toContainText("Joindre Transports Flandres Mobilité");
  await expect(mine.getByRole("link", { name: "03 20 00 00 01" })).toHaveAttribute("href", "tel:+33320000001");

  // The offer's live list has him, with the moves a counsellor may make for the partner.
  await mine.getByRole("link", { name: JOB }).click();
  await expect(heading(page)).toHaveText(JOB);
  const referred = section(page, "Jeunes orientés").locator("li.item").filter({ has: page.getByRole("link", { name: "Yanis Belkacem" }) });
  await expect(referred).toContainText("Envoyée au partenaire");
  await expect(referred).toContainText("Cariste débutant, disponible le matin.");
  await referred.getByRole("button", { name: "Accepter : Yanis Belkacem" }).click();
  await expect(live(page)).toContainText("Yanis Belkacem : Acceptée.");
  await expect(referred.locator(".badge")).toHaveText("Acceptée");
  await expect(referred.getByRole("button", { name: "Démarrage : en cours : Yanis Belkacem" })).toBeVisible();
});

test("the map around a young person has a list of the same places", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await page.goto("/conseiller/jeunes");
  // Chloé: \`file.spec.ts\` moves Léa to an address the offline demo cannot locate.
  await page.getByRole("link", { name: /PETIT Chloé/ }).first().click();
  await page.getByRole("navigation", { name: "Accompagnement" }).getByRole("link", { name: "Orientations" }).click();
  await page.getByRole("link", { name: "Voir sur la carte autour du jeune" }).click();
  await expect(heading(page)).toHaveText("Carte des partenaires et des offres");

  // The list says what the drawing shows.
  const list = page.locator(".map-list table");
  await expect(list.getByRole("link", { name: PARTNER })).toBeVisible();
  await expect(list).toContainText("Partenaire");
  await expect(list).toContainText(/\d+,\d km/);
  await expect(page.locator("figcaption")).toContainText("Domicile de Chloé");
  await expect(page.locator("figcaption")).toContainText("Distance que le jeune peut parcourir chaque jour");
  // Each point of the drawing is a link named by its title.
  await expect(page.locator("svg a", { has: page.locator("title", { hasText: PARTNER }) })).toHaveCount(1);
  await noViolations(page, "map");

  // A smaller radius leaves the farthest offer out.
  await expect(list).toContainText("Foyer de jeunes travailleurs");
  await page.getByLabel("Rayon", { exact: true }).selectOption({ label: "5 km" });
  await page.getByRole("button", { name: "Afficher" }).click();
  await expect(page).toHaveURL(/rayon=5/);
  await expect(page.locator("figcaption")).toContainText("rayon de 5 km");
  await expect(list).not.toContainText("Foyer de jeunes travailleurs");
  await expect(list.getByRole("link", { name: PARTNER })).toBeVisible();
});

test("the map around a partner opens from its record and keeps its centre", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Partenaires" }).click();
  await page.getByRole("link", { name: PARTNER }).click();
  await expect(heading(page)).toHaveText(PARTNER);
  await page.getByRole("link", { name: "Voir ce qu'il y a autour sur la carte" }).click();
  await expect(heading(page)).toHaveText("Carte des partenaires et des offres");
  await expect(page).toHaveURL(/partenaire=/);

  const list = page.locator(".map-list table");
  await expect(page.locator("figcaption")).toContainText(PARTNER);
  await expect(page.locator("figcaption")).not.toContainText("Distance que le jeune peut parcourir chaque jour");
  await expect(list.getByRole("row").nth(1)).toContainText(PARTNER);
  await expect(list.getByRole("row").nth(1)).toContainText("0,0 km");
  await expect(page.getByLabel("Autour de", { exact: true })).toHaveValue(/^partenaire:/);
  await noViolations(page, "map around a partner");

  // Another radius, the same centre.
  await page.getByLabel("Rayon", { exact: true }).selectOption({ label: "5 km" });
  await page.getByRole("button", { name: "Afficher" }).click();
  await expect(page).toHaveURL(/partenaire=.*rayon=5/);
  await expect(page.locator("figcaption")).toContainText("rayon de 5 km");
  await expect(page.locator("figcaption")).toContainText(PARTNER);
});
