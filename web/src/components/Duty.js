// Who is on duty for the client ("Ik heb dienst"): whoever is on duty is told of an alert first.
// A member takes their own duty from now until a time they choose, with a note, and ends it; the
// client (and whoever may change the alerts) may put someone else on duty and end anyone's.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { Field } from './Field.js';
import { Select } from './Choice.js';
import { errorMessage } from '../errors.js';
import { whenWords } from '../alertwords.js';
import { localNow } from '../measure.js';

// Tomorrow at 08:00, local time: a night's duty, the usual case.
function tomorrowMorning() {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(8, 0, 0, 0);
  return localNow(d);
}

export function Duty({ t, lang, client, own, me, manager, people, failed }) {
  const base = `/clients/${client}/duty`;
  const [list, setList] = useState(null);
  const [until, setUntil] = useState(tomorrowMorning());
  const [note, setNote] = useState('');
  const [who, setWho] = useState('');
  const [error, setError] = useState(null);
  const [said, setSaid] = useState('');
  const heading = useRef(null);
  const load = async () => {
    try {
      setList(await request('GET', base));
    } catch (x) {
      failed(x);
    }
  };
  useEffect(() => { load(); }, [client]);
  // The client is never on duty for themself: they choose someone; a member is on duty themself,
  // or (managing the alerts) chooses someone.
  const others = people.filter((p) => p.id !== me.id);
  const choose = manager && others.length > 0 && (own || people.length > 1);
  const member = choose ? Number(who || (own ? others[0].id : me.id)) : me.id;
  const take = async (e) => {
    e.preventDefault();
    const end = new Date(until);
    if (!until || Number.isNaN(end.getTime())) { setError({ field: 'until', code: 'invalid_input' }); return; }
    const body = { until: end.toISOString() };
    if (note.trim()) body.note = note.trim();
    if (member !== me.id) body.member_id = member;
    try {
      await request('POST', base, body);
      setError(null);
      setNote('');
      setSaid(t('alerts.duty.taken'));
      load();
    } catch (x) {
      if (x.status === 404) failed(x);
      else setError(x);
    }
  };
  const end = async (d) => {
    try {
      await request('DELETE', `${base}/${d.id}`);
      setSaid(t('alerts.duty.ended'));
      await load();
    } catch (x) {
      failed(x);
    }
    if (heading.current) heading.current.focus();
  };
  const untilError = error && error.field === 'until' ? t('alerts.duty.untilError') : null;
  const canTake = !own || choose;
  return html`
    <section aria-labelledby="duty-heading" class="duty">
      <h2 id="duty-heading" tabindex="-1" ref=${heading}>${t('alerts.duty.heading')}</h2>
      <p>${t('alerts.duty.intro')}</p>
      <p class="alert ok" role="status">${said}</p>
      ${list && list.length === 0 && html`<p>${t('alerts.duty.none')}</p>`}
      ${list && list.length > 0 && html`<ul class="duty-list" aria-label=${t('alerts.duty.listLabel')}>
        ${list.map((d) => {
    const mine = d.member.id === me.id;
    const line = t(mine ? 'alerts.duty.youUntil' : 'alerts.duty.until', {
      name: d.member.name, from: whenWords(t, lang, d.from), until: whenWords(t, lang, d.until) });
    return html`<li key=${d.id} class="card">
            <p id=${`duty-${d.id}`}>${line}</p>
            ${d.note && html`<p class="muted">${t('alerts.duty.note', { note: d.note })}</p>`}
            ${(mine || manager) && html`<button type="button" aria-describedby=${`duty-${d.id}`} onClick=${() => end(d)}>
              ${t(mine ? 'alerts.duty.endMine' : 'alerts.duty.end')}</button>`}
          </li>`;
  })}</ul>`}
      ${canTake && html`
        <form class="duty-form" onSubmit=${take} novalidate>
          <h3>${t(own ? 'alerts.duty.giveHeading' : 'alerts.duty.takeHeading')}</h3>
          ${error && error.field !== 'until' && html`<p class="field-error" role="alert">${errorMessage(t, error)}</p>`}
          ${choose && html`<${Select} id="duty-member" label=${t('alerts.duty.who')} value=${String(member)} onChange=${setWho}
            options=${(own ? others : people).map((p) => [String(p.id), p.id === me.id ? t('alerts.duty.me') : p.name])} />`}
          <${Field} id="duty-until" type="datetime-local" label=${t('alerts.duty.untilLabel')} value=${until} onInput=${setUntil} error=${untilError} />
          <${Field} id="duty-note" label=${`${t('alerts.duty.noteLabel')} ${t('common.optional')}`} value=${note} onInput=${setNote} />
          <button type="submit" class="primary">${t(own || member !== me.id ? 'alerts.duty.give' : 'alerts.duty.take')}</button>
        </form>`}
    </section>`;
}
