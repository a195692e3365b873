// Who looked: every access to my record, newest first, by period.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage } from '../errors.js';
import { locale, has } from '../i18n.js';

function query(from, to, before) {
  const p = new URLSearchParams({ limit: '50' });
  if (from) p.set('from', from);
  if (to) {
    // "Up to and including" a day: the API's `to` is exclusive.
    const d = new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    p.set('to', d.toISOString().slice(0, 10));
  }
  if (before) p.set('before', String(before));
  return `/me/audit?${p}`;
}

// A translated word for an action or category; a kind this page does not know yet gets a general word.
function word(lang, t, group, key) {
  return t(has(lang, `${group}.${key}`) ? `${group}.${key}` : `${group}.other`);
}

export function Audit({ t, lang }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [items, setItems] = useState(null);
  const [next, setNext] = useState(null);
  const [err, setErr] = useState(null);
  const load = async (before) => {
    try {
      const r = await request('GET', query(from, to, before));
      setItems(before ? [...items, ...r.items] : r.items);
      setNext(r.next_before);
      setErr(null);
    } catch (error) {
      setErr(error);
    }
  };
  useEffect(() => { load(null); }, []);
  const fmt = new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeStyle: 'short' });
  return html`
    <h1 tabindex="-1">${t('audit.heading')}</h1>
    <p>${t('audit.intro')}</p>
    <form class="filter" onSubmit=${(e) => { e.preventDefault(); load(null); }}>
      <div class="field"><label for="audit-from">${t('audit.from')}</label>
        <input id="audit-from" type="date" value=${from} onInput=${(e) => setFrom(e.currentTarget.value)} /></div>
      <div class="field"><label for="audit-to">${t('audit.to')}</label>
        <input id="audit-to" type="date" value=${to} onInput=${(e) => setTo(e.currentTarget.value)} /></div>
      <button type="submit">${t('audit.filter')}</button>
    </form>
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    ${items && items.length === 0 && html`<p>${t('audit.empty')}</p>`}
    ${items && items.length > 0 && html`
      <div class="table-wrap" tabindex="0" role="region" aria-label=${t('audit.caption')}>
        <table class="audit">
          <caption>${t('audit.caption')}</caption>
          <thead><tr><th scope="col">${t('audit.when')}</th><th scope="col">${t('audit.who')}</th>
            <th scope="col">${t('audit.what')}</th><th scope="col">${t('audit.result')}</th><th scope="col">${t('audit.where')}</th></tr></thead>
          <tbody>
            ${items.map((a) => html`
              <tr key=${a.id} class=${a.outcome !== 'success' ? 'refused' : ''}>
                <td><time datetime=${a.at}>${fmt.format(new Date(a.at))}</time></td>
                <td>${a.actor ? a.actor.name || `#${a.actor.id}` : t('audit.nobody')}</td>
                <td>${word(lang, t, 'actions', a.action)} ${word(lang, t, 'categories', a.category)}</td>
                <td>${t(`outcomes.${a.outcome}`)}</td>
                <td>${a.address}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${next && html`<button type="button" onClick=${() => load(next)}>${t('audit.more')}</button>`}`}`;
}
