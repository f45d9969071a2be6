// The young person's side of the file (D1, D2, D7): a plain summary, the fields they may change
// themselves (checked afterwards by their counsellor), and the download of all their data.
import { readFile } from "node:fs/promises";

import { expect, test, type Page } from "@playwright/test";

import { DEMO, a11y, login } from "./support";

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

async function noViolations(page: Page, where: string) {
  const violations = await a11y(page);
  expect(violations.map((v) => `${where}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test("a young person sees their file in plain words and downloads their data", async ({ page }) => {
    await login(page, DEMO.jeunes.lea);
    await expect(heading(page)).toHaveText("Bonjour Léa");
    const summary = page.locator("section", { has: page.getByRole("heading", { name: "Mon dossier en bref" }) });
    await expect(summary).toContainText(/Vous habitez à|Nous ne savons pas encore où vous habitez/);
    await expect(summary).toContainText("Votre conseiller ou conseillère : Thomas Lefebvre.");
    await expect(summary).toContainText("Il manque encore dans votre dossier");
    await noViolations(page, "/jeune");

    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Télécharger mes données (PDF)" }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe("mes-donnees-passerelle.pdf");
    const pdfBytes = await readFile((await pdf.path()) ?? "");
    expect(pdfBytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const [json] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Télécharger mes données (JSON)" }).click(),
    ]);
    expect(json.suggestedFilename()).toBe("mes-donnees-passerelle.json");
    const data = JSON.parse(await readFile((await json.path()) ?? "", "utf8"));
    expect(data.file.data.birth_name).toBe("Moreau");
    expect(Array.isArray(data.history)).toBe(true);
    await expect(page.getByRole("status").filter({ hasText: "Fichier téléchargé" })).toBeVisible();
  });

  test("a young person changes their phone, which awaits their counsellor's check", async ({ page }) => {
    await login(page, DEMO.jeunes.lea);
    await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Mon dossier" }).click();
    await expect(heading(page)).toHaveText("Mon dossier");
    const phone = page.getByLabel("Téléphone mobile");
    const before = await phone.inputValue();
    // Fields outside what the young person may change are shown, to change with the counsellor.
    await expect(page.getByText("Ces informations sont à modifier avec votre conseiller ou conseillère.")).toBeVisible();
    await expect(page.getByText("14/03/2006")).toBeVisible();
    await expect(page.getByLabel("Date de naissance")).toHaveCount(0);

    // A wrong number is refused in the browser, with the server's own rule.
    await phone.fill("12 34");
    await page.getByRole("button", { name: "Enregistrer mes changements" }).click();
    await expect(page.getByRole("alert")).toContainText("Téléphone mobile");
    await expect(phone).toHaveAttribute("aria-invalid", "true");
    await noViolations(page, "/jeune/dossier with errors");

    const changed = before === "06 98 76 54 32" ? "06 98 76 54 33" : "06 98 76 54 32";
    await phone.fill(changed);
    await page.getByRole("button", { name: "Enregistrer mes changements" }).click();
    await expect(page.getByRole("status").filter({ hasText: "C'est enregistré" })).toBeVisible();
    await expect(page.getByText("en attente de vérification par votre conseiller ou conseillère").first()).toBeVisible();
    await expect(phone).toHaveValue(changed);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await noViolations(page, "/jeune/dossier");

    // The home page says a check is pending.
    await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Accueil" }).click();
    await expect(page.getByText("Votre conseiller ou conseillère va vérifier les changements que vous avez faits.")).toBeVisible();

    // Put the demo number back, so that the other tests find it.
    await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Mon dossier" }).click();
    await page.getByLabel("Téléphone mobile").fill("06 12 34 56 01");
    await page.getByRole("button", { name: "Enregistrer mes changements" }).click();
    await expect(page.getByRole("status").filter({ hasText: "C'est enregistré" })).toBeVisible();
  });
});
