// Two small pictures drawn as SVG through Preact (so every value is escaped):
// the spider web of the six life domains and the pair of scales. Each has a
// text alternative; the pages also show the numbers as a table or list.
import { html } from '../html.js';
import { DOMAINS } from '../record.js';

const R = 100;

function point(i, score) {
  const angle = (Math.PI * 2 * i) / DOMAINS.length - Math.PI / 2;
  const r = (R * score) / 10;
  return [Math.cos(angle) * r, Math.sin(angle) * r];
}

function polygon(rating) {
  return DOMAINS.map((d, i) => point(i, rating[d].score).map((v) => v.toFixed(1)).join(',')).join(' ');
}

export function SpiderWeb({ t, now, before }) {
  return html`
    <figure class="chart">
      <svg viewBox="-200 -135 400 270" role="img" aria-labelledby="web-title">
        <title id="web-title">${t('domainsPage.chartTitle')}</title>
        ${[2, 4, 6, 8, 10].map((s) => html`<polygon class="grid" points=${DOMAINS.map((d, i) => point(i, s).join(',')).join(' ')} />`)}
        ${DOMAINS.map((d, i) => {
          const [x, y] = point(i, 10);
          const [lx, ly] = point(i, 11.5);
          return html`<line class="grid" x1="0" y1="0" x2=${x} y2=${y} />
            <text class="label" x=${lx} y=${ly} text-anchor=${Math.abs(lx) < 5 ? 'middle' : lx > 0 ? 'start' : 'end'} dominant-baseline="middle">${t(`domains.${d}`)}</text>`;
        })}
        ${before && html`<polygon class="before" points=${polygon(before)} />`}
        ${now && html`<polygon class="now" points=${polygon(now)} />`}
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
