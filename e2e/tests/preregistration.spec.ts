// Online pre-registration (D14, F1): a young person fills the public form on a phone, fixes
// what the form points out and gets a receipt; reception sees the request in its inbox, with
// the demo young person it may duplicate, follows it up and creates the file.
import { expect, test, type Page } from "@playwright/test";

import { DEMO, a11y, login } from "./support";

const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const stepTitle = (page: Page) => page.getByRole("heading", { level: 2 }).first();
const next = (page: Page) => page.getByRole("button", { name: "Continuer" });

/** Nothing overflows sideways at 320 px; the viewport is put back afterwards. */
async function fitsIn320(page: Page) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  if (before) await page.setViewportSize(before);
}

async function noViolations(page: Page, where: string) {
  const violations = await a11y(page);
  expect(violations.map((v) => `${where}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** A name made of letters only, different at each run (the server may be reused). */
function uniqueName(base: string): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let suffix = "";
  for (let n = Date.now(); n > 0; n = Math.floor(n / 26)) suffix += letters[n % 26];
  return `${base}${suffix.slice(0, 6)}`;
}

interface Person {
  firstNames: string;
  birthName: string;
  birthDate: string;
  mobile: string;
  postcode: string;
  /** The Mission Locale to pick by hand (otherwise the one chosen from the postcode). */
  structure?: string;
}

/** Fills the four steps quickly and sends the form; returns the receipt's reference. */
async function preRegister(page: Page, person: Person): Promise<string> {
  const ticket = page.waitForResponse((r) => r.url().includes("/preregistrations/ticket"));
  await page.goto("/inscription");
  await ticket;
  const opened = Date.now();
  await expect(stepTitle(page)).toContainText("Étape 1 sur 4");
  await page.getByLabel("Prénom(s)").fill(person.firstNames);
  await page.getByLabel("Nom de naissance").fill(person.birthName);
  await page.getByLabel("Date de naissance").fill(person.birthDate);
  await page.getByLabel("Sexe").selectOption({ label: "Masculin" });
  await page.getByLabel("Nationalité").selectOption({ label: "France" });
  await next(page).click();
  await expect(stepTitle(page)).toContainText("Étape 2 sur 4");
  await page.getByLabel("Téléphone mobile").fill(person.mobile);
  await page.getByLabel("Code postal").fill(person.postcode);
  await expect(page.getByLabel("Commune", { exact: true }).locator("option")).not.toHaveCount(1);
  if (person.structure) {
    // Once chosen from the postcode, then changed by hand.
    await expect(page.getByText("Choisie d'après votre code postal")).toBeVisible();
    await page.getByLabel("Votre Mission Locale").selectOption({ label: person.structure });
  }
  await next(page).click();
  await expect(stepTitle(page)).toContainText("Étape 3 sur 4");
  await page.getByLabel("Votre logement").selectOption({ label: "Chez les parents" });
  await page.getByLabel("Votre niveau d'études").selectOption({ label: "Niveau 4 : baccalauréat, BP" });
  await page.getByLabel("Votre situation aujourd'hui").selectOption({ label: "Demandeur d'emploi" });
  await page.getByLabel("Trouver un emploi").check();
  await next(page).click();
  await expect(stepTitle(page)).toContainText("Étape 4 sur 4");
  await page.getByLabel("J'ai lu l'information sur mes données personnelles.").check();
  // The anti-robot ticket needs 3 s (counted in whole seconds) between getting it and sending.
  const waited = Date.now() - opened;
  if (waited < 4500) await page.waitForTimeout(4500 - waited);
  await page.getByRole("button", { name: "Envoyer ma demande" }).click();
  await expect(heading(page)).toHaveText("Votre demande est envoyée");
  return (await page.locator(".reference").textContent())?.trim() ?? "";
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("a young person pre-registers in four steps and gets a receipt", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Je m'inscris en ligne" }).click();
    await expect(page).toHaveURL(/\/inscription$/);
    await expect(heading(page)).toHaveText("Je m'inscris à la Mission Locale");

    // Step 1, with a birth date that makes the young person too young.
    await expect(stepTitle(page)).toHaveText(/Étape 1 sur 4\s*Vous/);
    await fitsIn320(page);
    await page.getByLabel("Prénom(s)").fill("Inès");
    await page.getByLabel("Nom de naissance").fill(uniqueName("Dubois"));
    await page.getByLabel("Date de naissance").fill("2016-05-14");
    await page.getByLabel("Sexe").selectOption({ label: "Féminin" });
    await page.getByLabel("Nationalité").selectOption({ label: "France" });
    await page.getByLabel("Pays de naissance").selectOption({ label: "France" });
    // Born in France: the commune of birth is searched by name.
    await page.getByLabel("Commune de naissance : tapez son nom").fill("Roubaix");
    const birthCommune = page.getByRole("combobox", { name: /^Commune de naissance/ });
    await expect(birthCommune.locator("option", { hasText: "Roubaix (59)" })).toHaveCount(1);
    await birthCommune.selectOption({ label: "Roubaix (59)" });
    // The honeypot is neither seen nor announced.
    await expect(page.locator("#inscription-website")).not.toBeInViewport();
    await expect(page.getByRole("textbox", { name: /ne remplissez pas/i })).toHaveCount(0);

    await next(page).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Date de naissance");
    await expect(stepTitle(page)).toContainText("Étape 1 sur 4");
    await expect(page.getByLabel("Date de naissance")).toHaveAttribute("aria-invalid", "true");
    await noViolations(page, "step 1 with errors");
    await page.getByLabel("Date de naissance").fill("2007-05-14");
    await next(page).click();

    // Step 2: the commune comes from the postcode, the Mission Locale from the commune.
    await expect(stepTitle(page)).toHaveText(/Étape 2 sur 4\s*Vos coordonnées/);
    await page.getByLabel("Téléphone mobile").fill("06 11 22 33 44");
    await page.getByLabel("Code postal").fill("59100");
    const commune = page.getByLabel("Commune", { exact: true });
    await expect(commune).toHaveValue("59512");
    await expect(page.getByLabel("Votre Mission Locale").locator("option:checked")).toHaveText(
      "Mission Locale de démonstration",
    );
    await fitsIn320(page);
    await noViolations(page, "step 2");
    await next(page).click();

    // Step 3.
    await expect(stepTitle(page)).toHaveText(/Étape 3 sur 4\s*Votre situation/);
    await page.getByLabel("Votre logement").selectOption({ label: "Chez les parents" });
    await page.getByLabel("Votre niveau d'études").selectOption({ label: "Niveau 3 : CAP, BEP" });
    await page.getByLabel("Votre situation aujourd'hui").selectOption({ label: "Sans activité professionnelle" });
    await page.getByLabel("Trouver un emploi").check();
    await page.getByLabel("Mobilité, permis de conduire").check();
    await page.getByLabel("Qui vous a conseillé de venir ?").selectOption({ label: "France Travail" });
    await fitsIn320(page);
    await noViolations(page, "step 3");
    await next(page).click();

    // Step 4: the notice on personal data, then the acknowledgement it asks for.
    await expect(stepTitle(page)).toHaveText(/Étape 4 sur 4\s*Vos données personnelles/);
    await expect(page.getByText("responsables conjoints du traitement")).toBeVisible();
    await expect(page.getByText("article 6, paragraphe 1, point e du RGPD")).toBeVisible();
    await expect(page.getByRole("link", { name: "cnil.fr" })).toBeVisible();
    await page.getByRole("button", { name: "Envoyer ma demande" }).click();
    await expect(page.getByRole("alert")).toContainText("Cochez la case");
    await noViolations(page, "step 4 with errors");
    await fitsIn320(page);
    await page.getByLabel("J'ai lu l'information sur mes données personnelles.").check();
    // Back and forth keeps the answers.
    await page.getByRole("button", { name: "Retour" }).click();
    await expect(page.getByLabel("Trouver un emploi")).toBeChecked();
    await next(page).click();
    await page.getByRole("button", { name: "Envoyer ma demande" }).click();

    await expect(heading(page)).toHaveText("Votre demande est envoyée");
    await expect(page.getByText("Mission Locale de démonstration a bien reçu votre demande")).toBeVisible();
    await expect(page.locator(".reference")).not.toBeEmpty();
    await expect(page.getByText(/Nous vous rappelons avant le \d\d\/\d\d\/\d{4} à \d\d:\d\d\./)).toBeVisible();
    await expect(page.getByText("ne fait pas partie du territoire")).toHaveCount(0);
    await fitsIn320(page);
    await noViolations(page, "receipt");

    // The first appointment, booked right away with the reception team.
    await page.getByRole("button", { name: "Voir les créneaux libres" }).click();
    const slot = page.locator(".slot-list button").first();
    await expect(slot).toContainText(/\d\d\/\d\d\/\d{4} à \d\d:\d\d avec /);
    await fitsIn320(page);
    await noViolations(page, "first appointment slots");
    await slot.click();
    await expect(page.getByRole("status").filter({ hasText: "votre premier rendez-vous est le" })).toBeVisible();
  });

  test("a commune outside the Mission Locale's territory is pointed out", async ({ page }) => {
    await preRegister(page, {
      firstNames: "Malik",
      birthName: uniqueName("Lenoir"),
      birthDate: "2005-02-10",
      mobile: "07 55 44 33 22",
      postcode: "59000",
      structure: "Mission Locale de démonstration",
    });
    await expect(
      page.getByText(
        "Votre commune ne fait pas partie du territoire de Mission Locale de démonstration. " +
          "C'est Mission Locale voisine qui accompagne les jeunes de votre commune",
      ),
    ).toBeVisible();
  });
});

test("reception follows a request up, sees the duplicate and creates the file", async ({ page, browser }) => {
  // The demo young person Yanis Belkacem pre-registers again (from another browser).
  const young = await browser.newPage();
  const reference = await preRegister(young, {
    firstNames: "Yanis",
    birthName: "Belkacem",
    birthDate: "2004-09-02",
    mobile: "06 12 34 56 02",
    postcode: "59200",
  });
  await young.close();
  expect(reference).not.toBe("");

  await login(page, DEMO.accueil);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Pré-inscriptions" }).click();
  await expect(page).toHaveURL(/\/conseiller\/accueil$/);
  await expect(heading(page)).toHaveText("Pré-inscriptions");
  const row = page.getByRole("row").filter({ hasText: "Yanis Belkacem" }).last();
  await expect(row).toContainText("Nouvelle");
  await expect(row).toContainText(/reste \d+ h|reste \d+ min/);
  await expect(row).toContainText(/jusqu'à \d+ %/);
  await noViolations(page, "inbox");

  await row.getByRole("link", { name: "Yanis Belkacem" }).click();
  await expect(heading(page)).toHaveText("Yanis Belkacem");
  await expect(page.getByText(reference, { exact: true })).toBeVisible();
  // What the young person typed, in French.
  await expect(page.getByText("Chez les parents")).toBeVisible();
  await expect(page.getByText("Demandeur d'emploi (en cours)")).toBeVisible();
  // The demo file of the same person, with the reasons (and, when the server is reused, the
  // files earlier runs created).
  const candidates = page.locator("section", { has: page.getByRole("heading", { name: "Dossiers existants qui ressemblent" }) });
  const candidate = candidates.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Yanis BELKACEM" }) }).first();
  await expect(candidate).toContainText(/ressemblance \d+ %/);
  await expect(candidate.getByText("Même date de naissance")).toBeVisible();
  await expect(candidate.getByRole("button", { name: /^Rattacher à ce dossier/ })).toBeVisible();
  await noViolations(page, "request");

  await page.getByLabel("Note").fill("Rappelé, rendez-vous à fixer.");
  await page.getByRole("button", { name: "Passer à « Contactée »" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Statut changé : Contactée." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Passer à « Contactée »" })).toHaveCount(0);
  await expect(page.getByText(/Contactée — le .*, par Samia Haddad : « Rappelé, rendez-vous à fixer. »/)).toBeVisible();

  await page.getByRole("button", { name: "Créer le dossier" }).click();
  await expect(page).toHaveURL(/\/conseiller\/jeunes\/[0-9a-f-]{36}$/);
  await expect(heading(page)).toContainText("Yanis");
});

test("reception attaches a request to the existing file of the same young person", async ({ page, browser }) => {
  const young = await browser.newPage();
  await preRegister(young, {
    firstNames: "Chloé",
    birthName: "Petit",
    birthDate: "2008-01-21",
    mobile: "06 12 34 56 03",
    postcode: "59150",
  });
  await young.close();

  await login(page, DEMO.accueil);
  await page.goto("/conseiller/accueil");
  await page.getByRole("row").filter({ hasText: "Chloé Petit" }).last().getByRole("link", { name: "Chloé Petit" }).click();
  await expect(heading(page)).toHaveText("Chloé Petit");
  const candidate = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: "Chloé PETIT" }) })
    .filter({ hasText: "Même numéro de téléphone" })
    .first();
  const href = await candidate.getByRole("link", { name: "Chloé PETIT" }).getAttribute("href");
  await candidate.getByRole("button", { name: /^Rattacher à ce dossier/ }).click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));

  // The request is closed: the inbox shows it with the closed ones only.
  await page.goto("/conseiller/accueil");
  await page.getByLabel("Statut").selectOption({ label: "Inscrite" });
  await page.getByLabel("Afficher aussi les demandes closes").check();
  await expect(page.getByRole("row").filter({ hasText: "Chloé Petit" }).first()).toContainText("Inscrite");
});
