// The shell is served and boots: the SPA for every client route, its assets, the installable
// PWA's manifest and icons, and the service worker's precache list.
import { expect, test, type Page } from "@playwright/test";

/** Opens `path` and checks the SPA came back, booted, with no script error or failed asset. */
async function openShell(page: Page, path: string) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) =>
    errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/assets/") && response.status() >= 400) {
      errors.push(`asset ${url.pathname} answered ${response.status()}`);
    }
  });
  const wasm = page.waitForResponse((r) => /\/assets\/frontend-[0-9a-f]{16}_bg\.wasm$/.test(r.url()));

  const response = await page.goto(path);
  expect(response?.status(), `GET ${path}`).toBe(200);
  expect(response?.headers()["content-type"]).toContain("text/html");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page).toHaveTitle(/Passerelle/);
  expect((await wasm).status(), "the app's wasm loads").toBe(200);
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
}

test("the home page serves the app", async ({ page }) => {
  await openShell(page, "/");
});

test("a client-side route (/connexion) serves the app too", async ({ page }) => {
  await openShell(page, "/connexion");
});

test("the manifest makes an installable app", async ({ request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  const manifest = JSON.parse(await response.text());
  expect(typeof manifest.name).toBe("string");
  expect(manifest.name.length).toBeGreaterThan(0);
  expect(typeof manifest.start_url).toBe("string");
  expect(manifest.display).toBe("standalone");

  const icons: { src: string; sizes: string; type: string }[] = manifest.icons ?? [];
  for (const size of [192, 512]) {
    const icon = icons.find((i) => i.type === "image/png" && i.sizes.split(" ").includes(`${size}x${size}`));
    expect(icon, `a ${size}x${size} PNG icon`).toBeDefined();
    const png = await request.get(icon!.src);
    expect(png.status(), icon!.src).toBe(200);
    expect(png.headers()["content-type"]).toContain("image/png");
    const bytes = await png.body();
    expect(bytes.subarray(0, 8).toString("hex"), "PNG signature").toBe("89504e470d0a1a0a");
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], `${icon!.src} dimensions`).toEqual([size, size]);
  }
});

test("the service worker precaches files that exist", async ({ request }) => {
  const response = await request.get("/sw.js");
  expect(response.status()).toBe(200);
  const sw = await response.text();
  expect(sw).not.toContain("__PASSERELLE_");
  expect(sw, "a build id").toMatch(/"[0-9a-f]{16}"/);
  const list = /(\[[^\]]*"\/index\.html"[^\]]*\])/.exec(sw);
  expect(list, "a precache list").not.toBeNull();
  const urls: string[] = JSON.parse(list![1]);
  expect(urls).toContain("/index.html");
  expect(urls.some((u) => u.endsWith(".wasm"))).toBe(true);
  for (const url of urls) {
    expect((await request.get(url)).status(), url).toBe(200);
  }
});
