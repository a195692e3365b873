// Two small pictures drawn as SVG through Preact (so every value is escaped):
// the spider web of the six life domains and the pair of scales. Each has a
// text alternative; the pages also show the numbers as a table or list.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { DOMAINS } from '../record.js';

// The web's radius in the picture's units, with the page's normal text (18px letters). With larger
// letters it draws smaller, so that its names can grow on a phone, where the picture cannot.
const R = 80;
const NORMAL_TEXT_PX = 18;

function webRadius() {
  const px = typeof document === 'undefined' ? NORMAL_TEXT_PX : parseFloat(getComputedStyle(document.documentElement).fontSize);
  return R * Math.min(1, NORMAL_TEXT_PX / (px || NORMAL_TEXT_PX));
}

function point(radius, i, score) {
  const angle = (Math.PI * 2 * i) / DOMAINS.length - Math.PI / 2;
  const r = (radius * score) / 10;
  return [Math.cos(angle) * r, Math.sin(angle) * r];
}

function polygon(radius, rating) {
  return DOMAINS.map((d, i) => point(radius, i, rating[d].score).map((v) => v.toFixed(1)).join(',')).join(' ');
}

// A domain's name in at most two lines, broken at the space nearest its middle, so that the
// names beside the web take less of a phone's width.
function labelLines(label) {
  if (label.length <= 10) return [label];
  let best = -1;
  for (let i = label.indexOf(' '); i !== -1; i = label.indexOf(' ', i + 1)) {
    if (best < 0 || Math.abs(i - label.length / 2) < Math.abs(best - label.length / 2)) best = i;
  }
  return best < 0 ? [label] : [label.slice(0, best), label.slice(best + 1)];
}

// One domain's name beside the tip of its spoke: above the web at the top, below it at the bottom,
// and to the left or right of it (its lines centred on the tip) at the sides.
function Label({ radius, i, text }) {
  const [x, y] = point(radius, i, 11);
  const lines = labelLines(text);
  const side = Math.abs(x) < 5 ? 'middle' : x > 0 ? 'start' : 'end';
  const top = side === 'middle' && y < 0;
  const bottom = side === 'middle' && y > 0;
  const first = top ? -(lines.length - 1) * 1.15 : bottom ? 0 : -((lines.length - 1) * 1.15) / 2;
  return html`<text class="label" x=${x.toFixed(1)} y=${y.toFixed(1)} text-anchor=${side}
    dominant-baseline=${top ? 'auto' : bottom ? 'hanging' : 'central'}>
    ${lines.map((line, n) => html`<tspan x=${x.toFixed(1)} dy=${`${n === 0 ? first : 1.15}em`}>${line}</tspan>`)}</text>`;
}

// The picture's box is the drawing's own, measured after it is laid out (the names' widths depend
// on the language and on the size of the letters, which grows with larger text), so that no name
// is ever cut off. Measured at every render: the page renders again when the language or the
// size of the letters changes (main.js sets the size before it renders).
export function SpiderWeb({ t, now, before }) {
  const radius = webRadius();
  const svg = useRef(null);
  const [box, setBox] = useState('-140 -115 280 230');
  useLayoutEffect(() => {
    if (!svg.current || typeof svg.current.getBBox !== 'function') return;
    const b = svg.current.getBBox();
    if (b.width <= 0) return;
    // Whole units with room to spare: text measures a little differently at another scale, and
    // a box chasing that would never settle.
    const x = Math.floor(b.x) - 6;
    const y = Math.floor(b.y) - 6;
    const fitted = [x, y, Math.ceil(b.x + b.width) + 6 - x, Math.ceil(b.y + b.height) + 6 - y];
    const old = box.split(' ').map(Number);
    if (fitted.some((v, i) => Math.abs(v - old[i]) > 2)) setBox(fitted.join(' '));
  });
  return html`
    <figure class="chart web">
      <svg ref=${svg} viewBox=${box} role="img" aria-labelledby="web-title">
        <title id="web-title">${t('domainsPage.chartTitle')}</title>
        ${[2, 4, 6, 8, 10].map((s) => html`<polygon class="grid" points=${DOMAINS.map((d, i) => point(radius, i, s).join(',')).join(' ')} />`)}
        ${DOMAINS.map((d, i) => {
          const [x, y] = point(radius, i, 10);
          return html`<line class="grid" x1="0" y1="0" x2=${x} y2=${y} /><${Label} radius=${radius} i=${i} text=${t(`domains.${d}`)} />`;
        })}
        ${before && html`<polygon class="before" points=${polygon(radius, before)} />`}
        ${now && html`<polygon class="now" points=${polygon(radius, now)} />`}
      </svg>
      <figcaption>
        <span class="key now-key">${t('domainsPage.now')}</span>
        ${before && html` <span class="key before-key">${t('domainsPage.before')}</span>`}
      </figcaption>
    </figure>`;
}

export function Scales({ t, strengths, burdens }) {
  // Tips towards the heavier side, at most 14 degrees; which side is down is the only judgement made.
  const diff = burdens - strengths;
  const angle = Math.max(-14, Math.min(14, diff * 2));
  return html`
    <figure class="chart scales">
      <svg viewBox="-160 -20 320 190" role="img" aria-labelledby="scales-title">
        <title id="scales-title">${t('balance.scalesTitle', { strengths, burdens })}</title>
        <polygon class="stand" points="-12,150 12,150 4,20 -4,20" />
        <rect class="stand" x="-60" y="150" width="120" height="10" rx="4" />
        <g transform=${`rotate(${angle.toFixed(1)})`}>
          <rect class="beam" x="-130" y="-4" width="260" height="8" rx="4" />
          ${[[-120, 'strength-pan', strengths], [120, 'burden-pan', burdens]].map(([x, cls, total]) => html`
            <g transform=${`translate(${x} 0)`}>
              <line class="rope" x1="0" y1="0" x2="-25" y2="60" /><line class="rope" x1="0" y1="0" x2="25" y2="60" />
              <g transform=${`rotate(${(-angle).toFixed(1)} 0 60)`}>
                <path class=${`pan ${cls}`} d="M-35 60 h70 a35 22 0 0 1 -70 0z" />
                <text class="pan-label" x="0" y="100" text-anchor="middle">${total}</text>
              </g>
            </g>`)}
        </g>
        <circle class="stand" cx="0" cy="0" r="7" />
      </svg>
      <figcaption><span class="key strength-key">${t('balance.strengths')}</span> <span class="key burden-key">${t('balance.burdens')}</span></figcaption>
    </figure>`;
}

// A face for a mood from 1 (very bad) to 5 (very good): the mouth bends with the mood.
export function Face({ mood }) {
  const bend = (mood - 3) * 5;
  return html`
    <svg class="face" viewBox="0 0 40 40" width="32" height="32" aria-hidden="true" focusable="false">
      <circle cx="20" cy="20" r="18" class=${`face-${mood}`} />
      <circle cx="14" cy="16" r="2.5" class="face-eye" /><circle cx="26" cy="16" r="2.5" class="face-eye" />
      <path d=${`M12 ${27 - bend / 2} Q20 ${27 + bend} 28 ${27 - bend / 2}`} class="face-mouth" />
    </svg>`;
}
