// Each role logs in and lands on its face; faces refuse other roles; sessions survive a reload
// and end at logout.
import { expect, test } from "@playwright/test";

import { DEMO, DEMO_PASSWORD, login } from "./support";

const heading = (page: import("@playwright/test").Page) => page.getByRole("heading", { level: 1 });
const mainNav = (page: import("@playwright/test").Page) =>
  page.getByRole("navigation", { name: "Menu principal" });

test("a counsellor lands on the professional dashboard", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await expect(page).toHaveURL(/\/conseiller$/);
  await expect(heading(page)).toHaveText("Bonjour Thomas");
  await expect(page.getByRole("banner")).toContainText("Espace professionnel");
  await expect(page.getByText("Conseiller·ère — Mission Locale de démonstration")).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "Jeunes" })).toBeVisible();
  // The count grows as other tests open files; the seed alone has three.
  await expect(page.getByText(/^\d+ jeunes suivis$/)).toBeVisible();
});

test("a partner lands on the partner portal", async ({ page }) => {
  await login(page, DEMO.partenaire);
  await expect(page).toHaveURL(/\/partenaire$/);
  await expect(page.getByRole("banner")).toContainText("Portail partenaires");
  await expect(heading(page)).toHaveText("Transports Flandres Mobilité");
  await expect(page.getByText("partenaire@ml-demo.test (Actif)")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Nos rendez-vous avec la Mission Locale" })).toBeVisible();
  // The demo meeting with the counsellor (C13).
  await expect(page.getByRole("listitem").filter({ hasText: "avec Thomas Lefebvre" }).first()).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("a young person lands on the youth app", async ({ page }) => {
    await login(page, DEMO.jeunes.lea);
    await expect(page).toHaveURL(/\/jeune$/);
    await expect(heading(page)).toHaveText("Bonjour Léa");
    await expect(page.getByRole("banner")).toContainText("Mon espace");
    await expect(page.getByText("Thomas Lefebvre")).toBeVisible();
    await expect(page.getByText("Antenne de Tourcoing")).toBeVisible();
    // Usable at 320 px: nothing overflows sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await mainNav(page).getByRole("link", { name: "Mon dossier" }).click();
    await expect(heading(page)).toHaveText("Mon dossier");
    await expect(page.getByText("14/03/2006")).toBeVisible();
    // The phone is one of the fields the young person may change: it is in an input.
    await expect(page.getByLabel("Téléphone mobile")).toHaveValue("06 12 34 56 01");
  });

  test("a young person who opens the counsellor dashboard is refused", async ({ page }) => {
    await login(page, DEMO.jeunes.lea);
    await page.goto("/conseiller");
    await expect(heading(page)).toHaveText("Accès refusé");
    await expect(page.getByRole("link", { name: "Jeunes" })).toHaveCount(0);
    await page.getByRole("link", { name: "Aller à mon espace" }).click();
    await expect(page).toHaveURL(/\/jeune$/);
    // Nor can the API be used to read someone else's list.
    const list = await page.evaluate(async () => (await fetch("/api/v1/youths")).status);
    expect(list).toBe(401);
  });
});

test("a partner who opens the youth app is refused", async ({ page }) => {
  await login(page, DEMO.partenaire);
  await page.goto("/jeune");
  await expect(heading(page)).toHaveText("Accès refusé");
});

test("an anonymous visitor is sent to the login page, then back where they were going", async ({ page }) => {
  await page.goto("/conseiller/jeunes");
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fconseiller%2Fjeunes$/);
  await page.getByLabel("Adresse e-mail").fill(DEMO.accueil);
  await page.getByLabel("Mot de passe", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/conseiller\/jeunes$/);
  await expect(page.getByRole("link", { name: "MOREAU Léa" })).toBeVisible();
});

test("the session survives a reload, and logging out ends it", async ({ page }) => {
  await login(page, DEMO.manager);
  await page.reload();
  await expect(heading(page)).toHaveText("Bonjour Claire");
  await page.getByText("Claire Dubois").click();
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  await page.goto("/conseiller");
  await expect(page).toHaveURL(/\/connexion\?retour=/);
});

test("the navigation offers what the role may do", async ({ page }) => {
  await login(page, DEMO.admin);
  await expect(mainNav(page).getByRole("link", { name: "Journal d'accès" })).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "Jeunes" })).toHaveCount(0);
  await mainNav(page).getByRole("link", { name: "Journal d'accès" }).click();
  await expect(heading(page)).toHaveText("Journal d'accès");
  await expect(page.getByRole("cell", { name: "Connexion" }).first()).toBeVisible();
});

test("login errors are named, in French, on the fields", async ({ page }) => {
  await page.goto("/connexion");
  await page.getByRole("button", { name: "Se connecter" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Adresse e-mail : Ce champ est obligatoire.");
  await expect(summary).toContainText("Mot de passe : Ce champ est obligatoire.");
  await expect(page.getByLabel("Adresse e-mail")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Adresse e-mail").fill(DEMO.direction);
  await page.getByLabel("Mot de passe", { exact: true }).fill("Pas-le-bon-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("alert")).toContainText("Adresse e-mail ou mot de passe incorrect.");
  await expect(page).toHaveURL(/\/connexion$/);
});
