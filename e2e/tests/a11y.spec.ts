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
    for (const path of ["/jeune", "/jeune/dossier"]) {
      await audit(page, path);
    }
  });

  test("the partner portal", async ({ page }) => {
    await login(page, DEMO.partenaire);
    await audit(page, "/partenaire");
  });
});
