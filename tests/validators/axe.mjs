// Runs axe-core in headless Chromium over pages of a served site and prints the violations as
// JSON: {"<path> <scheme>": [{id, impact, help, nodes: [target...]}]}.
// Usage: node axe.mjs BASE_URL PATH [PATH ...]   (CHROMIUM may name the browser binary)
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, ...paths] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "axe-profile-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  bypassCSP: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const results = {};
try {
  for (const scheme of ["light", "dark"]) {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of paths) {
      await page.goto(base + path, { waitUntil: "load" });
      await page.addScriptTag({ content: axeSource });
      const found = await page.evaluate(async () => {
        const outcome = await window.axe.run(document, { resultTypes: ["violations"] });
        return outcome.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")),
        }));
      });
      results[`${path} ${scheme}`] = found;
    }
    await page.close();
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results, null, 1));
