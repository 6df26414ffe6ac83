// Browser tests against the real local stack (scripts/test.sh starts it on free ports and sets
// FRONTEND_URL). Debian's Chromium: `npx playwright install` cannot download browsers here.
// One worker: the machine has 2 cores shared with the stack; every wait is on a page signal
// (auto-waiting expect), the timeouts below are only upper bounds for a slow machine.
import { readFileSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const baseURL = process.env.FRONTEND_URL ?? "http://127.0.0.1:3000";
// Debian's Chromium and the flags it needs here; the /docs browser test reads the same file.
const defaults = JSON.parse(readFileSync(new URL("../scripts/lib/chromium.json", import.meta.url), "utf8"));
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? defaults.executablePath,
  args: defaults.args as string[],
};

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/output",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [
    ["list"],
    ["junit", { outputFile: process.env.PLAYWRIGHT_JUNIT_OUTPUT_NAME ?? "test-results/junit.xml" }],
  ],
  use: {
    baseURL,
    launchOptions: chromium,
    screenshot: "only-on-failure",
    trace: "off",
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, channel: undefined } },
    {
      name: "phone",
      // A phone-sized viewport in the same Chromium (Pixel 7 metrics).
      use: { ...devices["Pixel 7"], channel: undefined },
      testMatch: /pages\.spec\.ts/,
    },
  ],
});
