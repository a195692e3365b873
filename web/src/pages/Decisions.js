// Samen beslissen: the three good questions, editable until I decide; then kept as it was.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useList, formatDate } from '../record.js';
import { TextArea } from '../components/Choice.js';
import { Field } from '../components/Field.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage } from '../errors.js';

const empty = { question: '', options: [{ option: '', pros: '', cons: '', for_me: '' }], what_matters: '', talked_with: '', choice: '', decided_on: '' };

function clean(d) {
  const body = { question: d.question, options: d.options.filter((o) => o.option).map((o) => {
    const x = { option: o.option };
    for (const k of ['pros', 'cons', 'for_me']) if (o[k]) x[k] = o[k];
    return x;
  }) };
  for (const k of ['what_matters', 'talked_with', 'choice', 'decided_on']) body[k] = d[k] ? d[k] : null;
  return body;
}

function Editor({ t, list, start, onDone }) {
  const [d, setD] = useState(start);
  const set = (k) => (v) => setD({ ...d, [k]: v });
  const setOpt = (i, k) => (v) => setD({ ...d, options: d.options.map((o, j) => (j === i ? { ...o, [k]: v } : o)) });
  const save = async (e) => {
    e.preventDefault();
    const body = clean(d);
    const ok = start.id ? await list.change(start.id, body) : await list.add(body);
    if (ok) onDone();
  };
  const p = start.id ? `d${start.id}` : 'dnew';
  return html`
    <form onSubmit=${save} class="decision-editor">
      <${TextArea} id=${`${p}-question`} label=${t('decisions.question')} value=${d.question} onInput=${set('question')} rows="2" />
      <fieldset class="options"><legend>${t('decisions.options')}</legend>
        ${d.options.map((o, i) => html`
          <div class="option" key=${i}>
            <${Field} id=${`${p}-option-${i}`} label=${t('decisions.option', { n: i + 1 })} value=${o.option} onInput=${setOpt(i, 'option')} />
            <${TextArea} id=${`${p}-pros-${i}`} label=${t('decisions.pros')} value=${o.pros || ''} onInput=${setOpt(i, 'pros')} rows="2" />
            <${TextArea} id=${`${p}-cons-${i}`} label=${t('decisions.cons')} value=${o.cons || ''} onInput=${setOpt(i, 'cons')} rows="2" />
            <${TextArea} id=${`${p}-forme-${i}`} label=${t('decisions.forMe')} value=${o.for_me || ''} onInput=${setOpt(i, 'for_me')} rows="2" />
          </div>`)}
        <button type="button" onClick=${() => setD({ ...d, options: [...d.options, { option: '', pros: '', cons: '', for_me: '' }] })}>${t('decisions.addOption')}</button>
      </fieldset>
      <${TextArea} id=${`${p}-matters`} label=${t('decisions.whatMatters')} value=${d.what_matters || ''} onInput=${set('what_matters')} />
      <${TextArea} id=${`${p}-talked`} label=${t('decisions.talkedWith')} value=${d.talked_with || ''} onInput=${set('talked_with')} rows="2" />
      <${TextArea} id=${`${p}-choice`} label=${t('decisions.choice')} value=${d.choice || ''} onInput=${set('choice')} rows="2" />
      <${Field} id=${`${p}-date`} type="date" label=${t('decisions.decidedOn')} help=${t('decisions.kept')} value=${d.decided_on || ''} onInput=${set('decided_on')} />
      <button type="submit" class="primary">${t('common.save')}</button>
    </form>`;
}

function Decision({ t, lang, d, list, readOnly }) {
  const [editing, setEditing] = useState(false);
  if (editing) return html`<li class="decision"><${Editor} t=${t} list=${list} start=${{ ...empty, ...d }} onDone=${() => setEditing(false)} /></li>`;
  return html`
    <li class="decision">
      <h3>${d.question}</h3>
      <p class=${d.decided_on ? 'decided' : 'open'}>${d.decided_on ? t('decisions.decided', { date: formatDate(lang, d.decided_on) }) : t('decisions.open')}</p>
      ${(d.options || []).map((o) => html`<div class="option-view"><h4>${o.option}</h4>
        ${o.pros && html`<p><strong>${t('decisions.pros')}:</strong> ${o.pros}</p>`}
        ${o.cons && html`<p><strong>${t('decisions.cons')}:</strong> ${o.cons}</p>`}
        ${o.for_me && html`<p><strong>${t('decisions.forMe')}</strong> ${o.for_me}</p>`}</div>`)}
      ${d.what_matters && html`<p><strong>${t('decisions.whatMatters')}</strong> ${d.what_matters}</p>`}
      ${d.talked_with && html`<p><strong>${t('decisions.talkedWith')}</strong> ${d.talked_with}</p>`}
      ${d.choice && html`<p><strong>${t('decisions.choice')}</strong> ${d.choice}</p>`}
      ${!d.decided_on && !readOnly && html`<button type="button" onClick=${() => setEditing(true)}>${t('common.change')}</button>`}
    </li>`;
}

// client, owner, readOnly: someone else's decisions, shared with me (see Shared.js).
export function Decisions({ t, lang, client = 'me', owner, readOnly }) {
  const list = useList('decisions', client);
  const [adding, setAdding] = useState(false);
  return html`
    ${!owner && html`<h1 tabindex="-1">${t('decisions.heading')}</h1>
      <p class="lead">${t('decisions.intro')}</p>`}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, list.error)} />
    ${readOnly && list.items && list.items.length === 0 && html`<p>${t('common.none')}</p>`}
    <ul class="decisions">${(list.items || []).map((d) => html`<${Decision} key=${d.id} t=${t} lang=${lang} d=${d} list=${list} readOnly=${readOnly} />`)}</ul>
    ${!adding && !readOnly && html`<button type="button" class="primary" onClick=${() => setAdding(true)}>${t('decisions.new')}</button>`}
    ${adding && html`<h2>${t('decisions.new')}</h2><${Editor} t=${t} list=${list} start=${empty} onDone=${() => setAdding(false)} />`}`;
}
