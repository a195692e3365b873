// Wonden en foto's: photos of a slow-healing wound over time. The client (or a member with the
// `photos` right) adds a wound, sends photos from the phone's camera, marks the wound healed, and
// puts two photos side by side. Photos are health data: they come only from Roer itself (the
// addresses the server gives, checked to be its own), and no address of a photo is written to
// the console or anywhere else.
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request, upload } from '../api.js';
import { has } from '../i18n.js';
import { Field } from '../components/Field.js';
import { TextArea } from '../components/Choice.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { errorMessage } from '../errors.js';
import { formatDate, SharedRecord } from '../record.js';

// A photo's address as the server gave it, only when it is one of Roer's own (a path below
// /api/v1/); anything else is not shown.
function ownPath(path) {
  return typeof path === 'string' && /^\/api\/v1\/clients\/\d+\/wounds\/\d+\/photos\/\d+(\?thumb=1)?$/.test(path) ? path : null;
}

// The page's words for what went wrong with a wound or a photo: not a photo (415) or too large
// (413) by the error's code; a field refused by its field; else the general words for the code.
function woundError(t, lang, x) {
  if (!x) return null;
  if (has(lang, `wounds.errors.${x.code}`)) return t(`wounds.errors.${x.code}`);
  if (x.code === 'invalid_input' && x.field && has(lang, `wounds.errors.${x.field}`)) return t(`wounds.errors.${x.field}`);
  return errorMessage(t, x);
}

function AddWound({ t, lang, client, onAdded }) {
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [err, setErr] = useState(null);
  const [said, setSaid] = useState('');
  const submit = async (e) => {
    e.preventDefault();
    setSaid('');
    if (!name.trim() || name.trim().length > 80) {
      setErr({ field: 'name', code: 'invalid_input' });
      return;
    }
    const body = { name: name.trim() };
    if (note.trim()) body.note = note.trim();
    try {
      await request('POST', `/clients/${client}/wounds`, body);
      setErr(null);
      setName('');
      setNote('');
      setSaid(t('wounds.added'));
      onAdded();
    } catch (x) {
      setErr(x);
    }
  };
  return html`
    <form class="add-wound" onSubmit=${submit} novalidate>
      <h2>${t('wounds.addHeading')}</h2>
      <${ErrorSummary} title=${t('errors.summary')} message=${woundError(t, lang, err)} />
      <${Field} id="wound-name" label=${t('wounds.name')} help=${t('wounds.nameHelp')} value=${name} onInput=${setName}
        error=${err && err.field === 'name' ? t('wounds.errors.name') : null} />
      <${TextArea} id="wound-note" label=${`${t('wounds.note')} ${t('common.optional')}`} value=${note} onInput=${setNote} rows="2"
        error=${err && err.field === 'note' ? t('wounds.errors.note') : null} />
      <button type="submit" class="primary">${t('wounds.add')}</button>
      <${Status} message=${said} />
    </form>`;
}

