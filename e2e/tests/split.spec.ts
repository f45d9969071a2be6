// Route-level code splitting (frontend/src/split.rs): the youth app's home, the login and the
// public pages are in the main WebAssembly module; the counsellor dashboard, the partner portal
// and the youth app's other pages each come in a chunk fetched the first time one of their
// pages opens (`counsellor-<hash>.wasm`, `partner-<hash>.wasm`, `youth-<hash>.wasm`, plus the
// `chunk_<n>-<hash>.wasm` files they share). A young person's phone never downloads the
// counsellor dashboard, and its service worker does not keep it either.
import { expect, test, type Page } from "@playwright/test";

import { DEMO, login } from "./support";

const MAIN = /^frontend-[0-9a-f]{16}_bg\.wasm$/;
const chunk = (split: string) => new RegExp(`^${split}-[0-9a-f]{16}\\.wasm$`);

/** The WebAssembly files the page asks for, by file name, in order (the live list). */
function recordWasm(page: Page): string[] {
  const fetched: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm")) fetched.push(path.split("/").pop() ?? path);
  });
  return fetched;
}

/** The file names the service worker's caches hold. */
async function cachedFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const keys = await Promise.all((await caches.keys()).map(async (k) => (await caches.open(k)).keys()));
    return keys.flat().map((request) => new URL(request.url).pathname.split("/").pop() ?? "");
  });
}

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the youth app never downloads the counsellor chunk, and gets its other pages from the youth chunk", async ({ page }) => {
    const wasm = recordWasm(page);
    await login(page, DEMO.jeunes.yanis);
    await expect(page).toHaveURL(/\/jeune$/);
    await expect(heading(page)).toHaveText("Bonjour Yanis");
    // The login page and the youth app's home: the main module alone.
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(MAIN);

    const menu = page.getByRole("navigation", { name: "Menu principal" });
    await menu.getByRole("link", { name: "Mon plan", exact: true }).click();
    await expect(heading(page)).toHaveText("Mon plan d'action");
    expect(wasm.filter((f) => chunk("youth").test(f))).toHaveLength(1);
    // Once loaded, the chunk serves the youth app's other pages without another download.
    const afterPlan = wasm.length;
    await menu.getByRole("link", { name: "Mes heures" }).click();
    await expect(heading(page)).toHaveText("Mes heures CEJ");
    await menu.getByRole("link", { name: "Rendez-vous" }).click();
    await expect(heading(page)).toHaveText("Mes rendez-vous");
    expect(wasm).toHaveLength(afterPlan);

    // The service worker keeps the youth chunk for offline use, not the staff chunks.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(async () => (await cachedFiles(page)).some((f) => chunk("youth").test(f))).toBe(true);
    const cached = await cachedFiles(page);
    expect(cached.filter((f) => chunk("counsellor").test(f) || chunk("partner").test(f))).toEqual([]);

    expect(wasm.filter((f) => chunk("counsellor").test(f) || chunk("partner").test(f))).toEqual([]);
  });
});

test("the counsellor dashboard loads its chunk, also on a hard reload of a deep address", async ({ page }) => {
  const wasm = recordWasm(page);
  await login(page, DEMO.conseiller);
  await expect(page).toHaveURL(/\/conseiller$/);
  await expect(heading(page)).toBeVisible();
  expect(wasm.filter((f) => chunk("counsellor").test(f))).toHaveLength(1);
  expect(wasm.filter((f) => chunk("youth").test(f) || chunk("partner").test(f))).toEqual([]);

  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Jeunes" }).click();
  await page.getByRole("link", { name: /MOREAU Léa/i }).first().click();
  await expect(heading(page)).toContainText("Léa");
  await page.getByRole("navigation", { name: "Accompagnement" }).getByRole("link", { name: "Plan d'action" }).click();
  await expect(page).toHaveURL(/\/conseiller\/jeunes\/[^/]+\/[^/]+$/);
  const deep = page.url();

  wasm.length = 0;
  await page.reload();
  await expect(page).toHaveURL(deep);
  await expect(page.getByRole("navigation", { name: "Accompagnement" })).toBeVisible();
  await expect(heading(page)).toContainText("Léa");
  expect(wasm.filter((f) => MAIN.test(f))).toHaveLength(1);
  expect(wasm.filter((f) => chunk("counsellor").test(f))).toHaveLength(1);
});

test("the service worker lists every chunk: the youth app's precached, the staff faces' on demand", async ({ request }) => {
  const sw = await (await request.get("/sw.js")).text();
  const precache: string[] = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(sw)![1]);
  const onDemand: string[] = JSON.parse(/const ON_DEMAND = new Set\((\[.*\])\);/.exec(sw)![1]);
  // Which files each split loads, as the build wrote them.
  const manifest: Record<string, string[]> = await (await request.get("/__wasm_split_manifest.json")).json();
  expect(Object.keys(manifest).sort()).toEqual(["counsellor", "partner", "youth"]);
  for (const file of manifest.youth) expect(precache).toContain(`/assets/${file}`);
  const staffOnly = [...manifest.counsellor, ...manifest.partner].filter((f) => !manifest.youth.includes(f));
  expect(staffOnly.some((f) => chunk("counsellor").test(f))).toBe(true);
  for (const file of staffOnly) {
    expect(onDemand).toContain(`/assets/${file}`);
    expect(precache).not.toContain(`/assets/${file}`);
  }
  for (const url of onDemand) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()["content-type"], url).toBe("application/wasm");
    expect(response.headers()["cache-control"], url).toContain("immutable");
  }
});

test.describe("without the service worker", () => {
  test.use({ serviceWorkers: "block" });

  test("a chunk that cannot be downloaded shows a page to retry, which then works", async ({ page }) => {
    await login(page, DEMO.partenaire);
    await expect(page).toHaveURL(/\/partenaire$/);
    await expect(heading(page)).toBeVisible();

    await page.route(/\/assets\/partner-[0-9a-f]{16}\.wasm$/, (route) => route.abort("internetdisconnected"));
    await page.reload();
    await expect(heading(page)).toHaveText("Page indisponible");
    await expect(page.getByRole("alert")).toContainText("Vérifiez votre connexion");

    await page.unroute(/\/assets\/partner-[0-9a-f]{16}\.wasm$/);
    await page.getByRole("button", { name: "Réessayer" }).click();
    await expect(heading(page)).not.toHaveText("Page indisponible");
    await expect(page.getByRole("navigation", { name: "Menu principal" })).toBeVisible();
  });
});
