// Step 2: strengths and burdens, each weighed by the client, the scales, how it changed, and my own judgement.
import { useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useList, DOMAINS, formatDate, totals } from '../record.js';
import { Radios, Select, TextArea } from '../components/Choice.js';
import { Field } from '../components/Field.js';
import { Scales } from '../components/Charts.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage, fieldError } from '../errors.js';

const WEIGHTS = [1, 2, 3, 4, 5].map((w) => [w, String(w)]);

// How heavy an item weighs, or that the client has not weighed it yet (a member proposed it).
const weighs = (t, i) => (i.weight ? t('balance.weighs', { weight: i.weight }) : t('balance.notWeighed'));
const byWeight = (a, b) => (b.weight || 0) - (a.weight || 0);

// Changing how heavy something weighs, and saying why: the history keeps both.
function Reweigh({ t, list, item }) {
  const [weight, setWeight] = useState(item.weight);
  const [why, setWhy] = useState('');
  const save = async (e) => {
    e.preventDefault();
    const body = { weight: Number(weight) };
    if (why) body.why = why;
    if (await list.change(item.id, body)) setWhy('');
  };
  return html`
    <details class="reweigh" open=${!item.weight}><summary>${t(item.weight ? 'balance.reweigh' : 'balance.weighNow')}<span class="visually-hidden">: ${item.text}</span></summary>
      <form onSubmit=${save}>
        <${Radios} name=${`weight-${item.id}`} legend=${t('balance.weight')} value=${weight} onChange=${setWeight} options=${WEIGHTS} />
        <${TextArea} id=${`why-${item.id}`} label=${t('balance.why')} value=${why} onInput=${setWhy} rows="2" />
        <button type="submit">${t('common.save')}</button>
      </form>
    </details>`;
}

// readOnly: only seen; weighs: the client or their representative (a member proposes items and
// changes their words, never their weight: the server holds to it too).
function Side({ t, list, side, items, readOnly, weighs: mayWeigh }) {
  const total = items.reduce((a, i) => a + (i.weight || 0), 0);
  // A second press before the first one's answer counts from what the first asked for, not from
  // the weight still shown: pressing + twice quickly makes it two heavier.
  const asked = useRef({});
  const weigh = (i, delta) => {
    const w = Math.min(5, Math.max(1, (asked.current[i.id] ?? i.weight) + delta));
    asked.current[i.id] = w;
    list.change(i.id, { weight: w }).finally(() => {
      if (asked.current[i.id] === w) delete asked.current[i.id];
    });
  };
  const heading = side === 'strength' ? 'balance.strengths' : 'balance.burdens';
  return html`
    <section class=${`side ${side}`} aria-labelledby=${`h-${side}`}>
      <h2 id=${`h-${side}`}>${t(heading)}</h2>
      <p>${t('balance.total', { total })}</p>
      <ul class="items">
        ${[...items].sort(byWeight).map((i) => html`
          <li key=${i.id}>
            <span class="item-text">${i.text}</span> <span class="weight">${weighs(t, i)}</span>
            ${!readOnly && html`<span class="item-actions">
              ${mayWeigh && i.weight && html`<button type="button" disabled=${i.weight <= 1} onClick=${() => weigh(i, -1)}
                aria-label=${`${t('balance.lighter')}: ${i.text}`}>−</button>
              <button type="button" disabled=${i.weight >= 5} onClick=${() => weigh(i, +1)}
                aria-label=${`${t('balance.heavier')}: ${i.text}`}>+</button>`}
              <button type="button" onClick=${() => list.remove(i.id)} aria-label=${`${t('common.remove')}: ${i.text}`}>${t('common.remove')}</button>
            </span>
            ${mayWeigh && html`<${Reweigh} t=${t} list=${list} item=${i} />`}`}
          </li>`)}
      </ul>
    </section>`;
}

function AddItem({ t, list, weighs: mayWeigh, owner }) {
  const [f, setF] = useState({ side: 'strength', weight: 3, whose: 'mine', text: '', domain: '' });
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const add = async (e) => {
    e.preventDefault();
    const body = { side: f.side, text: f.text, whose: f.whose };
    if (mayWeigh) body.weight = Number(f.weight);
    if (f.domain) body.domain = f.domain;
    if (await list.add(body)) setF({ ...f, text: '' });
  };
  return html`
    <form onSubmit=${add} class="add-item">
      <h2>${t('balance.add')}</h2>
      <${Radios} name="side" legend=${t('balance.side')} value=${f.side} onChange=${set('side')}
        options=${[['strength', t('balance.sideStrength')], ['burden', t('balance.sideBurden')]]} />
      <${Field} id="item-text" label=${t('balance.text')} value=${f.text} onInput=${set('text')} error=${fieldError(t, list.error, 'text')} />
      ${mayWeigh ? html`<${Radios} name="weight" legend=${t('balance.weight')} value=${f.weight} onChange=${set('weight')} options=${WEIGHTS} />`
        : html`<p class="help">${t('balance.proposeHelp', { name: owner })}</p>`}
      <${Radios} name="whose" legend=${t('balance.whose')} value=${f.whose} onChange=${set('whose')}
        options=${[['mine', t('balance.whoseMine')], ['network', t('balance.whoseNetwork')], ['surroundings', t('balance.whoseSurroundings')]]} />
      <${Select} id="item-domain" label=${t('balance.domain')} value=${f.domain} onChange=${set('domain')}
        options=${[['', t('balance.noDomain')], ...DOMAINS.map((d) => [d, t(`domains.${d}`)])]} />
      <button type="submit" class="primary">${t('common.add')}</button>
    </form>`;
}