// Sends one photo as the raw body, with the optional time it was taken and a note.
function UploadPhoto({ t, lang, client, w, onUploaded }) {
  const [file, setFile] = useState(null);
  const [takenAt, setTakenAt] = useState('');
  const [note, setNote] = useState('');
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState('');
  const input = useRef(null);
  const prefix = `photo-${w.id}`;
  const submit = async (e) => {
    e.preventDefault();
    setSaid('');
    if (!file) {
      setErr({ field: 'file' });
      return;
    }
    const query = new URLSearchParams();
    if (takenAt) {
      const at = new Date(takenAt);
      if (!Number.isNaN(at.getTime())) query.set('taken_at', at.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    }
    if (note.trim()) query.set('note', note.trim());
    const qs = query.toString();
    setBusy(true);
    try {
      await upload(`/clients/${client}/wounds/${w.id}/photos${qs ? `?${qs}` : ''}`, file);
      setErr(null);
      setFile(null);
      setTakenAt('');
      setNote('');
      if (input.current) input.current.value = '';
      setSaid(t('wounds.uploaded'));
      onUploaded();
    } catch (x) {
      // A photo over the limit is answered 413 before its bytes are read; a browser still sending
      // them may see the connection close instead. A large file that got no answer was too large.
      setErr(x.code === 'network' && file.size > 10 * 1024 * 1024 ? { status: 413, code: 'payload_too_large' } : x);
    }
    setBusy(false);
  };
  const message = err && (err.field === 'file' ? t('wounds.choosePhoto') : woundError(t, lang, err));
  // What is wrong with the photo itself belongs with the file field; a time or a note with theirs.
  const at = (field) => (err && (err.field === field || (field === 'photo' && !['taken_at', 'note'].includes(err.field))) ? message : null);
  const fileId = `${prefix}-file`;
  const fileErr = at('photo');
  return html`
    <form class="upload-photo" onSubmit=${submit} novalidate aria-labelledby=${`${prefix}-heading`}>
      <h4 id=${`${prefix}-heading`}>${t('wounds.uploadHeading')}</h4>
      <${ErrorSummary} title=${t('errors.summary')} message=${message} />
      <div class=${`field${fileErr ? ' has-error' : ''}`}>
        <label for=${fileId}>${t('wounds.photo')}</label>
        <p class="help" id=${`${fileId}-help`}>${t('wounds.photoHelp')}</p>
        ${fileErr && html`<p class="field-error" id=${`${fileId}-error`}>${fileErr}</p>`}
        <input id=${fileId} type="file" accept="image/jpeg,image/png" capture="environment" ref=${input}
          aria-invalid=${fileErr ? 'true' : undefined} aria-describedby=${[`${fileId}-help`, fileErr && `${fileId}-error`].filter(Boolean).join(' ')}
          onChange=${(e) => { setFile(e.currentTarget.files[0] || null); setErr(null); setSaid(''); }} />
      </div>
      <${Field} id=${`${prefix}-taken`} type="datetime-local" label=${`${t('wounds.takenAt')} ${t('common.optional')}`}
        help=${t('wounds.takenAtHelp')} value=${takenAt} onInput=${setTakenAt} error=${at('taken_at')} />
      <${TextArea} id=${`${prefix}-note`} label=${`${t('wounds.photoNote')} ${t('common.optional')}`} value=${note}
        onInput=${setNote} rows="2" error=${at('note')} />
      <button type="submit" class="primary" disabled=${busy}>${t('wounds.upload')}</button>
      <${Status} message=${busy ? t('wounds.uploading') : said} />
    </form>`;
}

function when(lang, p) {
  return formatDate(lang, p.taken_at, true);
}

function Photo({ t, lang, w, p, full }) {
  const src = ownPath(full ? p.url : p.thumb_url);
  if (!src) return null;
  // The thumbnail is at most 320 pixels wide; its height follows the photo's shape.
  const width = full ? p.width : Math.min(320, p.width);
  const height = full ? p.height : Math.max(1, Math.round((width * p.height) / Math.max(1, p.width)));
  return html`<img src=${src} alt=${t('wounds.alt', { name: w.name, date: when(lang, p) })} width=${width} height=${height}
    decoding="async" />`;
}

// Two photos of the wound side by side, chosen by their date (by default the first and the last).
function Compare({ t, lang, w, photos }) {
  const [a, setA] = useState(String(photos[0].id));
  const [b, setB] = useState(String(photos[photos.length - 1].id));
  const pick = (id) => photos.find((p) => String(p.id) === id) || photos[0];
  // Short, so that a narrow phone shows the whole of it: "20 nov 2026 10:00".
  const short = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'medium', timeStyle: 'short' });
  const options = photos.map((p) => [String(p.id), short.format(new Date(p.taken_at))]);
  const select = (id, label, value, set) => html`
    <div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} value=${value} onChange=${(e) => set(e.currentTarget.value)}>
        ${options.map(([v, l]) => html`<option value=${v} selected=${v === value}>${l}</option>`)}
      </select>
    </div>`;
  const side = (p) => html`
    <figure class="photo">
      <${Photo} t=${t} lang=${lang} w=${w} p=${p} full=${true} />
      <figcaption><time datetime=${p.taken_at}>${when(lang, p)}</time>${p.note && html`<br />${p.note}`}</figcaption>
    </figure>`;
  return html`
    <section class="compare" aria-labelledby=${`compare-${w.id}`}>
      <h4 id=${`compare-${w.id}`}>${t('wounds.compareHeading')}</h4>
      <div class="compare-choice">
        ${select(`compare-${w.id}-a`, t('wounds.compareFirst'), a, setA)}
        ${select(`compare-${w.id}-b`, t('wounds.compareSecond'), b, setB)}
      </div>
      <div class="side-by-side">${side(pick(a))}${side(pick(b))}</div>
    </section>`;
}

// Removing a photo takes a second, explicit yes.
function ConfirmRemove({ t, lang, p, onYes, onNo }) {
  const text = useRef(null);
  useEffect(() => { if (text.current) text.current.focus(); }, []);
  return html`
    <div class="alert warn confirm" role="group" aria-labelledby=${`remove-photo-${p.id}`}>
      <p id=${`remove-photo-${p.id}`} tabindex="-1" ref=${text}>${t('wounds.removeConfirm', { date: when(lang, p) })}</p>
      <button type="button" class="danger" onClick=${onYes}>${t('wounds.removeYes')}</button>
      <button type="button" onClick=${onNo}>${t('wounds.removeNo')}</button>
    </div>`;
}

