// Workshops (issue 5): a young person registers to the demo workshop and withdraws; a
// facilitator takes the attendance of a workshop about to start (created and filled through the
// API) and sees it saved.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { DEMO, DEMO_PASSWORD, a11y, login } from "./support";

test.describe.configure({ mode: "serial" });

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

async function noViolations(page: Page, where: string) {
  const violations = await a11y(page);
  expect(violations.map((v) => `${where}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** Logs in through the API: the bearer header and the account (`Me`). */
async function apiLogin(request: APIRequestContext, email: string) {
  const response = await request.post("/api/v1/auth/login", { data: { email, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  const session = await response.json();
  return {
    headers: { Authorization: `Bearer ${session.access_token}` },
    account: session.account as { id: string; youth_id: string | null },
  };
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("a young person registers to a workshop and withdraws", async ({ page }) => {
    await login(page, DEMO.jeunes.lea);
    await page.goto("/jeune/ateliers");
    await expect(heading(page)).toHaveText("Ateliers");
    const card = page.locator("li.card").filter({ hasText: "CV et lettre de motivation" });
    await expect(card.getByText(/Places restantes : \d+/)).toBeVisible();
    await card.getByRole("button", { name: "S'inscrire" }).click();
    await expect(page.getByRole("status").getByText(/Vous êtes inscrit·e à « CV et lettre de motivation »/)).toBeVisible();
    await expect(card.getByText("Vous êtes inscrit·e")).toBeVisible();
    await noViolations(page, "ateliers");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "/jeune/ateliers scrolls sideways").toBeLessThanOrEqual(0);
    await card.getByRole("button", { name: "Me désinscrire" }).click();
    await expect(page.getByRole("status").getByText(/Vous êtes désinscrit·e/)).toBeVisible();
    await expect(card.getByRole("button", { name: "S'inscrire" })).toBeVisible();
  });
});

test("a facilitator takes attendance", async ({ page, request }) => {
  const staff = await apiLogin(request, DEMO.conseiller);
  const lea = await apiLogin(request, DEMO.jeunes.lea);
  // Starts within 30 minutes (attendance opens 30 minutes before), on a quarter hour, in the
  // future (registrations close at the start).
  const quarter = 15 * 60_000;
  const start = new Date(Math.ceil(Date.now() / quarter) * quarter + quarter);
  const end = new Date(start.getTime() + 60 * 60_000);
  const title = `Atelier présence ${Date.now()}`;
  const created = await request.post("/api/v1/workshops", {
    headers: staff.headers,
    data: {
      title,
      description: "Un atelier pour tester la feuille de présence.",
      starts_at: start.toISOString(),
      ends_at: end.toISOString(),
      capacity: 6,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const workshop = await created.json();
  const registered = await request.post(`/api/v1/workshops/${workshop.id}/registrations`, {
    headers: staff.headers,
    data: { youth_id: lea.account.youth_id, waiting_list: false },
  });
  expect(registered.status(), await registered.text()).toBe(201);

  await login(page, DEMO.conseiller);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Ateliers" }).click();
  await expect(heading(page)).toHaveText("Ateliers");
  await page.getByRole("link", { name: title }).click();
  await expect(heading(page)).toHaveText(`Atelier : ${title}`);
  await expect(page.locator("ol").getByRole("link", { name: "Léa Moreau" })).toBeVisible();

  const sheet = page.getByRole("form", { name: "Feuille de présence" });
  await sheet.getByRole("group", { name: "Léa Moreau" }).getByLabel("Présent").check();
  await sheet.getByRole("button", { name: "Enregistrer la présence" }).click();
  await expect(page.getByRole("status").getByText("Présence enregistrée.")).toBeVisible();
  await noViolations(page, "atelier");

  // Saved: read again from the server.
  await page.reload();
  await expect(heading(page)).toHaveText(`Atelier : ${title}`);
  const saved = page.getByRole("form", { name: "Feuille de présence" }).getByRole("group", { name: "Léa Moreau" });
  await expect(saved.getByLabel("Présent")).toBeChecked();
  await expect(page.locator("ol li").filter({ hasText: "Léa Moreau" }).getByText("Présent")).toBeVisible();
});
