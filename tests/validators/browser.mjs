// Headless Chromium as the validator scripts use it: a throw-away profile (removed afterwards),
// the site's Content-Security-Policy bypassed, nothing the browser would fetch for itself.
// CHROMIUM may name the browser binary; options go to launchPersistentContext (a viewport, for
// instance, or javaScriptEnabled: false to read pages as a reader without JavaScript does).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export async function withBrowser(use, options = {}) {
  const profile = mkdtempSync(join(tmpdir(), "counterclaim-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    bypassCSP: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
    ...options,
  });
  try {
    return await use(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