// A wound's photos, oldest first, with the form to add one and the side-by-side view.
function Timeline({ t, lang, client, w, readOnly, onChanged, failed }) {
  const [photos, setPhotos] = useState(null);
  const [asking, setAsking] = useState(null); // the id of the photo to remove, once asked
  const [err, setErr] = useState(null);
  const [said, setSaid] = useState('');
  const heading = useRef(null);
  const load = async () => {
    try {
      setPhotos(await request('GET', `/clients/${client}/wounds/${w.id}/photos`));
    } catch (x) {
      failed(x);
    }
  };
  useEffect(() => { load(); }, [w.id]);
  const uploaded = async () => {
    setSaid('');
    await load();
    onChanged();
  };
  const remove = async (p) => {
    setAsking(null);
    try {
      await request('DELETE', `/clients/${client}/wounds/${w.id}/photos/${p.id}`);
      setErr(null);
      setSaid(t('wounds.removed'));
      await load();
      onChanged();
    } catch (x) {
      if (x.status === 404) failed(x);
      else setErr(x);
    }
    // The photo and its button are gone: the timeline's heading keeps the keyboard in place.
    if (heading.current) heading.current.focus();
  };
  return html`
    <div class="wound-photos" id=${`wound-${w.id}-photos`}>
      <h4 tabindex="-1" ref=${heading}>${t('wounds.timelineHeading', { name: w.name })}</h4>
      <${ErrorSummary} title=${t('errors.summary')} message=${woundError(t, lang, err)} />
      <${Status} message=${said} />
      ${!photos && html`<p>${t('app.loading')}</p>`}
      ${photos && photos.length === 0 && html`<p>${t('wounds.timelineEmpty')}</p>`}
      ${photos && photos.length > 0 && html`
        <ol class="timeline" aria-label=${t('wounds.timelineHeading', { name: w.name })}>
          ${photos.map((p) => html`
            <li key=${p.id}>
              <figure class="photo">
                <${Photo} t=${t} lang=${lang} w=${w} p=${p} />
                <figcaption><time datetime=${p.taken_at}>${when(lang, p)}</time>${p.note && html`<br />${p.note}`}</figcaption>
              </figure>
              ${!readOnly && (asking === p.id
                ? html`<${ConfirmRemove} t=${t} lang=${lang} p=${p} onYes=${() => remove(p)} onNo=${() => setAsking(null)} />`
                : html`<button type="button" class="small remove-photo" onClick=${() => { setSaid(''); setAsking(p.id); }}>
                    ${t('wounds.removePhoto', { date: when(lang, p) })}</button>`)}
            </li>`)}
        </ol>`}
      ${photos && photos.length >= 2 && html`<${Compare} t=${t} lang=${lang} w=${w} photos=${photos} />`}
      ${!readOnly && html`<${UploadPhoto} t=${t} lang=${lang} client=${client} w=${w} onUploaded=${uploaded} />`}
    </div>`;
}

// Changing a wound's name or note; an empty note removes it.
function EditWound({ t, lang, w, onSave, onCancel }) {
  const [name, setName] = useState(w.name);
  const [note, setNote] = useState(w.note || '');
  const [err, setErr] = useState(null);
  useEffect(() => { const el = document.getElementById(`wound-${w.id}-name`); if (el) el.focus(); }, []);
  const submit = async (e) => {
    e.preventDefault();
    if (!name.trim() || name.trim().length > 80) {
      setErr({ field: 'name', code: 'invalid_input' });
      return;
    }
    const x = await onSave({ name: name.trim(), note: note.trim() });
    if (x) setErr(x);
  };
  return html`
    <form class="edit-wound" onSubmit=${submit} novalidate aria-label=${t('wounds.editLabel', { name: w.name })}>
      <${ErrorSummary} title=${t('errors.summary')} message=${woundError(t, lang, err)} />
      <${Field} id=${`wound-${w.id}-name`} label=${t('wounds.name')} value=${name} onInput=${setName}
        error=${err && err.field === 'name' ? t('wounds.errors.name') : null} />
      <${TextArea} id=${`wound-${w.id}-note`} label=${`${t('wounds.note')} ${t('common.optional')}`} value=${note} onInput=${setNote}
        rows="2" error=${err && err.field === 'note' ? t('wounds.errors.note') : null} />
      <button type="submit" class="primary">${t('common.save')}</button>
      <button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
    </form>`;
}

