// Measures the figure charts of pages of a served site in headless Chromium, as a reader sees
// them, and prints JSON:
//   {"<path> @<width>": {"texts": N, "smallest": px, "reference": px, "problems": [...]},
//    "<path> <scheme>": {"marks": N, "problems": [...], "parties": [{"name", "colour"}, ...]}}
// Layout, at each width (320, 390, 768, 1366 and 1920 px wide): every text node of every chart
// (.chart), boxed with Range.getClientRects(), must not overlap another or come within
// 2 px of it, nor be cut by an ancestor that clips (overflow other than visible, an inline SVG
// included) or by the viewport, nor be drawn smaller than the page's small text (the footer's
// font size; SVG text counts at the size it is drawn, after any viewBox scaling), nor end in
// "…"; the page must not scroll sideways.
// Colours, at 390 px in the light and the dark scheme: every mark of a chart (shape, bar, line,
// arrow; not the grid) stands out 3:1 from the page's background (WCAG 1.4.11), and each party
// (an element of class pN, beside the party's name in <b>) is listed with its colour.
// Usage: node charts.mjs BASE_URL PATH [PATH ...]   (CHROMIUM may name the browser binary)
import { withBrowser } from "./browser.mjs";

const [base, ...paths] = process.argv.slice(2);
const WIDTHS = [320, 390, 768, 1366, 1920];
const GAP = 2;
const results = {};

function measureLayout(gap) {
  const problems = [];
  const root = document.documentElement;
  const viewport = root.clientWidth;
  if (root.scrollWidth > viewport) problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in ${viewport}`);
  const footer = document.querySelector(".site-footer");
  const reference = parseFloat(getComputedStyle(footer || document.body).fontSize);
  const boxes = [];
  let texts = 0;
  let smallest = Infinity;
  const name = (el) => el.tagName.toLowerCase() + (el.getAttribute("class") ? "." + el.getAttribute("class").split(" ").join(".") : "");
  for (const figure of document.querySelectorAll(".chart")) {
    const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data.trim();
      const el = node.parentElement;
      if (!text || el.closest("title, desc")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) continue; // not drawn (hidden at this width)
      texts += 1;
      let size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) {
        const m = el.getScreenCTM();
        size *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      }
      smallest = Math.min(smallest, size);
      if (size < reference - 0.05) problems.push(`"${text}" is drawn at ${size.toFixed(1)} px, smaller than the ${reference} px of small text`);
      if (text.endsWith("…")) problems.push(`"${text}" is cut short`);
      for (const r of rects) {
        if (r.left < -0.5 || r.right > viewport + 0.5) {
          problems.push(`"${text}" is cut by the screen's edge (${r.left.toFixed(0)} to ${r.right.toFixed(0)} px of ${viewport})`);
        }
        for (let a = el; a && a !== document.body; a = a.parentElement) {
          const style = getComputedStyle(a);
          if (style.overflowX === "visible" && style.overflowY === "visible") continue;
          const b = a.getBoundingClientRect();
          if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5) {
            problems.push(`"${text}" is cut by its container ${name(a)}`);
            break;
          }
        }
        boxes.push({ text, node, r });
      }
    }
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.node === b.node) continue;
      const across = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const down = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      // Closer than `gap` px on both axes: touching text reads as one ("72" against the "125" tick).
      if (across > -gap && down > -gap) problems.push(`"${a.text}" and "${b.text}" overlap`);
    }
  }
  return { texts, smallest: texts ? smallest : null, reference, problems };
}

function measureColours() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    return m ? { rgb: [+m[1], +m[2], +m[3]], alpha: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  const backdrop = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const c = parse(getComputedStyle(a).backgroundColor);
      if (c && c.alpha > 0) return c.rgb;
    }
    return [255, 255, 255];
  };
  const problems = [];
  let marks = 0;
  for (const figure of document.querySelectorAll(".chart")) {
    const behind = backdrop(figure);
    for (const shape of figure.querySelectorAll("circle, ellipse, rect, path, line, polyline, polygon")) {
      if (shape.closest(".grid") || !shape.getClientRects().length) continue;
      const style = getComputedStyle(shape);
      if (style.display === "none" || style.visibility === "hidden") continue;
      for (const paint of ["fill", "stroke"]) {
        const colour = parse(style[paint]);
        if (!colour || colour.alpha === 0 || style[paint] === "none") continue;
        if (paint === "stroke" && parseFloat(style.strokeWidth) === 0) continue;
        let opacity = colour.alpha * parseFloat(style[paint + "Opacity"]);
        for (let a = shape; a && a !== figure; a = a.parentElement) opacity *= parseFloat(getComputedStyle(a).opacity);
        const seen = colour.rgb.map((v, i) => v * opacity + behind[i] * (1 - opacity));
        marks += 1;
        const ratio = contrast(seen, behind);
        if (ratio < 3) {
          problems.push(`a ${shape.tagName} (${paint} ${style[paint]}) stands out only ${ratio.toFixed(2)}:1 from the background`);
        }
      }
    }
  }
  const charts = [];
  for (const figure of document.querySelectorAll(".chart")) {
    const parties = [];
    for (const party of figure.querySelectorAll("[class]")) {
      if (!/(^| )p\d+( |$)/.test(party.getAttribute("class"))) continue;
      const who = party.parentElement.querySelector("b");
      if (who) parties.push({ name: who.textContent.trim(), colour: getComputedStyle(party).color });
    }
    charts.push(parties);
  }
  return { marks, problems, charts };
}

await withBrowser(async (context) => {
  const page = await context.newPage();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of paths) {
      await page.goto(base + path, { waitUntil: "load" });
      results[`${path} @${width}`] = await page.evaluate(measureLayout, GAP);
    }
  }
  await page.setViewportSize({ width: 390, height: 900 });
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of paths) {
      await page.goto(base + path, { waitUntil: "load" });
      results[`${path} ${scheme}`] = await page.evaluate(measureColours);
    }
  }
  await page.close();
});
process.stdout.write(JSON.stringify(results, null, 1));
