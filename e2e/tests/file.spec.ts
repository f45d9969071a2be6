// The young person's file (issue 3): from the online pre-registration to the merge of two files
// of the same person, the portfolio, edits with their history and restore, edit conflicts, the
// completeness panel, duplicates, reassignment, transfer, export and the file settings.
// The server may be reused between runs: every test works on values it makes unique.
import { readFile } from "node:fs/promises";

import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";

import { DEMO, a11y, login } from "./support";

const PHONE = { width: 320, height: 640 };
const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const status = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text });

/** Nothing sticks out sideways. */
async function fits(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function noViolations(page: Page, where: string) {
  const violations = await a11y(page);
  expect(violations.map((v) => `${where}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** A new page in its own browser context, phone-sized or not. */
async function newPage(browser: Browser, phone = true): Promise<Page> {
  const context = await browser.newContext(phone ? { viewport: PHONE } : {});
  return context.newPage();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The value shown for a field of the file (the `dd` after its `dt`). */
function fact(page: Page | Locator, label: string): Locator {
  return page
    .locator("dt", { hasText: new RegExp(`^${escape(label)}$`) })
    .locator("xpath=following-sibling::dd[1]");
}

/** A section of the file page, by its heading. */
function section(page: Page, title: string): Locator {
  return page.locator("section", { has: page.getByRole("heading", { level: 2, name: title, exact: true }) });
}

/** Letters only, different at each run. */
function unique(base: string): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let suffix = "";
  for (let n = Date.now(); n > 0; n = Math.floor(n / 26)) suffix += letters[n % 26];
  return `${base}${suffix.slice(0, 5)}`;
}

/** Opens a demo young person's file from the portfolio (all files, searched by name). */
async function openFile(page: Page, search: string, link: string) {
  await page.goto("/conseiller/jeunes");
  await page.getByLabel("Suivi par").selectOption({ label: "Tous les jeunes de la Mission Locale" });
  await page.getByLabel("Rechercher un nom").fill(search);
  await page.getByRole("button", { name: "Filtrer" }).click();
  // Other tests may open files of the same name: any of them does.
  await page.getByRole("link", { name: link, exact: true }).first().click();
  await expect(heading(page)).not.toHaveText("Jeunes");
}

/** Opens a new file from the portfolio's form; confirms when similar files exist. */
async function createFile(page: Page, first: string, last: string, birthDate: string): Promise<string> {
  await page.goto("/conseiller/jeunes");
  await page.getByLabel("Prénom", { exact: true }).fill(first);
  await page.getByLabel("Nom", { exact: true }).fill(last);
  await page.getByLabel("Date de naissance").fill(birthDate);
  await page.getByRole("button", { name: "Ouvrir le dossier", exact: true }).click();
  const anyway = page.getByRole("button", { name: "Ouvrir quand même un nouveau dossier" });
  const title = page.getByRole("heading", { level: 1, name: `${first} ${last}` });
  await expect(title.or(anyway)).toBeVisible();
  if (await anyway.isVisible()) await anyway.click();
  await expect(title).toBeVisible();
  return page.url().split("/").pop() ?? "";
}

test("a pre-registration close to an existing file: reception merges the two, a counsellor finds it without accents, edits and restores", async ({ browser }) => {
  test.setTimeout(120_000);
  const street = `${(Date.now() % 9000) + 100} rue de la Gare`;

  // 1. The demo young person Léa Moreau pre-registers again on a phone, as "Lea" (no accent)
  //    with a typing error in her birth date (04/03 instead of 14/03).
  const young = await newPage(browser);
  await young.goto("/inscription");
  await young.getByLabel("Prénom(s)").fill("Lea");
  // The anti-robot ticket, asked for once the form shows, must be a few seconds old.
  const opened = Date.now();
  await young.getByLabel("Nom de naissance").fill("Moreau");
  await young.getByLabel("Date de naissance").fill("2006-03-04");
  await young.getByLabel("Sexe").selectOption({ label: "Féminin" });
  await young.getByLabel("Nationalité").selectOption({ label: "France" });
  await young.getByRole("button", { name: "Continuer" }).click();
  await young.getByLabel("Téléphone mobile").fill("07 61 23 45 67");
  await young.getByLabel("Adresse (facultatif)", { exact: true }).fill(street);
  await young.getByLabel("Code postal").fill("59100");
  await expect(young.getByLabel("Commune", { exact: true })).toHaveValue("59512");
  await young.getByRole("button", { name: "Continuer" }).click();
  await young.getByLabel("Votre logement").selectOption({ label: "Foyer, FJT ou CHRS" });
  await young.getByLabel("Votre niveau d'études").selectOption({ label: "Niveau 4 : baccalauréat, BP" });
  await young.getByLabel("Votre situation aujourd'hui").selectOption({ label: "Demandeur d'emploi" });
  await young.getByLabel("Trouver un emploi").check();
  await young.getByRole("button", { name: "Continuer" }).click();
  await young.getByLabel("J'ai lu l'information sur mes données personnelles.").check();
  const waited = Date.now() - opened;
  if (waited < 4500) await young.waitForTimeout(4500 - waited);
  await young.getByRole("button", { name: "Envoyer ma demande" }).click();
  await expect(heading(young)).toHaveText("Votre demande est envoyée");
  const reference = ((await young.locator(".reference").textContent()) ?? "").trim();
  expect(reference).not.toBe("");
  await young.context().close();

  // 2. Reception finds the request, sees the demo file it may duplicate, and creates a file.
  const reception = await newPage(browser);
  await login(reception, DEMO.accueil);
  await reception.goto("/conseiller/accueil");
  await reception.getByRole("row").filter({ hasText: /Lea Moreau/i }).last().getByRole("link").click();
  await expect(reception.getByText(reference, { exact: true })).toBeVisible();
  const existing = reception.locator("section", { has: reception.getByRole("heading", { name: "Dossiers existants qui ressemblent" }) });
  await expect(existing.getByRole("link", { name: /Léa/ }).first()).toBeVisible();
  await reception.getByRole("button", { name: "Créer le dossier" }).click();
  await expect(reception).toHaveURL(/\/conseiller\/jeunes\/[0-9a-f-]{36}$/);
  await expect(heading(reception)).toHaveText(/^Lea Moreau$/i);
  await fits(reception);

  // 3. The new file lists the demo file as a possible duplicate: merge, keeping the demo file.
  const duplicates = section(reception, "Doublons possibles");
  await expect(duplicates.getByText(/Ressemblance : \d+\/100 — .*Date de naissance à un chiffre près/).first()).toBeVisible();
  await duplicates.getByRole("link", { name: "Fusionner avec le dossier de MOREAU Léa" }).click();
  await expect(heading(reception)).toHaveText("Fusionner deux dossiers");
  await reception.getByRole("link", { name: "Conserver plutôt l'autre dossier" }).click();
  await expect(fact(reception, "Dossier conservé")).toContainText("MOREAU Léa, date de naissance 14/03/2006");
  await fits(reception);
  // The kept file's identity stays; the address and housing come from the pre-registration.
  const birthDate = reception.getByRole("group", { name: "Date de naissance" });
  await expect(birthDate.getByLabel("Dossier conservé : 14/03/2006")).toBeChecked();
  await reception.getByRole("group", { name: "Adresse", exact: true }).getByLabel(/^Autre dossier/).check();
  // On a reused server the kept file may already have this housing (no choice then).
  const housingChoice = reception.getByRole("group", { name: "Logement", exact: true });
  if (await housingChoice.count()) await housingChoice.getByLabel(/^Autre dossier/).check();
  await reception.getByRole("button", { name: "Fusionner les dossiers" }).click();
  await expect(reception).toHaveURL(/\/conseiller\/jeunes\/[0-9a-f-]{36}\?fusion=1$/);
  await expect(status(reception, "Les deux dossiers ont été fusionnés")).toBeVisible();
  await expect(heading(reception)).toHaveText("Léa Moreau");
  await expect(fact(reception, "Adresse")).toContainText(street);
  await expect(fact(reception, "Logement")).toContainText("Foyer, FJT ou CHRS");
  await expect(fact(reception, "Date de naissance")).toContainText("14/03/2006");
  await reception.context().close();

  // 4. Her counsellor finds her by typing her name without the accent, on a phone.
  const counsellor = await newPage(browser);
  await login(counsellor, DEMO.conseiller);
  await counsellor.goto("/conseiller/jeunes");
  await counsellor.getByLabel("Rechercher un nom").fill("lea");
  await counsellor.getByRole("button", { name: "Filtrer" }).click();
  await counsellor.getByRole("link", { name: "MOREAU Léa", exact: true }).click();
  await expect(heading(counsellor)).toHaveText("Léa Moreau");
  await expect(fact(counsellor, "Adresse")).toContainText(street);
  await fits(counsellor);

  // 5. She moved: the counsellor changes the housing…
  const housing = fact(counsellor, "Logement");
  const before = ((await housing.textContent()) ?? "").trim();
  const after = before.startsWith("Hôtel") ? "Chez les parents" : "Hôtel ou hébergement d'urgence";
  await counsellor.getByRole("button", { name: "Modifier la section Logement, formation et situations" }).click();
  await counsellor.getByLabel("Logement (facultatif)", { exact: true }).selectOption({ label: after });
  await counsellor.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(status(counsellor, "Section Logement, formation et situations enregistrée.")).toBeVisible();
  await expect(housing).toHaveText(after);
  await fits(counsellor);

  // 6. …then learns it was a mistake, and restores the earlier value from the history.
  const history = section(counsellor, "Historique des modifications");
  const change = history.locator("li.change").first();
  await expect(change).toContainText("Logement");
  await expect(change).toContainText(after);
  await expect(change).toContainText("Thomas Lefebvre (Mission Locale)");
  await change.getByRole("button", { name: /^Restaurer cette valeur : Logement/ }).click();
  await expect(change.getByText(/^Remettre « .* » comme logement \?$/)).toBeVisible();
  await change.getByRole("button", { name: "Confirmer la restauration" }).click();
  await expect(status(counsellor, "Valeur restaurée : Logement")).toBeVisible();
  await expect(housing).toHaveText(before);
  await expect(history.locator("li.change").first()).toContainText("Restauration d'une valeur antérieure");
  await counsellor.context().close();
});

test("an edit made meanwhile by someone else is shown, and the file is read again", async ({ browser }) => {
  const first = await newPage(browser, false);
  await login(first, DEMO.conseiller);
  await openFile(first, "chloe", "PETIT Chloé");
  const url = first.url();
  const second = await newPage(browser, false);
  await login(second, DEMO.manager);
  await second.goto(url);
  await expect(heading(second)).toHaveText("Chloé Petit");

  const mine = unique("Bâtiment A ");
  const theirs = unique("Bâtiment B ");
  await first.getByRole("button", { name: "Modifier la section Coordonnées" }).click();
  await first.getByLabel("Complément d'adresse").fill(mine);

  await second.getByRole("button", { name: "Modifier la section Coordonnées" }).click();
  await second.getByLabel("Complément d'adresse").fill(theirs);
  await second.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(fact(second, "Complément d'adresse")).toHaveText(theirs);

  await first.getByRole("button", { name: "Enregistrer", exact: true }).click();
  const conflict = first.getByRole("alert").filter({ hasText: "Le dossier a été modifié par quelqu'un d'autre" });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("Complément d'adresse");
  await noViolations(first, "edit conflict");
  await conflict.getByRole("button", { name: "Recharger le dossier" }).click();
  await expect(fact(first, "Complément d'adresse")).toHaveText(theirs);
  await first.context().close();
  await second.context().close();
});

test("opening a file: similar files show as the identity is typed, and the new file says what to do first", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await page.goto("/conseiller/jeunes");
  await page.getByLabel("Prénom", { exact: true }).fill("Lea");
  await page.getByLabel("Nom", { exact: true }).fill("MOREAU");
  await page.getByLabel("Date de naissance").fill("2006-03-14");
  await expect(page.getByRole("link", { name: "Ouvrir le dossier de MOREAU Léa" })).toBeVisible();
  await expect(page.getByText(/ressemblance \d+\/100 : .*Même date de naissance/).first()).toBeVisible();
  await page.getByRole("button", { name: "Ouvrir le dossier", exact: true }).click();
  // The server refuses until the user confirms; nothing is created here.
  await expect(page.getByRole("button", { name: "Ouvrir quand même un nouveau dossier" })).toBeVisible();
  await noViolations(page, "possible duplicate");

  // A new file: the completeness panel comes first, blocking items with what to do.
  const last = unique("Fontaine");
  await createFile(page, "Maëlys", last, "2007-06-21");
  const panel = section(page, "Complétude du dossier");
  await expect(panel).toContainText("Niveau : Partiel");
  await expect(panel).toContainText(/\d+ % des informations attendues/);
  const first = panel.getByRole("list").first();
  await expect(panel.getByRole("heading", { name: "Ce qu'il faut faire d'abord" })).toBeVisible();
  await expect(first).toContainText("Sexe non renseigné. Renseigner le sexe indiqué à l'état civil.");
  await expect(first).toContainText("Nationalité non renseignée.");
  await expect(panel.getByRole("heading", { name: "À compléter ensuite" })).toBeVisible();
  await noViolations(page, "new file");

  // "Compléter" opens the section's form on that field.
  await panel.getByRole("button", { name: "Compléter : Sexe" }).click();
  await expect(page.getByLabel("Sexe (facultatif)", { exact: true })).toBeFocused();
  await page.getByLabel("Sexe (facultatif)", { exact: true }).selectOption({ label: "Féminin" });
  await page.getByLabel("Nationalité (facultatif)", { exact: true }).selectOption({ label: "France" });
  await noViolations(page, "identity form");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(status(page, "Section Identité enregistrée.")).toBeVisible();
  await expect(panel).not.toContainText("Sexe non renseigné.");
  await expect(fact(page, "Sexe")).toHaveText("Féminin");
  await expect(fact(page, "Nationalité")).toHaveText("France");

  // A wrong value is refused on its field.
  await page.getByRole("button", { name: "Modifier la section Coordonnées" }).click();
  await page.getByLabel("Téléphone mobile").fill("12");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Téléphone mobile");
  await expect(page.getByLabel("Téléphone mobile")).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Annuler" }).click();

  // Situations: a small repeatable editor.
  await page.getByRole("button", { name: "Modifier la section Logement, formation et situations" }).click();
  await page.getByRole("button", { name: "Ajouter une situation" }).click();
  const situation = page.getByRole("group", { name: "Situation 1" });
  await expect(situation.getByLabel("Catégorie")).toBeFocused();
  await situation.getByLabel("Catégorie").selectOption({ label: "Formation" });
  await situation.getByLabel(/^Début/).fill("2026-09-01");
  await situation.getByLabel(/^Précision/).fill("CAP cuisine");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(fact(page, "Situations")).toContainText("Formation (en cours, du 01/09/2026) : CAP cuisine");
  await expect(panel).not.toContainText("Aucune situation en cours.");
});

test("the portfolio filters by age and name, and a manager reassigns files", async ({ page }) => {
  await login(page, DEMO.manager);
  await page.goto("/conseiller/jeunes");
  await page.getByText("Plus de filtres").click();
  await page.getByLabel("Âge minimum").fill("abc");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page.getByRole("alert")).toContainText("Âge minimum : Saisissez un nombre entier");
  await page.getByLabel("Âge minimum").fill("17");
  await page.getByLabel("Âge maximum").fill("19");
  await page.getByRole("button", { name: "Filtrer" }).click();
  const ages = page.getByRole("region", { name: "Liste des jeunes" }).locator("td:nth-child(3)");
  await expect(page.getByText(/jeunes? trouvés?/)).toBeVisible();
  await expect
    .poll(async () => (await ages.allTextContents()).map((a) => Number.parseInt(a, 10)))
    .toEqual(expect.arrayContaining([18]));
  for (const age of await ages.allTextContents()) {
    expect(Number.parseInt(age, 10)).toBeGreaterThanOrEqual(17);
    expect(Number.parseInt(age, 10)).toBeLessThanOrEqual(19);
  }
  await page.getByRole("button", { name: "Effacer les filtres" }).click();
  await page.getByLabel("Rechercher un nom").fill("CHLOE");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page.getByRole("link", { name: "PETIT Chloé", exact: true })).toBeVisible();
  await noViolations(page, "portfolio");

  // Reassign Chloé to Claire Dubois from the list, then back to Thomas Lefebvre from her file.
  await page.getByLabel("Sélectionner PETIT Chloé").check();
  await page.getByLabel("Nouveau référent ou nouvelle référente").selectOption({ label: "Claire Dubois" });
  await page.getByRole("button", { name: "Réaffecter la sélection" }).click();
  await expect(status(page, "1 dossier confié à Claire Dubois.")).toBeVisible();
  await expect(page.getByRole("row", { name: /PETIT Chloé/ })).toContainText("Claire Dubois");
  await page.getByRole("link", { name: "PETIT Chloé", exact: true }).click();
  await expect(fact(page, "Référent·e")).toHaveText("Claire Dubois");
  await page.getByLabel("Conseiller ou conseillère référent·e").selectOption({ label: "Thomas Lefebvre" });
  await page.getByRole("button", { name: "Changer de référent·e" }).click();
  await expect(status(page, "Référent·e enregistré·e : Thomas Lefebvre.")).toBeVisible();
  await expect(fact(page, "Référent·e")).toHaveText("Thomas Lefebvre");

  // A manager may transfer; the choice is confirmed first (cancelled here).
  const transfer = section(page, "Transférer à une autre Mission Locale");
  await transfer.getByLabel("Mission Locale qui reprend le suivi").selectOption({ label: "Mission Locale voisine" });
  await transfer.getByRole("button", { name: "Transférer le dossier…" }).click();
  await expect(transfer.getByText("Transférer ce dossier à Mission Locale voisine ?")).toBeVisible();
  await expect(transfer.getByRole("button", { name: "Confirmer le transfert" })).toBeFocused();
  await transfer.getByRole("button", { name: "Annuler" }).click();
  await expect(transfer.getByRole("button", { name: "Confirmer le transfert" })).toHaveCount(0);
});

test("a file is transferred to another Mission Locale, which then has it", async ({ page, browser }) => {
  await login(page, DEMO.manager);
  const last = unique("Mercier");
  await createFile(page, "Noah", last, "2006-11-02");
  const transfer = section(page, "Transférer à une autre Mission Locale");
  await transfer.getByLabel("Mission Locale qui reprend le suivi").selectOption({ label: "Mission Locale voisine" });
  await transfer.getByLabel("Message pour l'équipe qui reprend le suivi").fill("Déménagement à Lille.");
  await transfer.getByRole("button", { name: "Transférer le dossier…" }).click();
  await transfer.getByRole("button", { name: "Confirmer le transfert" }).click();
  await expect(transfer.getByText("Le dossier a été transféré à Mission Locale voisine.")).toBeVisible();

  const neighbour = await newPage(browser, false);
  await login(neighbour, "manager@ml-voisine.test");
  await neighbour.goto("/conseiller/jeunes");
  await neighbour.getByLabel("Rechercher un nom").fill(last);
  await neighbour.getByRole("button", { name: "Filtrer" }).click();
  await expect(neighbour.getByRole("link", { name: `${last.toUpperCase()} Noah` })).toBeVisible();
  await neighbour.context().close();
});

test("duplicates: the scan lists a pair, which can be dismissed", async ({ page }) => {
  await login(page, DEMO.accueil);
  const id = await createFile(page, "Chloe", "PETIT", "2008-01-21");
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Doublons" }).click();
  await expect(heading(page)).toHaveText("Doublons possibles");
  const pairs = page.locator("li.card").filter({ has: page.locator(`a[href="/conseiller/jeunes/${id}"]`) });
  await expect(pairs.first()).toBeVisible();
  const count = await pairs.count();
  await expect(pairs.first()).toContainText(/Ressemblance : \d+\/100 — .*Même date de naissance/);
  await noViolations(page, "duplicates scan");
  await pairs.first().getByRole("button", { name: /^Pas un doublon/ }).click();
  await expect(status(page, "Paire écartée")).toBeVisible();
  await expect(pairs).toHaveCount(count - 1);
});

test("who viewed the file, and the export of its data", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await openFile(page, "chloe", "PETIT Chloé");
  const readers = section(page, "Qui a consulté ce dossier");
  await readers.getByRole("button", { name: "Afficher les consultations" }).click();
  await expect(readers.getByRole("row", { name: /Thomas Lefebvre/ }).first()).toBeVisible();

  const exported = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger (JSON)" }).click();
  const download = await exported;
  expect(download.suggestedFilename()).toBe("dossier-petit-chloé.json");
  const data = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(data.file.first_name).toBe("Chloé");
  expect(Array.isArray(data.history)).toBe(true);

  const pdf = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger (PDF)" }).click();
  const file = await pdf;
  expect(file.suggestedFilename()).toMatch(/\.pdf$/);
  expect((await readFile(await file.path())).subarray(0, 5).toString()).toBe("%PDF-");
});

test("the direction chooses what young people may change themselves", async ({ page }) => {
  await login(page, DEMO.direction);
  await page.goto("/conseiller/structure");
  const settings = section(page, "Champs modifiables par les jeunes");
  const box = settings.getByLabel("Adresse", { exact: true });
  await expect(box).toBeVisible();
  const was = await box.isChecked();
  await box.setChecked(!was);
  await settings.getByRole("button", { name: "Enregistrer les champs modifiables" }).click();
  await expect(status(page, /Enregistré : les jeunes peuvent modifier \d+ informations?\./)).toBeVisible();
  await page.reload();
  await expect(section(page, "Champs modifiables par les jeunes").getByLabel("Adresse", { exact: true })).toBeChecked({ checked: !was });
  await noViolations(page, "file settings");
  await section(page, "Champs modifiables par les jeunes").getByLabel("Adresse", { exact: true }).setChecked(was);
  await section(page, "Champs modifiables par les jeunes").getByRole("button", { name: "Enregistrer les champs modifiables" }).click();
  await expect(status(page, "Enregistré")).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  test("the portfolio, the file, its forms, the merge screen and the scan fit in 320 px and pass axe", async ({ page }) => {
    // Eleven pages and forms, each audited by axe: longer than one page's budget.
    test.setTimeout(120_000);
    await login(page, DEMO.conseiller);
    await page.goto("/conseiller/jeunes");
    await page.getByText("Plus de filtres").click();
    await fits(page);
    await noViolations(page, "portfolio");

    await openFile(page, "chloe", "PETIT Chloé");
    const chloe = page.url();
    await fits(page);
    await noViolations(page, "file");
    for (const title of ["Identité", "Coordonnées", "Logement, formation et situations", "Pièces justificatives"]) {
      await page.getByRole("button", { name: `Modifier la section ${title}` }).click();
      await expect(page.getByText(`Modifier : ${title}`)).toBeFocused();
      await fits(page);
      await noViolations(page, `form ${title}`);
      await page.getByRole("button", { name: "Annuler" }).click();
      await expect(page.getByRole("heading", { level: 2, name: title, exact: true })).toBeFocused();
    }
    await section(page, "Qui a consulté ce dossier").getByRole("button", { name: "Afficher les consultations" }).click();
    await expect(section(page, "Qui a consulté ce dossier").getByRole("table")).toBeVisible();
    await noViolations(page, "readers");

    await openFile(page, "belkacem", "BELKACEM Yanis");
    const yanis = page.url().split("/").pop();
    await page.goto(`${chloe}/fusion/${yanis}`);
    await expect(heading(page)).toHaveText("Fusionner deux dossiers");
    await expect(page.getByRole("group", { name: "Prénoms" })).toBeVisible();
    await fits(page);
    await noViolations(page, "merge");

    await page.goto("/conseiller/doublons");
    await expect(heading(page)).toHaveText("Doublons possibles");
    await fits(page);
    await noViolations(page, "duplicates");
  });
});
