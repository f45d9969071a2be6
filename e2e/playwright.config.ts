// Passerelle's browser tests. Run them with `cargo xtask test`, which builds the app, starts a
// demo server on a free port and sets BASE_URL, OUTBOX_DIR and CHROMIUM_PATH. Playwright never
// downloads a browser here: it drives the system Chromium (Debian's `chromium`).
import { defineConfig } from "@playwright/test";

const baseURL = process.env.BASE_URL;
if (!baseURL) {
  throw new Error("BASE_URL is not set: run the browser tests with `cargo xtask test`.");
}

export default defineConfig({
  testDir: "./tests",
  outputDir: "test-results",
  // Generous: a 2-core CI runner builds and serves while Chromium runs axe on every page.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One retry: a shared 2-core runner sometimes misses a deadline. `cargo xtask test` prints
  // every test that needed it, with its first error, so a flaky test is seen, not hidden.
  retries: 1,
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  // The list as it goes; the JSON report lets `cargo xtask test` repeat the failures last.
  reporter: [["list"], ["json", { outputFile: "playwright-report/results.json" }]],
  use: {
    baseURL,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
});
