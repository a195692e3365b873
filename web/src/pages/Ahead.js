// Vooruitdenken: wishes for future care; every saved version is kept and shown with its date.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useList, formatDate } from '../record.js';
import { Radios, TextArea } from '../components/Choice.js';
import { Field } from '../components/Field.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { errorMessage } from '../errors.js';

const WISHES = ['resuscitation', 'hospital_admission', 'intensive_care'];

function fromVersion(v) {
  const f = { what_matters: '', place_of_care: '', documents: '', name: '', contact: '' };
  for (const w of WISHES) { f[w] = v ? v[w].wish : 'not_decided'; f[`${w}_why`] = v ? v[w].explanation || '' : ''; }
  if (v) {
    for (const k of ['what_matters', 'place_of_care', 'documents']) f[k] = v[k] || '';
    f.name = (v.spokesperson && v.spokesperson.name) || '';
    f.contact = (v.spokesperson && v.spokesperson.contact) || '';
  }
  return f;
}

function View({ t, v }) {
  return html`
    <dl class="details wishes">
      ${v.what_matters && html`<dt>${t('ahead.whatMatters')}</dt><dd class="prose">${v.what_matters}</dd>`}
      ${v.place_of_care && html`<dt>${t('ahead.placeOfCare')}</dt><dd class="prose">${v.place_of_care}</dd>`}
      ${WISHES.map((w) => html`<dt>${t(`ahead.${w}`)}</dt><dd><strong>${t(`ahead.wishes.${v[w].wish}`)}</strong>${v[w].explanation && html`. ${v[w].explanation}`}</dd>`)}
      ${v.spokesperson && html`<dt>${t('ahead.spokesperson')}</dt><dd>${v.spokesperson.name || ''} ${v.spokesperson.contact || ''}</dd>`}
      ${v.documents && html`<dt>${t('ahead.documents')}</dt><dd class="prose">${v.documents}</dd>`}
    </dl>`;
}

// client, owner, readOnly: someone else's wishes, shared with me (see Shared.js).
export function Ahead({ t, lang, client = 'me', owner, readOnly }) {
  const list = useList('advance-care-plan', client);
  const versions = list.items || [];
  const latest = versions[versions.length - 1];
  const [f, setF] = useState(null);
  const [saved, setSaved] = useState(false);
  const form = f || fromVersion(latest);
  const set = (k) => (v) => { setF({ ...form, [k]: v }); setSaved(false); };
  const save = async (e) => {
    e.preventDefault();
    const body = { what_matters: form.what_matters, place_of_care: form.place_of_care, documents: form.documents,
      spokesperson: { name: form.name, contact: form.contact } };
    for (const w of WISHES) body[w] = form[`${w}_why`] ? { wish: form[w], explanation: form[`${w}_why`] } : { wish: form[w] };
    if (await list.add(body)) { setF(null); setSaved(true); }
  };
  const heading = !owner && html`<h1 tabindex="-1">${t('ahead.heading')}</h1>`;
  if (!list.items) return html`${heading}<p>${t('app.loading')}</p>`;
  return html`
    ${heading}
    ${!owner && html`<p class="lead">${t('ahead.intro')}</p>`}
    ${readOnly && !latest && html`<p>${t('common.none')}</p>`}
    ${latest && html`<section aria-labelledby="current-heading" class="current">
      <h2 id="current-heading">${t('ahead.current', { n: latest.version, date: formatDate(lang, latest.created_at) })}</h2>
      <${View} t=${t} v=${latest} /></section>`}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, list.error)} />
    ${!readOnly && html`<form onSubmit=${save}>
      <${TextArea} id="acp-matters" label=${t('ahead.whatMatters')} value=${form.what_matters} onInput=${set('what_matters')} />
      <${TextArea} id="acp-place" label=${t('ahead.placeOfCare')} value=${form.place_of_care} onInput=${set('place_of_care')} rows="2" />
      ${WISHES.map((w) => html`
        <${Radios} name=${`acp-${w}`} legend=${t(`ahead.${w}`)} value=${form[w]} onChange=${set(w)}
          options=${['yes', 'no', 'not_decided'].map((x) => [x, t(`ahead.wishes.${x}`)])} />
        <${Field} id=${`acp-${w}-why`} label=${`${t('ahead.explanation')}: ${t(`ahead.${w}`)}`} value=${form[`${w}_why`]} onInput=${set(`${w}_why`)} />`)}
      <fieldset class="field"><legend>${t('ahead.spokesperson')}</legend>
        <${Field} id="acp-name" label=${t('ahead.spokesName')} value=${form.name} onInput=${set('name')} />
        <${Field} id="acp-contact" label=${t('ahead.spokesContact')} value=${form.contact} onInput=${set('contact')} />
      </fieldset>
      <${TextArea} id="acp-documents" label=${t('ahead.documents')} value=${form.documents} onInput=${set('documents')} rows="2" />
      <button type="submit" class="primary">${t('ahead.save')}</button>
      <${Status} message=${saved ? t('common.saved') : ''} />
    </form>`}
    ${versions.length > 1 && html`
      <h2>${t('ahead.versions')}</h2>
      ${[...versions].reverse().slice(1).map((v) => html`
        <details class="version"><summary>${t('ahead.version', { n: v.version, date: formatDate(lang, v.created_at) })}</summary>
          <${View} t=${t} v=${v} /></details>`)}`}`;
}