function Wound({ t, lang, client, w, readOnly, onChanged, failed }) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [err, setErr] = useState(null);
  const [said, setSaid] = useState('');
  const editButton = useRef(null);
  // Returns null when saved, else the error (for a form to show).
  const change = async (body) => {
    setSaid('');
    try {
      await request('PATCH', `/clients/${client}/wounds/${w.id}`, body);
      setErr(null);
      await onChanged();
      return null;
    } catch (x) {
      if (x.status === 404) failed(x);
      return x;
    }
  };
  const healed = async (on) => {
    const x = await change({ healed: on });
    if (x && x.status !== 404) setErr(x);
  };
  const save = async (body) => {
    const x = await change(body);
    if (!x) {
      setEditing(false);
      setSaid(t('wounds.changed'));
      setTimeout(() => editButton.current && editButton.current.focus());
    }
    return x;
  };
  const count = w.photos === 1 ? t('wounds.photoCountOne') : t('wounds.photoCountMany', { n: w.photos });
  const photos = w.photos > 0 ? `${count}, ${t('wounds.lastPhoto', { date: formatDate(lang, w.last_photo_at) })}` : t('wounds.noPhotos');
  return html`
    <li class=${`wound card${w.healed_at ? ' healed' : ''}`}>
      <h3 id=${`wound-${w.id}`}>${w.name}</h3>
      ${w.note && html`<p class="prose">${w.note}</p>`}
      <p>${photos}</p>
      <p class=${w.healed_at ? 'healed-mark' : 'open'}>${w.healed_at ? t('wounds.healedOn', { date: formatDate(lang, w.healed_at) }) : t('wounds.notHealed')}</p>
      <${ErrorSummary} title=${t('errors.summary')} message=${woundError(t, lang, err)} />
      <${Status} message=${said} />
      ${editing && html`<${EditWound} t=${t} lang=${lang} w=${w} onSave=${save}
        onCancel=${() => { setEditing(false); setTimeout(() => editButton.current && editButton.current.focus()); }} />`}
      <div class="actions-row">
        <button type="button" aria-expanded=${open ? 'true' : 'false'} aria-controls=${`wound-${w.id}-photos`}
          aria-describedby=${`wound-${w.id}`} onClick=${() => setOpen(!open)}>${open ? t('wounds.hide') : t('wounds.show')}</button>
        ${!readOnly && html`<button type="button" aria-describedby=${`wound-${w.id}`} onClick=${() => healed(!w.healed_at)}>
          ${w.healed_at ? t('wounds.markNotHealed') : t('wounds.markHealed')}</button>`}
        ${!readOnly && !editing && html`<button type="button" ref=${editButton} aria-describedby=${`wound-${w.id}`}
          onClick=${() => { setSaid(''); setEditing(true); }}>${t('wounds.edit')}</button>`}
      </div>
      ${open && html`<${Timeline} t=${t} lang=${lang} client=${client} w=${w} readOnly=${readOnly} onChanged=${onChanged} failed=${failed} />`}
    </li>`;
}

// client, owner, readOnly: someone else's wounds, shared with me (see Shared.js).
export function Wounds({ t, lang, client = 'me', owner, readOnly }) {
  const shared = useContext(SharedRecord);
  const [wounds, setWounds] = useState(null);
  const [err, setErr] = useState(null);
  const failed = (x) => {
    // Someone else's wounds answer 404 when the right was just taken back.
    if (shared && x.status === 404) shared.lost('photos');
    else setErr(x);
  };
  const load = async () => {
    try {
      setWounds(await request('GET', `/clients/${client}/wounds`));
      setErr(null);
    } catch (x) {
      failed(x);
    }
  };
  useEffect(() => { load(); }, [client]);
  return html`
    ${!owner && html`<h1 tabindex="-1">${t('wounds.heading')}</h1>
      <p class="lead">${t('wounds.intro')}</p>
      <p>${t('wounds.private')}</p>`}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    <h2>${owner ? t('wounds.sharedListHeading') : t('wounds.listHeading')}</h2>
    ${!wounds && !err && html`<p>${t('app.loading')}</p>`}
    ${wounds && wounds.length === 0 && html`<p>${t('wounds.none')}</p>`}
    ${wounds && wounds.length > 0 && html`
      <ul class="wounds">${wounds.map((w) => html`<${Wound} key=${w.id} t=${t} lang=${lang} client=${client} w=${w}
        readOnly=${readOnly} onChanged=${load} failed=${failed} />`)}</ul>`}
    ${!readOnly && html`<${AddWound} t=${t} lang=${lang} client=${client} onAdded=${load} />`}`;
}
