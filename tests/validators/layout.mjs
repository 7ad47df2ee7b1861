// Where the parts of claim pages fall on a phone (390 x 844 CSS pixels), read in headless
// Chromium with JavaScript off, and whether a figure's details open without it.
// Prints JSON: {"<path>": {height, width, screen, rating, verdict, statements, chart, analysis,
// cards, shownCards, opened}},
// each part as [top, bottom] in pixels from the top of the page.
// Usage: node layout.mjs BASE_URL PATH [PATH ...]   (CHROMIUM may name the browser binary)
import { withBrowser } from "./browser.mjs";

const [base, ...paths] = process.argv.slice(2);
const screen = { width: 390, height: 844 };
const results = {};
await withBrowser(
  async (context) => {
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(base + path, { waitUntil: "load" });
      const box = async (selector) => {
        const found = page.locator(selector).first();
        if ((await found.count()) === 0) return null;
        const b = await found.boundingBox();  // relative to the viewport, still at the top
        return b && [Math.round(b.y), Math.round(b.y + b.height)];
      };
      const found = {
        screen,
        height: await page.evaluate(() => document.documentElement.scrollHeight),
        width: await page.evaluate(() => document.documentElement.scrollWidth),
        rating: await box("#verdict-heading"),
        verdict: await box(".verdict"),
        statements: await box('section[aria-labelledby="statements-heading"]'),
        chart: await box('section[aria-labelledby="figures-heading"] figure'),
        analysis: await box(".analysis"),
        cards: await page.locator(".statement-card").count(),
        shownCards: await page.locator(".statement-card:visible").count(),
        opened: null,
      };
      const figures = page.locator(".figure-list details");
      if ((await figures.count()) > 0) {
        // A reader taps the first figure: what it counts becomes visible, with no script run.
        const details = figures.first().locator("dl");
        const before = await details.isVisible();
        await figures.first().locator("summary").click();
        found.opened = { before, after: await details.isVisible() };
      }
      results[path] = found;
    }
  },
  { viewport: screen, javaScriptEnabled: false },
);
process.stdout.write(JSON.stringify(results, null, 1));
