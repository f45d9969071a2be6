// The youth app is an installable PWA whose shell opens offline and says so.
import { expect, test } from "@playwright/test";

import { DEMO, login } from "./support";

test.use({ viewport: { width: 320, height: 640 } });

test("the youth shell registers its service worker and opens offline with a clear state", async ({ page, context }) => {
  await login(page, DEMO.jeunes.yanis);
  await expect(page).toHaveURL(/\/jeune$/);
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return { scope: registration.scope, active: registration.active?.state ?? null };
  });
  expect(worker.active).toBe("activated");
  expect(new URL(worker.scope).pathname).toBe("/");
  // The shell is cached; API answers (personal data) never are.
  await expect.poll(() => page.evaluate(async () => Boolean(await caches.match("/index.html")))).toBe(true);
  const cachedApi = await page.evaluate(async () => {
    const keys = await Promise.all((await caches.keys()).map(async (k) => (await caches.open(k)).keys()));
    return keys.flat().filter((r) => new URL(r.url).pathname.startsWith("/api/")).length;
  });
  expect(cachedApi).toBe(0);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText("Vous êtes hors connexion.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hors connexion");

  // Back online, the app picks the session up again by itself.
  await context.setOffline(false);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bonjour Yanis");
  await expect(page.getByText("Vous êtes hors connexion.")).toHaveCount(0);
});
