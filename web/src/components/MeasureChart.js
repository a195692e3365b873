// The measurement charts, drawn on a canvas by uPlot (it draws tens of thousands of points at once):
// a kind's values over a period from the server's buckets (a line of the means, a band from the
// lowest to the highest, the client's range as a band behind it), and the daily glucose profile
// (the middle line, the 25-75% and 5-95% bands over 24 hours). A canvas says nothing to a screen
// reader: each chart is one image with a label, and the page shows the same numbers as a table.
// uPlot sets its sizes through the style object (CSSOM), which the strict content policy allows.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { html } from '../html.js';
import { formatNumber } from '../measure.js';
import { locale } from '../i18n.js';

const INK = '#1b1f23';
const GRID = '#dde2e6';
const LINE = '#0b5563';
const LINE2 = '#8a5a00';
const BAND = 'rgba(11, 85, 99, 0.20)';
const BAND2 = 'rgba(138, 90, 0, 0.18)';
const OUTER = 'rgba(11, 85, 99, 0.12)';
const INNER = 'rgba(11, 85, 99, 0.32)';
const RANGE = 'rgba(30, 107, 58, 0.14)';
const RANGE_LINE = '#1e6b3a';

const has = (v) => v !== null && v !== undefined && Number.isFinite(v);

function rootPx() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 18;
}

// Draws uPlot into a div that follows its width: build(px) -> [options, data], called again only
// when one of `deps` changes (the buckets, the language, the range).
function useUplot(build, deps) {
  const box = useRef(null);
  // Larger text draws the axes anew, with larger letters.
  const px = typeof document === 'undefined' ? 18 : rootPx();
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const [opts, data] = build(px);
    const size = () => {
      const width = Math.max(200, Math.floor(el.clientWidth));
      return { width, height: Math.round(Math.min(320, Math.max(220, width * 0.6))) };
    };
    const plot = new uPlot({ ...opts, ...size() }, data, el);
    let last = el.clientWidth;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth !== last) {
        last = el.clientWidth;
        plot.setSize(size());
      }
    });
    observer.observe(el);
    return () => { observer.disconnect(); plot.destroy(); };
  }, [...deps, px]);
  return box;
}

// The axes in the page's letters, growing with larger text.
function axis(px, values, extra = {}) {
  return { stroke: INK, font: `${Math.round(px * 0.8)}px system-ui, sans-serif`, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 },
    values, ...extra };
}

// Numbers on the y axis with as many decimals as the step between them needs, in the page's language.
const yValues = (lang) => (u, splits) => {
  const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1;
  const decimals = Math.min(2, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  return splits.map((v) => formatNumber(lang, v, decimals));
};

// A band behind the series from `low` to `high` (either may be open), drawn before the series.
function rangeHook(bands) {
  return (u) => {
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    for (const b of bands) {
      if (!has(b.low) && !has(b.high)) continue;
      const y1 = has(b.high) ? Math.max(top, u.valToPos(b.high, 'y', true)) : top;
      const y2 = has(b.low) ? Math.min(top + height, u.valToPos(b.low, 'y', true)) : top + height;
      if (b.fill && y2 > y1) {
        ctx.fillStyle = RANGE;
        ctx.fillRect(left, y1, width, y2 - y1);
      }
      ctx.strokeStyle = RANGE_LINE;
      ctx.lineWidth = 2 * devicePixelRatio;
      ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
      for (const [v, y] of [[b.high, y1], [b.low, y2]]) {
        if (!has(v)) continue;
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
      }
    }
    ctx.restore();
  };
}

// The y scale around the data and the range's bounds, with a little room.
function yRange(bounds) {
  return (u, dmin, dmax) => {
    const all = [dmin, dmax, ...bounds].filter(has);
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const pad = (hi - lo) * 0.08 || Math.max(1, Math.abs(hi) * 0.1);
    return [lo - pad, hi + pad];
  };
}

// Buckets ([{from, to, count, min, max, mean, min2, max2, mean2}]) as uPlot's columns. For a
// continuous kind an empty stretch between buckets breaks the line (the sensor was off).
function columns(buckets, twoValues, breakGaps) {
  const cols = Array.from({ length: twoValues ? 7 : 4 }, () => []);
  let prevTo = null;
  for (const b of buckets) {
    const from = Date.parse(b.from);
    const to = Date.parse(b.to);
    if (breakGaps && prevTo !== null && from - prevTo >= to - from) {
      cols[0].push((prevTo + from) / 2000);
      for (let i = 1; i < cols.length; i++) cols[i].push(null);
    }
    cols[0].push((from + to) / 2000);
    cols[1].push(b.mean); cols[2].push(b.min); cols[3].push(b.max);
    if (twoValues) { cols[4].push(b.mean2); cols[5].push(b.min2); cols[6].push(b.max2); }
    prevTo = to;
  }
  return cols;
}

// The dates along the bottom: the day and month, or the time for a short stretch.
const xValues = (lang) => (u, splits) => {
  const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
  const fmt = new Intl.DateTimeFormat(locale(lang), span <= 2 * 86400 ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' });
  return splits.map((s) => fmt.format(new Date(s * 1000)));
};

function Key({ cls, text }) {
  return html`<span class=${`key ${cls}`}>${text}</span>`;
}

// kind: from the catalogue; buckets: from measurements/series; period: [from, to] in seconds, the
// whole width of the chart; range: the client's ({low, high, low2, high2}) or null; label: what the
// image is; keys: the legend's words.
export function SeriesChart({ lang, kind, buckets, period, range, label, keys }) {
  const two = Boolean(kind.value2);
  const r = range || {};
  const bounds = [r.low, r.high, ...(two ? [r.low2, r.high2] : [])];
  const spread = buckets.some((b) => b.count > 1);
  const points = { show: !kind.continuous, size: 7, fill: LINE };
  const opts = (px) => ({
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: true, range: () => period }, y: { range: yRange(bounds) } },
    axes: [axis(px, xValues(lang), { size: px * 2.2, space: px * 5 }), axis(px, yValues(lang), { size: px * 3.2, space: px * 2 })],
    series: [{},
      { stroke: LINE, width: 2.5, points, spanGaps: !kind.continuous },
      { stroke: 'transparent', width: 0, points: { show: false } },
      { stroke: 'transparent', width: 0, points: { show: false } },
      ...(two ? [
        { stroke: LINE2, width: 2.5, dash: [8, 4], points: { ...points, fill: LINE2 }, spanGaps: !kind.continuous },
        { stroke: 'transparent', width: 0, points: { show: false } },
        { stroke: 'transparent', width: 0, points: { show: false } }] : [])],
    bands: spread ? [{ series: [3, 2], fill: BAND }, ...(two ? [{ series: [6, 5], fill: BAND2 }] : [])] : [],
    hooks: { drawClear: [rangeHook([{ low: r.low, high: r.high, fill: true }, ...(two ? [{ low: r.low2, high: r.high2 }] : [])])] },
  });
  const box = useUplot((px) => [opts(px), columns(buckets, two, Boolean(kind.continuous))], [buckets, lang, JSON.stringify(r)]);
  const hasRange = bounds.some(has);
  return html`
    <figure class="measure-chart">
      <div class="plot" role="img" aria-label=${label} ref=${box}></div>
      <figcaption>
        <${Key} cls="mean-key" text=${keys.mean} />
        ${two && html`<${Key} cls="mean2-key" text=${keys.mean2} />`}
        ${spread && html`<${Key} cls="spread-key" text=${keys.spread} />`}
        ${hasRange && html`<${Key} cls="range-key" text=${keys.range} />`}
      </figcaption>
    </figure>`;
}