function Judgement({ t, lang, client, readOnly }) {
  const list = useList('balance/judgements', client);
  const [text, setText] = useState('');
  const [leaning, setLeaning] = useState('');
  const last = list.items && list.items[list.items.length - 1];
  const save = async (e) => {
    e.preventDefault();
    const body = { text };
    if (leaning) body.leaning = leaning;
    if (await list.add(body)) { setText(''); setLeaning(''); }
  };
  return html`
    <section aria-labelledby="judgement-heading">
      <h2 id="judgement-heading">${t('balance.judgementHeading')}</h2>
      ${last && html`<blockquote><p>${t('balance.lastJudgement', { date: formatDate(lang, last.created_at) })}</p>
        <p class="prose">${last.text}</p>${last.leaning && html`<p><strong>${t(`balance.leanings.${last.leaning}`)}</strong></p>`}</blockquote>`}
      ${readOnly && !last && html`<p>${t('common.none')}</p>`}
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, list.error)} />
      ${!readOnly && html`<form onSubmit=${save}>
        <${TextArea} id="judgement-text" label=${t('balance.judgementText')} value=${text} onInput=${setText} />
        <${Radios} name="leaning" legend=${t('balance.leaning')} value=${leaning} onChange=${setLeaning}
          options=${['strengths', 'even', 'burdens', 'unsure'].map((l) => [l, t(`balance.leanings.${l}`)])} />
        <button type="submit">${t('common.save')}</button>
      </form>`}
    </section>`;
}

function History({ t, lang, client }) {
  const list = useList('balance/history', client);
  if (!list.items || list.items.length === 0) return null;
  return html`
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">${t('balance.historyHeading')}</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${t('balance.historyCaption')}>
        <table>
          <caption>${t('balance.historyCaption')}</caption>
          <thead><tr><th scope="col">${t('balance.when')}</th><th scope="col">${t('balance.change')}</th>
            <th scope="col">${t('balance.strengths')}</th><th scope="col">${t('balance.burdens')}</th></tr></thead>
          <tbody>${[...list.items].reverse().map((h) => html`<tr>
            <td>${formatDate(lang, h.at, true)}</td>
            <td>${t(`balance.what.${h.change.what}`, { text: h.change.text })} (${weighs(t, h.change)})
              ${h.change.why && h.change.what === 'update' && html`<br /><span class="muted">${h.change.why}</span>`}</td>
            <td>${h.strengths}</td><td>${h.burdens}</td></tr>`)}</tbody>
        </table>
      </div>
    </section>`;
}

// client, owner, readOnly: someone else's balance, shared with me (see Shared.js).
export function Balance({ t, lang, client = 'me', owner, readOnly, weighs: mayWeigh = client === 'me' }) {
  const list = useList('balance', client);
  const items = list.items || [];
  const { strengths, burdens } = totals(items);
  const heaviest = (side) => items.filter((i) => i.side === side && i.weight).sort(byWeight)[0];
  return html`
    ${!owner && html`<h1 tabindex="-1">${t('balance.heading')}</h1>
      <p class="lead">${t('balance.intro')}</p>`}
    <${Scales} t=${t} strengths=${strengths} burdens=${burdens} />
    ${['strength', 'burden'].filter(heaviest).map((side) => html`<p>${t(side === 'strength' ? 'balance.strengths' : 'balance.burdens')}: ${t('balance.heaviest', { text: heaviest(side).text })}</p>`)}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, list.error)} />
    <div class="sides">
      <${Side} t=${t} list=${list} side="strength" items=${items.filter((i) => i.side === 'strength')} readOnly=${readOnly} weighs=${mayWeigh} />
      <${Side} t=${t} list=${list} side="burden" items=${items.filter((i) => i.side === 'burden')} readOnly=${readOnly} weighs=${mayWeigh} />
    </div>
    ${!readOnly && html`<${AddItem} t=${t} list=${list} weighs=${mayWeigh} owner=${owner} />`}
    <${Judgement} t=${t} lang=${lang} client=${client} readOnly=${readOnly} />
    <${History} key=${items.map((i) => `${i.id}:${i.weight}`).join(',')} t=${t} lang=${lang} client=${client} />
    ${!owner && html`<p><a class="button" href="#/plan">${t('common.next')}: ${t('titles.plan')}</a></p>`}`;
}
