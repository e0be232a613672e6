// docs/performance.md's chart, as plain SVG: one row per load case with every sample, the p25–p75
// box, the median and the budget line, then a line each for throughput and memory.

const WIDTH = 860;
const LEFT = 230;
const RIGHT = 150;
const ROW = 56;
const TOP = 70;
const COLORS = {
  "hand-written": "#6b7280",
  "minimal-element": "#9ca3af",
  "hand-written-script": "#9ca3af",
  element: "#2563eb",
  declarative: "#059669",
  endpoint: "#d97706",
};

const escapeXml = (text) =>
  String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fixed = (value, digits = 1) => Number(value).toFixed(digits);

function niceStep(span, ticks) {
  const raw = span / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((step) => step >= raw);
}

/** The SVG text for `results` (the object written to results.json). */
export function renderChart(results) {
  const cases = results.load.cases;
  const all = cases.flatMap((entry) => entry.samples);
  const step = niceStep(Math.max(...all), 6);
  const max = Math.ceil((Math.max(...all) * 1.02) / step) * step;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (ms) => LEFT + (ms / max) * plotWidth;
  const plotBottom = TOP + cases.length * ROW;
  const footer = [];
  const parts = [];

  parts.push(
    `<text x="16" y="26" font-size="17" font-weight="600">Page start → verification iframe's navigation start</text>`,
  );
  parts.push(
    `<text x="16" y="47" font-size="12" fill="#4b5563">${escapeXml(
      `${results.browser.name} ${results.browser.version}, CPU throttled ${results.cpuThrottling}×, ${cases[0].samples.length} loads per case, interleaved · ${results.machine.cpu}, ${results.machine.cores} cores · ${results.generatedAt.slice(0, 10)}`,
    )}</text>`,
  );

  for (let tick = 0; tick <= max; tick += step) {
    parts.push(
      `<line x1="${fixed(x(tick))}" y1="${TOP - 6}" x2="${fixed(x(tick))}" y2="${plotBottom}" stroke="#e5e7eb"/>`,
    );
    parts.push(
      `<text x="${fixed(x(tick))}" y="${plotBottom + 16}" font-size="11" text-anchor="middle" fill="#6b7280">${tick}</text>`,
    );
  }
  parts.push(
    `<text x="${LEFT + plotWidth / 2}" y="${plotBottom + 34}" font-size="12" text-anchor="middle" fill="#374151">milliseconds: median ┃, p25–p75 box, min–max whisker, each load •; budget ┆ in red, hand-written median ┊ in grey</text>`,
  );

  const floor = cases[0].summary.median;
  parts.push(
    `<line x1="${fixed(x(floor))}" y1="${TOP - 6}" x2="${fixed(x(floor))}" y2="${plotBottom}" stroke="#6b7280" stroke-dasharray="1 3"/>`,
  );

  cases.forEach((entry, index) => {
    const middle = TOP + index * ROW + ROW / 2;
    const color = COLORS[entry.id] ?? "#111827";
    const { median, p25, p75, min, max: highest } = entry.summary;
    parts.push(`<text x="16" y="${middle - 4}" font-size="13" font-weight="600">${escapeXml(entry.label)}</text>`);
    parts.push(
      `<text x="16" y="${middle + 13}" font-size="11" fill="#4b5563">median ${fixed(median)} ms, p25–p75 ${fixed(p25)}–${fixed(p75)}</text>`,
    );
    parts.push(
      `<line x1="${fixed(x(min))}" y1="${middle}" x2="${fixed(x(highest))}" y2="${middle}" stroke="${color}" stroke-width="1.5"/>`,
    );
    parts.push(
      `<rect x="${fixed(x(p25))}" y="${middle - 11}" width="${fixed(Math.max(1, x(p75) - x(p25)))}" height="22" fill="${color}" fill-opacity="0.18" stroke="${color}"/>`,
    );
    entry.samples.forEach((sample, sampleIndex) => {
      const jitter = ((sampleIndex * 7) % 11) - 5;
      parts.push(
        `<circle cx="${fixed(x(sample))}" cy="${fixed(middle + jitter * 1.6)}" r="2.2" fill="${color}" fill-opacity="0.55"/>`,
      );
    });
    parts.push(
      `<line x1="${fixed(x(median))}" y1="${middle - 14}" x2="${fixed(x(median))}" y2="${middle + 14}" stroke="${color}" stroke-width="3"/>`,
    );
    if (entry.budget) {
      const limit = cases[0].summary.median * entry.budget;
      parts.push(
        `<line x1="${fixed(x(limit))}" y1="${middle - 20}" x2="${fixed(x(limit))}" y2="${middle + 20}" stroke="#dc2626" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      );
    }
    const verdict = entry.budget
      ? `${fixed(entry.ratio, 2)}× (≤ ${entry.budget}×) ${entry.pass ? "✓" : "✗"}`
      : index === 0
        ? "1.00× (floor)"
        : `${fixed(entry.ratio, 2)}× (${entry.control ? "control" : "reported"})`;
    const verdictColor = entry.budget && !entry.pass ? "#dc2626" : "#111827";
    parts.push(
      `<text x="${WIDTH - RIGHT + 12}" y="${middle + 4}" font-size="13" fill="${verdictColor}">${escapeXml(verdict)}</text>`,
    );
  });

  if (results.throughput) {
    const t = results.throughput;
    footer.push(
      `Throughput (unthrottled, real cross-site frame): the element's own work ${fixed(t.ownMicroseconds, 2)} µs/message = ` +
        `${Math.round(t.perSecond).toLocaleString("en")}/s (≥ 100,000 ${t.perSecond >= 100000 ? "✓" : "✗"})`,
      `Longest task in a burst ${fixed(t.longestTaskMs, 0)} ms (≤ 50 ${t.longestTaskMs <= 50 ? "✓" : "✗"}); end to end ` +
        `${Math.round(t.drainPerSecond.element).toLocaleString("en")}/s with the element, ${Math.round(t.drainPerSecond.baseline).toLocaleString("en")}/s for the browser alone`,
    );
  }
  if (results.memory) {
    const m = results.memory;
    footer.push(
      `Memory: ${m.cycles.toLocaleString("en")} mount/unmount cycles → ${m.after.elements} live elements, ${m.after.iframes} iframes, ` +
        `${m.after.messageListeners - m.before.messageListeners} window message listeners after GC ${m.pass ? "✓" : "✗"}; heap ${fixed((m.after.heapBytes - m.before.heapBytes) / 1024, 0)} KiB vs before`,
    );
  }
  const footerTop = plotBottom + 60;
  for (const [index, line] of footer.entries()) {
    parts.push(`<text x="16" y="${footerTop + index * 20}" font-size="12" fill="#111827">${escapeXml(line)}</text>`);
  }
  const height = footerTop + footer.length * 20 + 6;

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" role="img" aria-labelledby="title">
<title id="title">Benchmark of jumio-verification against a hand-written iframe</title>
<rect width="100%" height="100%" fill="#ffffff"/>
${parts.join("\n")}
</svg>
`;
}
