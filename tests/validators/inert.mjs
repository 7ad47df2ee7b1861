// Loads pages of a served site in headless Chromium and reports whatever on them ran, or tried to
// load or go somewhere, that a page of ours never should. Prints JSON, one entry per path:
//   {"<path>": {"status": 200, "dialogs": [...], "errors": [...], "requests": [...],
//               "navigations": [...], "pwned": false, "dom": [...], "results": 0}}
// - dialogs: alert/confirm/prompt opened (each is dismissed);
// - errors: uncaught exceptions and console errors (a payload that ran and failed shows here);
// - requests: every request to an origin other than the served site's (each is aborted, so
//   nothing leaves the machine), data: and blob: addresses included;
// - navigations: any frame that went to another origin, or any new window;
// - pwned: whether window.__pwned (what every payload of the corpus sets) exists, in any frame;
// - dom: what Chromium's own parser made of the page that could run: elements with an on*
//   attribute, links or forms whose address a browser resolves to a javascript:, data: or
//   vbscript: URL, scripts other than JSON-LD and same-origin files, frames, objects, embeds,
//   base and meta refresh;
// - results: how many results the search page's script listed (so that a test knows it ran).
// Content-Security-Policy is bypassed: the theme's policy would stop inline script anyway, and
// the point is that the escaping holds without it.
// Usage: node inert.mjs BASE_URL PATH [PATH ...]   (CHROMIUM may name the browser binary)
import { withBrowser } from "./browser.mjs";

const [base, ...paths] = process.argv.slice(2);
const origin = new URL(base).origin;
function foreign(url) {
  try {
    return new URL(url).origin !== origin;
  } catch {
    return true;
  }
}

// Runs in the page: what Chromium parsed that could run or load.
function audit() {
  const found = [];
  const unsafe = /^(javascript|data|vbscript):/i;
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    for (const attribute of element.getAttributeNames()) {
      if (attribute.toLowerCase().startsWith("on")) found.push(`<${tag} ${attribute}>`);
    }
    for (const attribute of ["href", "src", "action", "formaction", "xlink:href", "data"]) {
      const value = element.getAttribute(attribute);
      if (value === null) continue;
      let resolved;
      try {
        resolved = new URL(value, document.baseURI).protocol;
      } catch {
        continue;
      }
      if (unsafe.test(resolved)) found.push(`<${tag} ${attribute}=${value.slice(0, 80)}>`);
    }
    if (tag === "script") {
      const json = element.getAttribute("type") === "application/ld+json";
      const ours = element.src && new URL(element.src).origin === location.origin && !element.textContent.trim();
      if (!json && !ours) found.push(`<script>${element.textContent.slice(0, 80)}`);
    }
    if (["iframe", "frame", "object", "embed", "base", "img", "style"].includes(tag)) found.push(`<${tag}>`);
    if (tag === "meta" && (element.getAttribute("http-equiv") || "").toLowerCase() === "refresh") found.push("<meta refresh>");
  }
  return found;
}

const results = {};
await withBrowser(async (context) => {
  // Nothing leaves: requests to anywhere but the served site are aborted (and reported below).
  await context.route("**/*", (route) => (foreign(route.request().url()) ? route.abort() : route.continue()));
  for (const path of paths) {
    const page = await context.newPage();
    const report = {
      status: null, dialogs: [], errors: [], requests: [], navigations: [], pwned: false, dom: [], results: 0,
    };
    page.on("dialog", (dialog) => {
      report.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    page.on("pageerror", (error) => report.errors.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") report.errors.push(message.text());
    });
    page.on("request", (request) => {
      if (foreign(request.url())) report.requests.push(request.url().slice(0, 200));
    });
    page.on("framenavigated", (frame) => {
      if (foreign(frame.url()) && frame.url() !== "about:blank" && frame.url() !== "about:srcdoc") {
        report.navigations.push(frame.url().slice(0, 200));
      }
    });
    page.on("popup", (popup) => report.navigations.push(`a new window: ${popup.url()}`));
    const response = await page.goto(base + path, { waitUntil: "load" });
    report.status = response ? response.status() : null;
    // Time for timers, the search script's fetches and anything a payload scheduled.
    await page.waitForTimeout(300);
    if (path.includes("?q=")) {
      await page.waitForFunction(() => document.getElementById("search-status")?.textContent, null, { timeout: 30000 })
        .catch(() => report.errors.push("the search never said how many it found"));
    }
    for (const frame of page.frames()) {
      try {
        if (await frame.evaluate(() => typeof window.__pwned !== "undefined")) report.pwned = true;
      } catch {
        // A frame that went away or cannot be reached.
      }
    }
    report.dom = await page.evaluate(audit);
    report.results = await page.evaluate(() => document.querySelectorAll("#search-results li").length);
    results[path] = report;
    await page.close();
  }
});
process.stdout.write(JSON.stringify(results, null, 1));
