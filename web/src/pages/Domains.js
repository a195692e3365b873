// Step 1, part two: a mark from 0 to 10 for each life domain, kept with its date.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useList, DOMAINS, formatDate } from '../record.js';
import { Radios } from '../components/Choice.js';
import { Field } from '../components/Field.js';
import { SpiderWeb } from '../components/Charts.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { errorMessage } from '../errors.js';

const SCORES = Array.from({ length: 11 }, (_, i) => [i, String(i)]);

// client, owner, readOnly: someone else's ratings, shared with me (see Shared.js).
export function Domains({ t, lang, client = 'me', owner, readOnly }) {
  const list = useList('domains', client);
  const [form, setForm] = useState({});
  const [saved, setSaved] = useState(false);
  const set = (d, key, v) => { setForm({ ...form, [d]: { ...(form[d] || {}), [key]: v } }); setSaved(false); };
  const save = async (e) => {
    e.preventDefault();
    const body = {};
    for (const d of DOMAINS) {
      body[d] = { score: form[d] && form[d].score !== undefined ? Number(form[d].score) : null };
      if (form[d] && form[d].note) body[d].note = form[d].note;
    }
    if (await list.add(body)) { setForm({}); setSaved(true); }
  };
  const items = list.items || [];
  const now = items[items.length - 1];
  const before = items[items.length - 2];
  return html`
    ${!owner && html`<h1 tabindex="-1">${t('domainsPage.heading')}</h1>
      <p class="lead">${t('domainsPage.intro')}</p>`}
    ${now && html`<${SpiderWeb} t=${t} now=${now} before=${before} />`}
    ${readOnly && list.items && items.length === 0 && html`<p>${t('common.none')}</p>`}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, list.error)} />
    ${!readOnly && html`<form onSubmit=${save}>
      ${DOMAINS.map((d) => html`
        <div class="domain" key=${d}>
          <${Radios} name=${`score-${d}`} legend=${t('domainsPage.score', { domain: t(`domains.${d}`) })} options=${SCORES}
            value=${form[d] ? form[d].score : undefined} onChange=${(v) => set(d, 'score', v)}
            error=${list.error && list.error.field === `${d}.score` ? t('errors.invalid_input') : null} />
          <${Field} id=${`note-${d}`} label=${t('domainsPage.note', { domain: t(`domains.${d}`) })}
            value=${(form[d] && form[d].note) || ''} onInput=${(v) => set(d, 'note', v)} />
        </div>`)}
      <button type="submit" class="primary">${t('domainsPage.save')}</button>
      <${Status} message=${saved ? t('common.saved') : ''} />
    </form>`}
    ${items.length > 0 && html`
      <h2>${t('domainsPage.history')}</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${t('domainsPage.tableCaption')}>
        <table>
          <caption>${t('domainsPage.tableCaption')}</caption>
          <thead><tr><th scope="col">${t('domainsPage.area')}</th>
            ${items.map((r) => html`<th scope="col">${formatDate(lang, r.created_at)}</th>`)}</tr></thead>
          <tbody>${DOMAINS.map((d) => html`<tr><th scope="row">${t(`domains.${d}`)}</th>
            ${items.map((r) => html`<td>${r[d].score}${r[d].note ? html`<br /><span class="muted">${r[d].note}</span>` : ''}</td>`)}</tr>`)}</tbody>
        </table>
      </div>`}
    ${!owner && html`<p><a class="button" href="#/balance">${t('common.next')}: ${t('titles.balance')}</a></p>`}`;
}
