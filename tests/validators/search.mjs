// Runs searches on the search pages of a served site in headless Chromium, with the pages'
// Content-Security-Policy enforced, and measures the header's search box. Prints JSON:
//   {"searches": {"<path>": {"status": "...", "results": [href...], "bytes": N,
//                            "requests": [url...], "errors": [...]}},
//    "boxes": {"<path> <width>": {"box": px, "placeholder": px}}}
// - results: the addresses of the listed results, resolved against the page;
// - bytes: what the browser fetched after the page itself (the script and the index's files);
// - requests: every address fetched after the page; errors: console errors, uncaught
//   exceptions and Content-Security-Policy violations.
// - boxes: the width available to the text in the header's search box, and the width of its
//   placeholder in the box's font, at each window width; and the page's width beside the
//   window's (the box must not push the page wider).
// Usage: node search.mjs BASE_URL --search PATH... --boxes PATH...
import { withBrowser } from "./browser.mjs";

const [base, ...rest] = process.argv.slice(2);
const searches = rest.slice(rest.indexOf("--search") + 1, rest.indexOf("--boxes"));
const boxPaths = rest.slice(rest.indexOf("--boxes") + 1);
const output = { searches: {}, boxes: {} };

await withBrowser(async (context) => {
  for (const path of searches) {
    const page = await context.newPage();
    const report = { status: "", results: [], bytes: 0, requests: [], errors: [] };
    // A failed load is reported with its address below (the console message has none).
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        report.errors.push(message.text());
      }
    });
    page.on("pageerror", (error) => report.errors.push(String(error)));
    const target = base + path;
    // Every query counted as a first one: nothing from the browser's cache.
    await (await context.newCDPSession(page)).send("Network.setCacheDisabled", { cacheDisabled: true });
    const bodies = [];
    page.on("response", (response) => {
      // The page itself, and the icon Chromium asks every new site for, are not the search's.
      if (response.url() === target || response.url().endsWith("/favicon.ico")) return;
      if (response.status() >= 400) report.errors.push(`${response.status()}: ${response.url()}`);
      report.requests.push(response.url());
      bodies.push(response.body().then((body) => { report.bytes += body.length; },
        () => report.errors.push(`no body: ${response.url()}`)));
    });
    await page.goto(target, { waitUntil: "load" });
    await page.waitForFunction(() => document.getElementById("search-status").textContent !== "", null,
      { timeout: 30000 });
    await page.waitForLoadState("networkidle");
    await Promise.all(bodies);
    report.status = await page.evaluate(() => document.getElementById("search-status").textContent);
    report.results = await page.evaluate(() => [...document.querySelectorAll("#search-results a.claim-title")]
      .map((a) => a.href));
    output.searches[path] = report;
    await page.close();
  }
  for (const width of [320, 390, 768, 1366]) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 800 });
    for (const path of boxPaths) {
      await page.goto(base + path, { waitUntil: "load" });
      output.boxes[`${path} ${width}`] = await page.evaluate(() => {
        const input = document.querySelector(".site-header input[type=search]");
        const style = getComputedStyle(input);
        const context = document.createElement("canvas").getContext("2d");
        context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const box = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return {
          box, placeholder: context.measureText(input.placeholder).width,
          page: document.documentElement.scrollWidth, window: window.innerWidth,
        };
      });
    }
    await page.close();
  }
}, { bypassCSP: false });
process.stdout.write(JSON.stringify(output, null, 1));
