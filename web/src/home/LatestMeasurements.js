// The newest reading of each kind the client measures, each against their own range in colour
// and in words, on the client's home page.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { useKinds, readingText, flagWord, flagClass, formatWhen } from '../measure.js';

export function LatestMeasurements({ t, lang }) {
  const { kinds } = useKinds();
  const [latest, setLatest] = useState(null);
  useEffect(() => {
    request('GET', '/clients/me/measurements/latest').then(setLatest, () => setLatest([]));
  }, []);
  const shown = kinds && latest ? latest.map((r) => [r, kinds.find((k) => k.code === r.kind)]).filter(([, k]) => k) : null;
  return html`
    <section class="card latest-measurements" aria-labelledby="latest-heading">
      <h2 id="latest-heading"><a href="#/measurements">${t('measure.title')}</a></h2>
      ${shown && shown.length === 0 && html`<p>${t('measure.home.none')}</p>`}
      ${shown && shown.length > 0 && html`<ul class="latest">${shown.map(([r, k]) => html`
        <li key=${r.kind}><span class="latest-kind">${t(`measure.kind.${k.code}`)}</span>
          <span class="latest-value">${readingText(t, lang, k, r)}</span>
          <span class=${flagClass(r.flag)}>${flagWord(t, r.flag, false)}</span>
          <span class="muted latest-when">${formatWhen(lang, r.taken_at)}</span></li>`)}</ul>`}
      <p><a href="#/measurements">${t('measure.home.link')}</a></p>
    </section>`;
}
