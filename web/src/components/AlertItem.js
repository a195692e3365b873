// One alert in plain words: what happened, when, who was told, who took it up and what was done,
// with the buttons to take it up ("Ik pak het op") and to close it with a note, for whoever may.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { TextArea } from './Choice.js';
import { errorMessage } from '../errors.js';
import { alertSentence, whenWords, namesWords } from '../alertwords.js';
import { momentWords } from '../days.js';

// How an alert stands now, in sentences.
function stateLines(t, lang, a, me) {
  const lines = [];
  const mine = (p) => Boolean(p && me && p.id === me.id);
  const person = (p) => (mine(p) ? t('alerts.you') : (p && p.name) || t('roles.someone'));
  if (a.told.length === 0) lines.push(t('alerts.toldNobody'));
  else {
    lines.push(t('alerts.told', {
      names: namesWords(t, a.told.map((p) => t('alerts.toldAt', { name: person(p), time: momentWords(lang, p.at).time }))),
    }));
  }
  if (a.acknowledged_by) {
    lines.push(t(mine(a.acknowledged_by) ? 'alerts.takenYou' : 'alerts.taken',
      { name: person(a.acknowledged_by), when: whenWords(t, lang, a.acknowledged_at) }));
  }
  else if (a.status === 'open') lines.push(t('alerts.notTaken'));
  if (a.status === 'open' && a.next_step_at) lines.push(t('alerts.nextStep', { time: momentWords(lang, a.next_step_at).time }));
  if (a.status === 'closed') {
    lines.push(t(mine(a.closed_by) ? 'alerts.closedYou' : 'alerts.closedBy', { name: person(a.closed_by), when: whenWords(t, lang, a.closed_at) }));
    if (a.closed_note) lines.push(t('alerts.note', { note: a.closed_note }));
  }
  return lines;
}

// own: the client's own alert; manager: may act on any alert of the client; onChanged(message):
// after a change (or a refusal that means the list is stale), so that the list asks again.
export function AlertItem({ t, lang, kinds, alert: a, own, me, manager, onChanged }) {
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const told = a.told.some((p) => me && p.id === me.id);
  const mayAct = own || manager || told;
  const id = `alert-${a.id}`;
  const act = async (path, body, said) => {
    try {
      await request('POST', `/alerts/${a.id}/${path}`, body);
      setError(null);
      setClosing(false);
      onChanged(said);
    } catch (x) {
      // Someone else was quicker: say so plainly, and show how it stands now.
      if (x.status === 409) onChanged(t('alerts.tooLate'));
      else setError(errorMessage(t, x));
    }
  };
  const close = (e) => {
    e.preventDefault();
    act('close', note.trim() ? { note: note.trim() } : {}, t('alerts.closedIt'));
  };
  const raised = momentWords(lang, a.raised_at);
  return html`
    <li class=${`alert-item is-${a.status} is-${a.severity}`}>
      <p class="alert-meta">
        <span class=${`alert-badge is-${a.status === 'closed' ? 'closed' : a.severity}`}>${t(`alerts.status.${a.status}`)}</span>
        ${' '}<time datetime=${a.raised_at}>${t('week.at', { day: raised.day, time: raised.time })}</time>
        ${a.status !== 'closed' && a.severity === 'urgent' && html` <strong>${t('alerts.severity.urgent')}</strong>`}
      </p>
      <div id=${id}>${alertSentence(t, lang, kinds, a, own).map((s, i) => html`<p class=${i === 0 ? 'alert-what' : ''}>${s}</p>`)}</div>
      <ul class="alert-state">${stateLines(t, lang, a, me).map((s) => html`<li>${s}</li>`)}</ul>
      ${error && html`<p class="field-error" role="alert">${error}</p>`}
      ${mayAct && a.status !== 'closed' && !closing && html`
        <div class="item-actions alert-actions">
          ${a.status === 'open' && !own && html`<button type="button" class="primary" aria-describedby=${id}
            onClick=${() => act('acknowledge', undefined, t('alerts.tookIt'))}>${t('alerts.take')}</button>`}
          <button type="button" aria-describedby=${id} onClick=${() => setClosing(true)}>${t('alerts.close')}</button>
        </div>`}
      ${closing && html`
        <form class="alert-close" onSubmit=${close}>
          <${TextArea} id=${`alert-note-${a.id}`} label=${`${t('alerts.noteLabel')} ${t('common.optional')}`} value=${note}
            onInput=${setNote} rows="2" />
          <div class="item-actions">
            <button type="submit" class="primary" aria-describedby=${id}>${t('alerts.closeConfirm')}</button>
            <button type="button" onClick=${() => setClosing(false)}>${t('common.cancel')}</button>
          </div>
        </form>`}
    </li>`;
}
