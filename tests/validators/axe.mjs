// Runs axe-core in headless Chromium over pages of a served site and prints the violations as
// JSON: {"<path> <scheme>": [{id, impact, help, nodes: [target...]}]}.
// Usage: node axe.mjs BASE_URL PATH [PATH ...]   (CHROMIUM may name the browser binary)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { withBrowser } from "./browser.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, ...paths] = process.argv.slice(2);
const results = {};
await withBrowser(async (context) => {
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
});
process.stdout.write(JSON.stringify(results, null, 1));
