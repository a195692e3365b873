// "Hoe gaat het?": a mood with a face, a few words, which goals went well or not, at my own rhythm.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useList, formatDate } from '../record.js';
import { TextArea, CheckSet, Radios } from '../components/Choice.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { Face } from '../components/Charts.js';
import { errorMessage } from '../errors.js';

// The face is a picture; screen readers get the translated label beside it.
export function Mood({ t, mood }) {
  return html`<span class="mood"><${Face} mood=${mood} /> ${t(`checkin.moods.${mood}`)}</span>`;
}

// client, owner, readOnly: someone else's check-ins, shared with me (see Shared.js).
export function Checkin({ t, lang, client = 'me', owner, readOnly }) {
  const list = useList('checkins', client);
  const goals = useList('goals', client);
  const rhythm = useList('checkins/rhythm', client);
  const [mood, setMood] = useState(null);
  const [text, setText] = useState('');
  const [well, setWell] = useState([]);
  const [badly, setBadly] = useState([]);
  const [saved, setSaved] = useState(false);
  const current = rhythm.items && rhythm.items.length ? rhythm.items[rhythm.items.length - 1].rhythm : 'whenever';
  const save = async (e) => {
    e.preventDefault();
    const body = { mood: mood === null ? null : Number(mood), went_well: well, went_badly: badly };
    if (text) body.text = text;
    if (await list.add(body)) { setMood(null); setText(''); setWell([]); setBadly([]); setSaved(true); }
  };
  const goalOptions = (goals.items || []).map((g) => [g.id, g.text]);
  // The goals a check-in names; none when the plan is not shared with me, and then no line at all.
  const names = (ids) => (ids || []).map((id) => ((goals.items || []).find((g) => g.id === id) || {}).text).filter(Boolean);
  const named = (key, ids) => names(ids).length > 0 && html`<p>${t(key)}: ${names(ids).join(', ')}</p>`;
  return html`
    ${!owner && html`<h1 tabindex="-1">${t('checkin.heading')}</h1>
      <p class="lead">${t('checkin.intro')}</p>`}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, list.error)} />
    ${readOnly && list.items && list.items.length === 0 && html`<p>${t('common.none')}</p>`}
    ${!readOnly && html`<form onSubmit=${save}>
      <fieldset class="field radios moods">
        <legend>${t('checkin.mood')}</legend>
        ${[1, 2, 3, 4, 5].map((m) => html`
          <label class="radio mood-choice"><input type="radio" name="mood" value=${m} checked=${mood === m}
            onChange=${() => { setMood(m); setSaved(false); }} /> <${Mood} t=${t} mood=${m} /></label>`)}
      </fieldset>
      <${TextArea} id="checkin-text" label=${t('checkin.text')} value=${text} onInput=${setText} />
      ${goalOptions.length > 0 && html`
        <${CheckSet} name="went-well" legend=${t('checkin.wentWell')} values=${well} onChange=${setWell} options=${goalOptions} />
        <${CheckSet} name="went-badly" legend=${t('checkin.wentBadly')} values=${badly} onChange=${setBadly} options=${goalOptions} />`}
      <button type="submit" class="primary">${t('checkin.save')}</button>
      <${Status} message=${saved ? t('common.saved') : ''} />
    </form>
    <${Radios} name="rhythm" legend=${t('checkin.rhythm')} value=${current} onChange=${(v) => rhythm.add({ rhythm: v })}
      options=${['daily', 'weekly', 'whenever'].map((r) => [r, t(`checkin.rhythms.${r}`)])} />`}
    ${list.items && list.items.length > 0 && html`
      <h2>${t('checkin.history')}</h2>
      <ul class="checkins">
        ${[...list.items].reverse().map((c) => html`
          <li key=${c.id}><p><strong>${formatDate(lang, c.created_at, true)}</strong>: <${Mood} t=${t} mood=${c.mood} /></p>
            ${c.text && html`<p class="prose">${c.text}</p>`}
            ${named('checkin.wentWell', c.went_well)}
            ${named('checkin.wentBadly', c.went_badly)}
          </li>`)}
      </ul>`}`;
}
