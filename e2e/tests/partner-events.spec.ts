// Partners' events (C8): the partner creates an event in the portal (the server's French
// messages under the fields), Léa sees it in the youth app with the organisation's name and
// registers, the partner sees her among the registrations, changes the event and cancels it
// after a confirmation (Léa is told by e-mail); the partner takes attendance at an event about
// to start. Every event has a title of its own, so the tests depend on no other test or order.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";

import { DEMO, DEMO_PASSWORD, a11y, login, readOutboxMessage } from "./support";

const PARTNER = "Transports Flandres Mobilité";

const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const menu = (page: Page) => page.getByRole("navigation", { name: "Menu principal" });
const live = (page: Page) => page.locator(".live");

async function noViolations(page: Page, where: string) {
  const violations = await a11y(page);
  expect(violations.map((v) => `${where}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

async function noSidewaysScroll(page: Page, where: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${where} scrolls sideways`).toBeLessThanOrEqual(0);
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

/** "YYYY-MM-DD", `days` from today (far enough from midnight for any time zone). */
function dayIn(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** The newest e-mail to `to` whose subject contains `text` (older ones are skipped). */
async function mailWith(to: string, text: string, since: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const message = await readOutboxMessage(to, Math.max(1000, deadline - Date.now()), since);
    if (message.subject.includes(text)) return message;
    if (Date.now() > deadline) throw new Error(`no e-mail « ${text} » to ${to}`);
  }
}

test("a partner organises an event, a young person registers, the partner sees her and cancels", async ({ browser }) => {
  const title = `Visite de l'entrepôt ${Date.now()}`;
  const day = dayIn(4);

  // The partner, on a 320 px phone, creates the event.
  const partner = await newPage(browser, { width: 320, height: 640 });
  await login(partner, DEMO.partenaire);
  await menu(partner).getByRole("link", { name: "Nos événements" }).click();
  await expect(heading(partner)).toHaveText("Nos événements");
  await partner.getByRole("button", { name: "Nouvel événement" }).click();
  await expect(partner.getByLabel("Titre")).toBeVisible();
  await partner.getByLabel("Titre").fill(title);
  await partner.getByLabel(/^Description/).fill("Découverte des métiers du quai. Chaussures fermées.");
  await partner.getByLabel("Date").fill(day);
  // Not on a quarter hour: the server's message shows under the field.
  await partner.getByLabel("Heure de début").fill("14:10");
  await partner.getByLabel("Heure de fin").fill("16:00");
  await partner.getByLabel("Nombre de places").fill("8");
  await partner.getByRole("button", { name: "Créer l'événement" }).click();
  await expect(partner.locator(".error-summary")).toContainText("Heure de début");
  await expect(partner.locator("#evenement-starts_at-erreur")).toContainText("quart d'heure");
  await expect(partner.getByLabel("Heure de début")).toHaveAttribute("aria-invalid", "true");
  await expect(partner.locator("#evenement-erreurs")).toBeFocused();
  await noViolations(partner, "événement avec erreurs");
  await partner.getByLabel("Heure de début").fill("14:00");
  await partner.getByRole("button", { name: "Créer l'événement" }).click();
  await expect(live(partner)).toContainText(`Événement « ${title} » créé.`);
  const card = partner.locator("li.card").filter({ has: partner.getByRole("heading", { name: title }) });
  await expect(card).toContainText("0 inscrit sur 8 places");
  await expect(card).toContainText("14:00–16:00");
  await noViolations(partner, "nos événements");
  await noSidewaysScroll(partner, "/partenaire/evenements");

  // Léa sees it with the organisation's name, and registers.
  const youth = await newPage(browser, { width: 320, height: 640 });
  await login(youth, DEMO.jeunes.lea);
  await youth.goto("/jeune/ateliers");
  await expect(heading(youth)).toHaveText("Ateliers");
  const offered = youth.locator("li.card").filter({ has: youth.getByRole("heading", { name: title }) });
  await expect(offered).toContainText(`Proposé par ${PARTNER}`);
  await offered.getByRole("button", { name: "S'inscrire" }).click();
  await expect(youth.getByRole("status").getByText(`Vous êtes inscrit·e à « ${title} ».`)).toBeVisible();
  await expect(offered.getByText("Vous êtes inscrit·e")).toBeVisible();
  await noSidewaysScroll(youth, "/jeune/ateliers");

  // The partner sees her, with nothing else of her file.
  await partner.reload();
  await expect(card).toContainText("1 inscrit sur 8 places");
  const toggle = card.getByRole("button", { name: `Inscrits : ${title}` });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const registered = card.getByRole("region", { name: `Inscrits à « ${title} »` });
  await expect(registered.getByRole("listitem").filter({ hasText: "Léa Moreau" })).toBeVisible();
  await expect(registered).not.toContainText("lea.moreau@ml-demo.test");
  await noViolations(partner, "inscrits");

  // More seats.
  await card.getByRole("button", { name: "Modifier" }).click();
  await expect(partner.getByLabel("Titre")).toHaveValue(title);
  await expect(partner.getByLabel("Heure de début")).toHaveValue("14:00");
  await partner.getByLabel("Nombre de places").fill("12");
  await partner.getByRole("button", { name: "Enregistrer l'événement" }).click();
  await expect(live(partner)).toContainText(`Événement « ${title} » enregistré.`);
  await expect(card).toContainText("1 inscrit sur 12 places");

  // Cancelled after a confirmation; Léa is told.
  const since = Date.now();
  await card.getByRole("button", { name: "Annuler l'événement" }).click();
  await expect(card.getByText(`Annuler « ${title} » ?`)).toBeFocused();
  await card.getByRole("button", { name: "Non, le garder" }).click();
  await expect(card.getByText(`Annuler « ${title} » ?`)).toHaveCount(0);
  await card.getByRole("button", { name: "Annuler l'événement" }).click();
  await card.getByRole("button", { name: "Oui, annuler l'événement" }).click();
  await expect(live(partner)).toContainText(`Événement « ${title} » annulé`);
  await expect(card.locator(".badge")).toHaveText("Annulé");
  await expect(card.getByRole("button", { name: "Modifier" })).toHaveCount(0);
  const mail = await mailWith(DEMO.jeunes.lea, title, since);
  expect(mail.subject).toMatch(/^Annulé/);
  await youth.reload();
  await expect(heading(youth)).toHaveText("Ateliers");
  await expect(youth.getByRole("heading", { name: title })).toHaveCount(0);
  await partner.context().close();
  await youth.context().close();
});

test("a partner takes attendance at an event about to start", async ({ page, request }) => {
  const partner = await apiLogin(request, DEMO.partenaire);
  const lea = await apiLogin(request, DEMO.jeunes.lea);
  const own = partner.account.partner?.id;
  expect(own).toBeTruthy();
  // Within 30 minutes (attendance opens 30 minutes before), on a quarter hour, in the future.
  const quarter = 15 * 60_000;
  const start = new Date(Math.ceil(Date.now() / quarter) * quarter + quarter);
  const title = `Essai de conduite d'engins ${Date.now()}`;
  const created = await request.post(`/api/v1/partners/${own}/events`, {
    headers: partner.headers,
    data: {
      title,
      description: "Sur le parking du dépôt.",
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + 60 * 60_000).toISOString(),
      capacity: 4,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const event = await created.json();
  const registered = await request.post(`/api/v1/workshops/${event.id}/registrations`, { headers: lea.headers, data: {} });
  expect(registered.status(), await registered.text()).toBe(201);

  await login(page, DEMO.partenaire);
  await page.goto("/partenaire/evenements");
  await expect(heading(page)).toHaveText("Nos événements");
  const card = page.locator("li.card").filter({ has: page.getByRole("heading", { name: title }) });
  await card.getByRole("button", { name: `Inscrits : ${title}` }).click();
  const sheet = card.getByRole("form", { name: "Feuille de présence" });
  await sheet.getByRole("group", { name: "Léa Moreau" }).getByLabel("Présent").check();
  await sheet.getByRole("button", { name: "Enregistrer la présence" }).click();
  await expect(live(page)).toContainText("Présence enregistrée.");
  await expect(card.getByRole("listitem").filter({ hasText: "Léa Moreau" }).locator(".badge")).toHaveText("Présent");
  await noViolations(page, "feuille de présence");
});
