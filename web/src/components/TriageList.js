// The triage list of a professional (GET /triage): every client whose network they are in, the
// one who needs them most first, each with the reasons in words and a link to what is shared;
// filters by reason (with how many clients have it) and by discipline, a page at a time.
// `level`: the heading level of each client's name (2 on the triage page, 3 on the home page).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { Select } from './Choice.js';
import { ErrorSummary } from './Alert.js';
import { errorMessage } from '../errors.js';
import { disciplines } from '../vocabulary.js';
import { roleWord } from '../people.js';
import { severityWord, severityClass } from '../attention.js';
import { REASONS, NEEDS_ALERTS, reasonLink, reasonWords } from '../triage.js';

const PAGE = 20;

// The client's open alerts, asked only for a row whose reasons need them to name a measurement.
function useOpenAlerts(item) {
  const wanted = item.reasons.some((r) => NEEDS_ALERTS.includes(r.code));
  const [alerts, setAlerts] = useState(null);
  useEffect(() => {
    if (wanted) request('GET', `/clients/${item.client.id}/alerts?open=1`).then((r) => setAlerts(r.items || []), () => setAlerts([]));
  }, [item.client.id, wanted]);
  return alerts;
}

function Row({ t, lang, item, level }) {
  const alerts = useOpenAlerts(item);
  const c = item.client;
  const H = `h${level}`;
  const role = roleWord(t, lang, item.role, item.discipline);
  return html`
    <li class="card triage-row">
      <${H} class="triage-name">${c.name}</${H}>
      ${role && html`<p class="muted">${t('triage.youAre', { role })}</p>`}
      ${item.reasons.length === 0 ? html`<p class="calm">${t('triage.nothing')}</p>` : html`
        <ul class="reasons">${item.reasons.map((r) => html`
          <li key=${r.code}><a href=${reasonLink(c.id, r.code)}>
            ${r.code === 'alert' && html`<span class=${severityClass(r.severity)}>${severityWord(t, r.severity)}</span>${' '}`}
            ${reasonWords(t, lang, r, alerts, c.name)}</a></li>`)}
        </ul>`}
    </li>`;
}

export function TriageList({ t, lang, level = 2 }) {
  const [form, setForm] = useState({ reason: '', discipline: '' });
  const [query, setQuery] = useState({ reason: '', discipline: '', offset: 0 });
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(query.offset) });
    if (query.reason) q.set('reason', query.reason);
    if (query.discipline) q.set('discipline', query.discipline);
    setError(null);
    request('GET', `/triage?${q}`).then(setData, (e) => { setError(e); setData({ items: [], total: 0, counts: {} }); });
  }, [query]);
  const counts = (data && data.counts) || {};
  const apply = (e) => {
    e.preventDefault();
    setQuery({ ...form, offset: 0 });
  };
  const from = query.offset + 1;
  const to = data ? query.offset + data.items.length : 0;
  return html`
    <form class="triage-filters" onSubmit=${apply}>
      <${Select} id="triage-reason" label=${t('triage.filter.reason')} value=${form.reason} onChange=${(v) => setForm({ ...form, reason: v })}
        options=${[['', t('triage.filter.allReasons')], ...REASONS.map((r) => [r, t('triage.filter.withCount', { what: t(`triage.filter.reasons.${r}`), n: counts[r] || 0 })])]} />
      <${Select} id="triage-discipline" label=${t('triage.filter.discipline')} value=${form.discipline} onChange=${(v) => setForm({ ...form, discipline: v })}
        options=${[['', t('triage.filter.allDisciplines')], ...disciplines().map((d) => [d, t(`plan.disciplines.${d}`)])]} />
      <button type="submit">${t('triage.filter.show')}</button>
    </form>
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, error)} />
    <p role="status" class="triage-count">${data ? t(data.total === 1 ? 'triage.countOne' : 'triage.countMany', { n: data.total }) : ''}</p>
    ${!data && html`<p>${t('app.loading')}</p>`}
    ${data && data.items.length > 0 && html`
      <ol class="triage" aria-label=${t('triage.listLabel')} start=${from}>
        ${data.items.map((item) => html`<${Row} key=${item.client.id} t=${t} lang=${lang} item=${item} level=${level} />`)}
      </ol>`}
    ${data && data.total > PAGE && html`
      <nav class="pager" aria-label=${t('triage.pages')}>
        <p>${t('triage.showing', { from, to, total: data.total })}</p>
        <button type="button" disabled=${query.offset === 0} onClick=${() => setQuery({ ...query, offset: Math.max(0, query.offset - PAGE) })}>${t('triage.previous')}</button>
        <button type="button" disabled=${to >= data.total} onClick=${() => setQuery({ ...query, offset: query.offset + PAGE })}>${t('triage.next')}</button>
      </nav>`}`;
}
