// axe-core finds no WCAG 2.1 A/AA violation on the pages of this issue.
import { expect, test, type Page } from "@playwright/test";

import { DEMO, a11y, login } from "./support";

async function audit(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const violations = await a11y(page);
  expect(violations.map((v) => `${path}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test("public pages", async ({ page }) => {
  for (const path of ["/", "/connexion", "/inscription", "/mot-de-passe-oublie", "/invitation#inconnu", "/nulle-part"]) {
    await audit(page, path);
  }
  // With errors displayed.
  await page.goto("/connexion");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await a11y(page)).toEqual([]);
});

test("the counsellor dashboard", async ({ page }) => {
  await login(page, DEMO.conseiller);
  for (const path of ["/conseiller", "/conseiller/accueil", "/conseiller/jeunes", "/conseiller/partenaires", "/conseiller/equipe", "/conseiller/structure"]) {
    await audit(page, path);
  }
});

/** The agenda's pages: the week, a site's week, opening hours, the workshops and one of them. */
async function agendaPages(page: Page): Promise<string[]> {
  await page.goto("/conseiller/agenda");
  await expect(page.getByRole("heading", { name: /^Semaine du/ })).toBeVisible();
  await page.waitForLoadState("networkidle");
  const sites = page.locator("main a[href^='/conseiller/agenda/site/']");
  const site = (await sites.count()) > 0 ? await sites.first().getAttribute("href") : null;
  await page.goto("/conseiller/ateliers");
  const workshop = await page.getByRole("link", { name: "CV et lettre de motivation" }).first().getAttribute("href");
  return ["/conseiller/agenda", "/conseiller/agenda/disponibilites", "/conseiller/ateliers", workshop ?? "", ...(site ? [site] : [])];
}

test("the agenda and the workshops", async ({ page }) => {
  await login(page, DEMO.conseiller);
  for (const path of await agendaPages(page)) {
    await audit(page, path);
  }
  // Forms open, and the opening hours with an error displayed.
  await page.goto("/conseiller/agenda");
  await page.getByRole("button", { name: "Ajouter une entrée" }).click();
  await page.getByRole("button", { name: "Ajouter l'entrée" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await a11y(page)).toEqual([]);
  await page.goto("/conseiller/ateliers");
  await page.getByRole("button", { name: "Nouvel atelier" }).click();
  await page.getByRole("button", { name: "Créer l'atelier" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await a11y(page)).toEqual([]);
  await page.goto("/conseiller/agenda/disponibilites");
  await page.getByRole("button", { name: "Ajouter une plage" }).click();
  await page.getByRole("button", { name: "Enregistrer mes horaires" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await a11y(page)).toEqual([]);
});

test("the administrator's forms and the access log", async ({ page }) => {
  await login(page, DEMO.admin);
  for (const path of ["/conseiller/structure", "/conseiller/equipe", "/conseiller/journal"]) {
    await audit(page, path);
  }
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("the youth app", async ({ page }) => {
    await login(page, DEMO.jeunes.lea);
    for (const path of ["/jeune", "/jeune/dossier", "/jeune/rendez-vous", "/jeune/ateliers", "/jeune/offres"]) {
      await audit(page, path);
    }
  });

  test("the partner portal", async ({ page }) => {
    await login(page, DEMO.partenaire);
    for (const path of ["/partenaire", "/partenaire/jeunes", "/partenaire/offres", "/partenaire/catalogue", "/partenaire/fiche", "/partenaire/offres/nouvelle"]) {
      await audit(page, path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    // An offer's page, its form open, and a referral's exchange open.
    await page.goto("/partenaire/offres");
    await page.getByRole("link", { name: "Formation préqualifiante logistique", exact: true }).click();
    await audit(page, page.url().replace(/^https?:\/\/[^/]+/, ""));
    await page.getByRole("button", { name: "Modifier l'offre" }).click();
    expect(await a11y(page)).toEqual([]);
    await page.goto("/partenaire/jeunes");
    await page.getByRole("button", { name: /Échanges avec la Mission Locale/ }).first().click();
    await expect(page.getByRole("heading", { name: "Échanges avec la Mission Locale" })).toBeVisible();
    expect(await a11y(page)).toEqual([]);
  });
});

/** The id of a demo young person's file, from the portfolio's link. */
async function fileOf(page: Page, name: RegExp): Promise<string> {
  await page.goto("/conseiller/jeunes");
  const href = await page.getByRole("link", { name }).first().getAttribute("href");
  return href ?? "";
}

const ACCOMPANIMENT = ["synthese", "diagnostic", "plan", "dispositifs", "heures", "entretiens", "rendez-vous"];

test("the accompaniment pages of a young person in CEJ", async ({ page }) => {
  await login(page, DEMO.conseiller);
  const file = await fileOf(page, /BELKACEM Yanis/);
  for (const tab of ACCOMPANIMENT) {
    await audit(page, `${file}/${tab}`);
  }
  // A comparison of two revisions, displayed.
  await page.goto(`${file}/diagnostic`);
  await page.getByRole("button", { name: "Comparer" }).click();
  await expect(page.getByRole("table").filter({ hasText: "Avant" })).toBeVisible();
  expect(await a11y(page)).toEqual([]);
});

test.describe("at 320 px", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("the accompaniment pages fit a small phone", async ({ page }) => {
    await login(page, DEMO.conseiller);
    const file = await fileOf(page, /BELKACEM Yanis/);
    for (const tab of ACCOMPANIMENT) {
      await audit(page, `${file}/${tab}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${tab} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });

  test("the youth plan and hours with data", async ({ page }) => {
    await login(page, DEMO.jeunes.yanis);
    for (const path of ["/jeune/plan", "/jeune/heures", "/jeune/rendez-vous", "/jeune/ateliers"]) {
      await audit(page, path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });

  test("the agenda and the workshops fit a small phone", async ({ page }) => {
    await login(page, DEMO.conseiller);
    for (const path of [...(await agendaPages(page)), "/conseiller"]) {
      await audit(page, path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });
});

/** The pages of partners, offers, referrals and the map (issue 6, counsellor's side). */
async function offerPages(page: Page): Promise<{ paths: string[]; partner: string; job: string; training: string }> {
  const file = await fileOf(page, /MOREAU Léa/);
  await page.goto("/conseiller/partenaires");
  const partner = (await page.getByRole("link", { name: "Transports Flandres Mobilité" }).getAttribute("href")) ?? "";
  await page.goto("/conseiller/offres");
  const job = (await page.getByRole("link", { name: "Agent de quai H/F" }).first().getAttribute("href")) ?? "";
  const training = (await page.getByRole("link", { name: "Formation préqualifiante logistique", exact: true }).first().getAttribute("href")) ?? "";
  const youth = file.split("/").pop();
  const paths = ["/conseiller/partenaires", partner, "/conseiller/offres", job, training, `${file}/orientations`, `/conseiller/carte?jeune=${youth}`];
  return { paths, partner, job, training };
}

test("the partners, offers, orientations and map pages, forms open with their errors", async ({ page }) => {
  await login(page, DEMO.conseiller);
  const { paths, partner, job, training } = await offerPages(page);
  for (const path of paths) {
    await audit(page, path);
  }
  await page.goto("/conseiller/partenaires");
  await page.getByRole("button", { name: "Nouveau partenaire" }).click();
  await page.getByRole("button", { name: "Créer le partenaire" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await a11y(page)).toEqual([]);

  await page.goto("/conseiller/offres");
  await page.getByRole("button", { name: "Nouvelle offre" }).click();
  await page.getByLabel("Type d'offre").selectOption({ label: "Offre d'emploi" });
  await page.getByRole("button", { name: "Créer l'offre" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await a11y(page)).toEqual([]);

  await page.goto(partner);
  await page.getByRole("button", { name: "Modifier la fiche" }).click();
  await expect(page.getByRole("button", { name: "Enregistrer la fiche" })).toBeVisible();
  expect(await a11y(page)).toEqual([]);
  await page.getByRole("button", { name: "Annuler" }).click();
  await page.getByRole("button", { name: "Archiver" }).click();
  await page.locator("form[data-form='statut']").getByRole("button", { name: "Archiver" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await a11y(page)).toEqual([]);

  await page.goto(job);
  await page.getByRole("button", { name: "Refuser : Léa Moreau" }).click();
  await page.getByRole("button", { name: "Confirmer le refus" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await a11y(page)).toEqual([]);

  await page.goto(training);
  await page.getByRole("button", { name: "Ajouter une session" }).click();
  await page.getByRole("button", { name: "Enregistrer la session" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await a11y(page)).toEqual([]);
});

test.describe("at 320 px too", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("the partners, offers, orientations and map pages fit a small phone", async ({ page }) => {
    await login(page, DEMO.conseiller);
    for (const path of (await offerPages(page)).paths) {
      await audit(page, path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });
});
