// The accompaniment (issue 4): a counsellor writes a diagnostic with one urgent theme, builds a
// plan and starts a CEJ; the young person ticks an action and declares hours from a phone; the
// counsellor validates, sees the week's total and downloads the CEJ review (bilan) as a PDF.
// The steps share Léa Moreau's file (demo data leaves her accompaniment blank), so they run in
// order.
import { readFile } from "node:fs/promises";

import { expect, test, type Page } from "@playwright/test";

import { DEMO, a11y, login } from "./support";

test.describe.configure({ mode: "serial" });

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

/** A day in Europe/Paris, `offset` days from today, as YYYY-MM-DD. */
function parisDay(offset = 0): string {
  const d = new Date(Date.now() + offset * 86_400_000);
  return d.toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });
}

async function noViolations(page: Page, where: string) {
  const violations = await a11y(page);
  expect(violations.map((v) => `${where}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** Opens Léa's file as the counsellor, then one page of her accompaniment. */
async function openLea(page: Page, tab: string) {
  await login(page, DEMO.conseiller);
  await page.goto("/conseiller/jeunes");
  await page.getByRole("link", { name: /MOREAU Léa/i }).first().click();
  await expect(heading(page)).toContainText("Léa");
  await page.getByRole("navigation", { name: "Accompagnement" }).getByRole("link", { name: tab, exact: true }).click();
}

test("a counsellor writes a diagnostic with an urgent theme, builds a plan and starts a CEJ", async ({ page }) => {
  await openLea(page, "Diagnostic");
  await page.getByRole("button", { name: "Modifier le diagnostic" }).click();
  const housing = page.getByRole("group", { name: "Logement", exact: true });
  await housing.getByLabel("Situation").fill("Hébergée chez une amie depuis deux semaines.");
  await housing.getByLabel("Urgence").selectOption({ label: "Urgente" });
  const work = page.getByRole("group", { name: "Emploi", exact: true });
  await work.getByLabel("Situation").fill("Cherche un emploi dans la vente.");
  await page.getByRole("button", { name: "Enregistrer le diagnostic" }).click();
  await expect(page.getByRole("button", { name: "Modifier le diagnostic" })).toBeVisible();
  await expect(page.getByText("Hébergée chez une amie depuis deux semaines.")).toBeVisible();
  await noViolations(page, "diagnostic");

  // The synthesis puts the urgent theme first.
  await page.getByRole("navigation", { name: "Accompagnement" }).getByRole("link", { name: "Synthèse" }).click();
  const firstTheme = page.locator("main h2, main h3").filter({ hasText: /Logement|Emploi|Formation|Santé/ }).first();
  await expect(firstTheme).toContainText("Logement");
  await expect(page.getByText("Urgente").first()).toBeVisible();
  await noViolations(page, "synthese");

  // The plan: an objective with a deadline, an action for the young person.
  await page.getByRole("navigation", { name: "Accompagnement" }).getByRole("link", { name: "Plan d'action" }).click();
  await page.getByRole("button", { name: "Ajouter un objectif" }).click();
  await page.getByLabel("Thématique").selectOption({ label: "Emploi" });
  await page.getByLabel("Intitulé").fill("Trouver un emploi dans la vente");
  // A deadline before the start is refused with a French message.
  await page.getByLabel("Date de début").fill(parisDay(0));
  await page.getByLabel("Échéance").fill(parisDay(-1));
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText(/est avant la date de début/).first()).toBeVisible();
  await page.getByLabel("Échéance").fill(parisDay(90));
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText("Trouver un emploi dans la vente").first()).toBeVisible();
  await page.getByRole("button", { name: "Ajouter une action" }).click();
  await page.getByLabel("Intitulé").fill("Mettre à jour mon CV");
  await page.getByLabel("Qui la réalise").selectOption({ label: "Le jeune" });
  await page.getByLabel("Échéance").fill(parisDay(5));
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByText("Mettre à jour mon CV").first()).toBeVisible();
  await noViolations(page, "plan");

  // Eligible to the CEJ: start it (a week ago, so that this week's hours fall inside).
  await page.getByRole("navigation", { name: "Accompagnement" }).getByRole("link", { name: "Dispositifs" }).click();
  await page.getByRole("button", { name: "Démarrer un CEJ" }).click();
  await page.getByLabel("Date de début").fill(parisDay(-7));
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByRole("button", { name: "Prolonger" })).toBeVisible();
  await expect(page.getByText("En cours").first()).toBeVisible();
  await noViolations(page, "dispositifs");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the young person ticks their action and declares hours", async ({ page }) => {
    await login(page, DEMO.jeunes.lea);
    await page.goto("/jeune/plan");
    await expect(heading(page)).toHaveText("Mon plan d'action");
    await expect(page.getByText("Trouver un emploi dans la vente")).toBeVisible();
    const tick = page.getByRole("form", { name: "C'est fait : Mettre à jour mon CV" });
    await tick.getByLabel("Un mot pour votre conseiller ou conseillère").fill("CV envoyé à trois magasins.");
    await tick.getByRole("button", { name: "C'est fait" }).click();
    await expect(page.getByText("Faite, à vérifier").first()).toBeVisible();
    await noViolations(page, "/jeune/plan");

    await page.goto("/jeune/heures");
    await expect(heading(page)).toHaveText("Mes heures CEJ");
    const form = page.getByRole("form", { name: "Déclarer une activité" });
    await form.getByLabel("Qualification").selectOption({ label: "Emploi" });
    await form.getByLabel("Ce que vous avez fait").fill("Candidatures en magasin");
    await form.getByLabel("Date", { exact: true }).fill(parisDay(-1));
    await form.getByLabel("Heure", { exact: true }).fill("10:00");
    await form.getByLabel("Durée (heures)").fill("2");
    await form.getByLabel("Durée (minutes)").fill("30");
    await form.getByRole("button", { name: "Déclarer une activité" }).click();
    await expect(page.getByText("Candidatures en magasin").first()).toBeVisible();
    await expect(page.getByText("À valider").first()).toBeVisible();
    // Hours below zero are refused with a French message.
    await form.getByLabel("Qualification").selectOption({ label: "Santé" });
    await form.getByLabel("Ce que vous avez fait").fill("Rendez-vous médical");
    await form.getByLabel("Durée (heures)").fill("-1");
    await form.getByLabel("Durée (minutes)").fill("0");
    await form.getByRole("button", { name: "Déclarer une activité" }).click();
    await expect(page.getByRole("link", { name: /Durée \(heures\) : Saisissez un nombre entier/ })).toBeVisible();
    // No duration at all: the server's rule, in French.
    await form.getByLabel("Durée (heures)").fill("0");
    await form.getByRole("button", { name: "Déclarer une activité" }).click();
    await expect(page.getByText(/durée doit être positive/).first()).toBeVisible();
    await expect(page.getByText("Rendez-vous médical")).toHaveCount(0);
    await noViolations(page, "/jeune/heures");
  });
});

test("the counsellor validates, sees the week's total and downloads the bilan", async ({ page }) => {
  await openLea(page, "Plan d'action");
  const action = page.locator("li, article", { hasText: "Mettre à jour mon CV" }).first();
  await action.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByText(/Validée? par/).first()).toBeVisible();

  await page.getByRole("navigation", { name: "Accompagnement" }).getByRole("link", { name: "Heures CEJ" }).click();
  // The activity waits for validation; its week's detail says how the total is made.
  await expect(page.getByText(/2 h 30 à valider/).first()).toBeVisible();
  await page.getByRole("button", { name: /Afficher le détail du calcul/ }).first().click();
  await expect(page.getByText("Candidatures en magasin").first()).toBeVisible();
  await page.getByRole("button", { name: "Valider", exact: true }).first().click();
  await expect(page.getByText(/2 h 30 \/ 15 h/).first()).toBeVisible();
  await expect(page.getByText("Moins de 15 h").first()).toBeVisible();
  await noViolations(page, "heures");

  await page.getByRole("navigation", { name: "Accompagnement" }).getByRole("link", { name: "Dispositifs" }).click();
  const [pdf] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Télécharger le bilan (PDF)" }).click(),
  ]);
  const bytes = await readFile((await pdf.path()) ?? "");
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
});
