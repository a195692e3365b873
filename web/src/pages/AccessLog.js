// Wie keek er in mijn gegevens: every access to the client's record, newest first, each as one
// sentence in plain words; by person, by period, and without the client's own by default.
// The rows of a filter can be saved as a CSV file.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request, saveBlob } from '../api.js';
import { Select } from '../components/Choice.js';
import { Field, Checkbox } from '../components/Field.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage } from '../errors.js';
import { addDays, dayStartUtc, today } from '../days.js';
import { nameWithRole } from '../people.js';
import { sentenceParts, csv } from '../logwords.js';
import { useClientPath } from '../network.js';

const PAGE = 50;
const FILE_PAGE = 500;   // the API's largest page, so that a download asks as few times as it can
const FILE_PAGES = 100;  // a limit, so that a very long log cannot keep the page busy for ever

// The API query of a filter. Days are the person's own: from the start of `from` up to and
// including `to` (the API's `to` is exclusive).
function query(client, f, before, limit) {
  const p = new URLSearchParams({ limit: String(limit) });
  if (f.person) p.set('actor', f.person);
  if (f.others) p.set('others', '1');
  if (f.from) p.set('from', dayStartUtc(f.from));
  if (f.to) p.set('to', dayStartUtc(addDays(f.to, 1)));
  if (before) p.set('before', String(before));
  return `/clients/${client}/audit?${p}`;
}

// Saves the CSV text as a file.
function save(text, filename) {
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), filename);
}

// One row: its sentence, with the moment in it as a <time>.
function Row({ t, lang, row, ctx }) {
  const p = sentenceParts(t, lang, row, ctx);
  return html`
    <li class=${row.outcome === 'success' ? '' : 'refused'}>
      ${p.before}${p.after !== null && html`<time datetime=${row.at}>${p.when}</time>${p.after}`}
    </li>`;
}

function Filter({ t, lang, members, value, onChange, onSubmit }) {
  const set = (k) => (v) => onChange({ ...value, [k]: v });
  return html`
    <form class="log-filter" onSubmit=${(e) => { e.preventDefault(); onSubmit(); }}>
      <${Select} id="log-person" label=${t('audit.person')} value=${value.person} onChange=${set('person')}
        options=${[['', t('audit.everyone')], ...members.map((m) => [String(m.id), nameWithRole(t, lang, m)])]} />
      <fieldset class="filter">
        <legend>${t('audit.period')}</legend>
        <${Field} id="log-from" type="date" label=${t('audit.from')} value=${value.from} onInput=${set('from')} />
        <${Field} id="log-to" type="date" label=${t('audit.to')} value=${value.to} onInput=${set('to')} />
      </fieldset>
      <${Checkbox} id="log-others" label=${t('audit.others')} checked=${value.others} onChange=${set('others')} />
      <button type="submit" class="primary">${t('audit.filter')}</button>
    </form>`;
}

export function AccessLog({ t, lang, me, owner }) {
  const client = useClientPath();
  const [members, setMembers] = useState([]);
  const [form, setForm] = useState({ person: '', from: '', to: '', others: true });
  const [items, setItems] = useState(null);
  const [shown, setShown] = useState(form); // the filter of the rows on screen, which the download follows
  const [next, setNext] = useState(null);
  const [err, setErr] = useState(null);
  const [saving, setSaving] = useState(false);
  const asked = useRef(0); // only the newest question's answer is shown, however the answers arrive

  const load = async (f, before) => {
    const mine = ++asked.current;
    try {
      const r = await request('GET', query(client, f, before, PAGE));
      if (mine !== asked.current) return;
      setItems(before ? [...items, ...r.items] : r.items);
      setNext(r.next_before);
      setShown(f);
      setErr(null);
    } catch (x) {
      if (mine === asked.current) setErr(x);
    }
  };
  useEffect(() => {
    load(form, null);
    request('GET', `/clients/${client}/members`).then(setMembers, () => setMembers([]));
  }, []);

  // Names for "Je gaf Anna andere rechten": the members now, and whoever the rows show.
  const names = new Map(members.map((m) => [m.id, m.name]));
  for (const row of items || []) if (row.actor && row.actor.name && !names.has(row.actor.id)) names.set(row.actor.id, row.actor.name);
  const ctx = { clientId: client === 'me' ? me.id : Number(client), names };

  const download = async () => {
    if (saving) return; // one file at a time; the button stays enabled so that focus stays on it
    setSaving(true);
    try {
      const rows = [];
      let before = null;
      for (let i = 0; i < FILE_PAGES; i++) {
        const r = await request('GET', query(client, shown, before, FILE_PAGE));
        rows.push(...r.items);
        before = r.next_before;
        if (!before) break;
      }
      for (const row of rows) if (row.actor && row.actor.name && !names.has(row.actor.id)) names.set(row.actor.id, row.actor.name);
      save(csv(t, lang, rows, ctx), t('audit.fileName', { date: today() }));
      setErr(null);
    } catch (x) {
      setErr(x);
    }
    setSaving(false);
  };

  return html`
    <h1 tabindex="-1">${owner ? t('audit.headingOf', { name: owner }) : t('audit.heading')}</h1>
    <p class="lead">${owner ? t('audit.introOf', { name: owner }) : t('audit.intro')}</p>
    <${Filter} t=${t} lang=${lang} members=${members} value=${form} onChange=${setForm} onSubmit=${() => load(form, null)} />
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    <h2 id="log-heading">${t('audit.listHeading')}</h2>
    ${items && items.length === 0 && html`<p>${t('audit.empty')}</p>`}
    ${items && items.length > 0 && html`
      <ol class="access-log" aria-labelledby="log-heading">
        ${items.map((row) => html`
          <${Row} key=${row.id} t=${t} lang=${lang} row=${row} ctx=${ctx} />`)}
      </ol>
      ${next && html`<button type="button" onClick=${() => load(shown, next)}>${t('audit.more')}</button>`}
      <p><button type="button" onClick=${download} aria-describedby="log-download-help">${t('audit.download')}</button></p>
      <p class="help" id="log-download-help">${t('audit.downloadHelp')}</p>`}`;
}
