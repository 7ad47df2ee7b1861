// Where the parts of pages of a right-to-left site fall, read in headless Chromium, with a
// screenshot of each page at each width. Prints JSON:
//   {"<path> @<width>": {dir, lang, width, viewport, siteName, languages, main, heading,
//                        name, date, figure: {name, amount, date}, switcher: [{lang, dir}]}}
// each box as {left, right, top, bottom} in CSS pixels (of its first line, if it wraps); "heading" is the first line of the h1's
// text, "main" the main column's content box; name and date are the claimant and the date of the
// claim's "said" line, figure the first figure's summary (its name, its number, its date).
// Usage: node rtl.mjs BASE_URL SCREENSHOT_FOLDER PATH [PATH ...]  (CHROMIUM may name the browser)
import { withBrowser } from "./browser.mjs";

const [base, shots, ...paths] = process.argv.slice(2);
const WIDTHS = [390, 1366];
const results = {};

function measure() {
  const box = (r) => r && { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  // An element's box; for text that wraps, its first line's.
  const el = (selector) => {
    const found = document.querySelector(selector);
    return found ? box(found.getClientRects()[0]) : null;
  };
  // The box of `pattern`'s first match in the text nodes of `root`, as drawn.
  const textBox = (root, pattern) => {
    if (!root) return null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const match = pattern.exec(node.data);
      if (!match) continue;
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      return box(range.getBoundingClientRect());
    }
    return null;
  };
  const firstLine = (selector) => {
    const found = document.querySelector(selector);
    if (!found) return null;
    const range = document.createRange();
    range.selectNodeContents(found);
    return box(range.getClientRects()[0]);
  };
  const main = document.querySelector("main");
  const style = getComputedStyle(main);
  const outer = main.getBoundingClientRect();
  const summary = document.querySelector(".figure-list summary");
  return {
    dir: document.documentElement.getAttribute("dir"),
    lang: document.documentElement.getAttribute("lang"),
    width: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    siteName: el(".site-name"),
    languages: el(".languages"),
    main: { left: outer.left + parseFloat(style.paddingLeft), right: outer.right - parseFloat(style.paddingRight) },
    heading: firstLine("main h1"),
    name: el(".statement .meta a"),
    date: el(".statement .meta time"),
    figure: summary && {
      name: el(".figure-list summary b"),
      amount: textBox(summary, /[0-9][0-9.,\u202f\u00a0]*[0-9]/),
      date: el(".figure-list summary time"),
    },
    switcher: [...document.querySelectorAll(".languages a")].map((a) => ({ lang: a.lang, dir: a.dir })),
  };
}

await withBrowser(async (context) => {
  const page = await context.newPage();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of paths) {
      await page.goto(base + path, { waitUntil: "load" });
      results[`${path} @${width}`] = await page.evaluate(measure);
      const name = (path.replace(/\/$/, "").replace(/[^a-z0-9]+/gi, "-") || "home") + `-${width}.png`;
      await page.screenshot({ path: `${shots}/${name}`, fullPage: true });
    }
  }
  await page.close();
}, { javaScriptEnabled: false });
process.stdout.write(JSON.stringify(results, null, 1));
