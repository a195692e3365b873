// "Ik heb hulp nodig": on every page of the client's own record. It opens a small dialog with an
// optional short text and a confirm; then it says plainly who was told, and shows the call while it
// is open (who took it up, live). Pressed again while a call is open, it shows that call and calls
// nobody again. When nobody receives alerts yet it says so, with the way to choose someone: it
// never pretends that help is on its way.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { useLive } from '../live.js';
import { TextArea } from './Choice.js';
import { errorMessage } from '../errors.js';
import { namesWords, whenWords } from '../alertwords.js';

const MAX_TEXT = 280;

// The call as it stands: who was told, who took it up; or that nobody was told.
// It takes the keyboard (`focus`) when it replaces the form, so that it is read at once; who takes
// the call up later is said politely. onLeave: a link goes to another page, and the dialog closes.
function CallState({ t, lang, call, again, focus, onLeave }) {
  const names = call.told.map((p) => p.name || t('roles.someone'));
  const box = useRef(null);
  useEffect(() => { if (focus && box.current) box.current.focus(); }, []);
  return html`
    <div class="help-call" tabindex="-1" ref=${box}>
      ${again && html`<p><strong>${t('helpButton.already', { when: whenWords(t, lang, call.raised_at) })}</strong></p>`}
      ${names.length > 0 ? html`
        <p class="alert ok"><strong>${t(names.length === 1 ? 'helpButton.toldOne' : 'helpButton.toldMany', { names: namesWords(t, names) })}</strong></p>
        <p aria-live="polite">${call.acknowledged_by ? t('helpButton.taken', { name: call.acknowledged_by.name || t('roles.someone') }) : t('helpButton.notTaken')}</p>
        ${!call.acknowledged_by && call.next_step_at && html`<p>${t('helpButton.next')}</p>`}` : html`
        <div class="alert warn">
          <p><strong>${t('helpButton.nobody')}</strong></p>
          <p>${t('helpButton.nobodyWhy')} <a href="#/network" onClick=${onLeave}>${t('helpButton.toNetwork')}</a></p>
        </div>`}
      <p><a href="#/alerts" onClick=${onLeave}>${t('helpButton.toAlerts')}</a></p>
    </div>`;
}

export function HelpButton({ t, lang, me }) {
  const [open, setOpen] = useState(false);
  const [call, setCall] = useState(null);      // the open call for help, or null
  const [again, setAgain] = useState(false);   // the dialog shows a call made before it opened
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef(null);
  const button = useRef(null);
  // Counts the askings and the calls: an answer that comes in after a newer one is not shown.
  const turn = useRef(0);
  // The open call for help, if any: asked when the dialog opens and when something changes live.
  const ask = async () => {
    const mine = ++turn.current;
    const r = await request('GET', '/clients/me/alerts?open=1&limit=50');
    const found = r.items.find((a) => a.kind === 'help') || null;
    if (mine === turn.current) setCall(found);
    return found;
  };
  useEffect(() => { ask().catch(() => {}); }, []);
  useLive((name, data) => {
    if (name === 'open' || (data.client_id === me.id && data.kind === 'help')) ask().catch(() => {});
  });
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const show = async () => {
    setError(null);
    setText('');
    setOpen(true);
    try {
      setAgain(Boolean(await ask()));
    } catch (x) {
      setError(errorMessage(t, x));
    }
  };
  const hide = () => {
    setOpen(false);
    if (button.current) button.current.focus();
  };
  const send = async (e) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const body = text.trim() ? { text: text.trim().slice(0, MAX_TEXT) } : {};
      const known = call && call.id;
      const made = await request('POST', '/clients/me/help', body);
      // 200 with the call that was still open: nobody is called twice, and the page says so.
      setAgain(made.id === known);
      // The reply does not say who was told (its "told" is empty): the call is asked for as it stands.
      const now = await ask();
      if (!now) setCall(made);
      setError(null);
    } catch (x) {
      setError(errorMessage(t, x));
    }
    setBusy(false);
  };
  return html`
    <section class="help-bar" aria-label=${t('helpButton.region')}>
      <button type="button" class="help-now" ref=${button} aria-haspopup="dialog" onClick=${show}>${t('helpButton.button')}</button>
      ${call && !open && html`<p class="help-open"><a href="#/alerts">${t('helpButton.openNow')}</a></p>`}
      <dialog class="help-dialog" ref=${dialog} aria-labelledby="help-dialog-title" onClose=${() => { if (open) hide(); }}>
        <h2 id="help-dialog-title">${t('helpButton.title')}</h2>
        ${error && html`<p class="field-error" role="alert">${error}</p>`}
        ${open && call && html`<${CallState} t=${t} lang=${lang} call=${call} again=${again} focus=${true}
          onLeave=${() => setOpen(false)} />`}
        ${open && !call && html`
          <form onSubmit=${send}>
            <p>${t('helpButton.explain')}</p>
            <${TextArea} id="help-now-text" label=${`${t('helpButton.text')} ${t('common.optional')}`} value=${text}
              onInput=${setText} rows="2" help=${t('helpButton.textHelp')} />
            <p class="muted">${t('helpButton.emergency')}</p>
            <div class="item-actions wrap">
              <button type="submit" class="primary big" disabled=${busy}>${t('helpButton.confirm')}</button>
              <button type="button" onClick=${hide}>${t('common.cancel')}</button>
            </div>
          </form>`}
        ${open && call && html`<p><button type="button" onClick=${hide}>${t('helpButton.close')}</button></p>`}
      </dialog>
    </section>`;
}