// profile: metrics?profile=1's 96 slots of 15 minutes; range: the range drawn behind it.
export function ProfileChart({ lang, profile, range, label, keys }) {
  const r = range || {};
  const hour = (m) => new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(m * 60000));
  const hidden = { stroke: 'transparent', width: 0, points: { show: false } };
  const opts = (px) => ({
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: false, range: [0, 1440] }, y: { range: yRange([r.low, r.high]) } },
    axes: [axis(px, (u, splits) => splits.map(hour), { size: px * 2.2, splits: () => [0, 360, 720, 1080, 1440] }),
      axis(px, yValues(lang), { size: px * 3.2, space: px * 2 })],
    series: [{}, { stroke: LINE, width: 3, points: { show: false } }, hidden, hidden, hidden, hidden],
    bands: [{ series: [5, 2], fill: OUTER }, { series: [4, 3], fill: INNER }],
    hooks: { drawClear: [rangeHook([{ low: r.low, high: r.high, fill: false }])] },
  });
  const data = () => [profile.map((s) => s.minute), ...['p50', 'p5', 'p25', 'p75', 'p95'].map((p) => profile.map((s) => s[p]))];
  const box = useUplot((px) => [opts(px), data()], [profile, lang, JSON.stringify(r)]);
  return html`
    <figure class="measure-chart">
      <div class="plot" role="img" aria-label=${label} ref=${box}></div>
      <figcaption>
        <${Key} cls="median-key" text=${keys.median} />
        <${Key} cls="inner-key" text=${keys.inner} />
        <${Key} cls="outer-key" text=${keys.outer} />
        ${(has(r.low) || has(r.high)) && html`<${Key} cls="limit-key" text=${keys.range} />`}
      </figcaption>
    </figure>`;
}

// The time in ranges of a glucose sensor: five coloured parts of one bar, each with its share in
// words beside its colour (the bar itself is a picture of the list).
export const TIR_PARTS = ['very_low', 'low', 'in_range', 'high', 'very_high'];

export function TimeInRange({ t, lang, timeIn }) {
  let x = 0;
  const parts = TIR_PARTS.map((p) => {
    const part = { p, x, w: timeIn[p] || 0 };
    x += part.w;
    return part;
  });
  const total = x || 100;
  return html`
    <div class="tir">
      <svg class="tir-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        ${parts.filter((s) => s.w > 0).map((s) => html`<rect class=${`tir-${s.p}`} x=${(s.x * 100) / total} y="0" width=${(s.w * 100) / total} height="10" />`)}
      </svg>
      <ul class="tir-list">
        ${[...parts].reverse().map((s) => html`<li><span class=${`swatch tir-${s.p}`} aria-hidden="true"></span>
          ${t('measure.tir.item', { label: t(`measure.tir.${s.p}`), pct: formatNumber(lang, s.w, 1) })}</li>`)}
      </ul>
    </div>`;
}
