// "Wanneer waarschuwen": the client's alert rules in words, whom each tells in what order, whether
// it is paused and why; changing and removing them (whoever manages the alerts), and pausing one
// with a reason everyone sees (its receivers too).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { TextArea, Select } from './Choice.js';
import { RuleForm } from './RuleForm.js';
import { errorMessage } from '../errors.js';
import { ruleSentence, receiversSentence, whenWords } from '../alertwords.js';

// How long a pause lasts, in minutes (the server allows 5 minutes to a week).
const SNOOZES = [60, 240, 480, 1440, 4320, 10080];

function snoozeWords(t, minutes) {
  if (minutes < 1440) return t('alerts.rules.snoozeHours', { n: minutes / 60 });
  return t(minutes === 1440 ? 'alerts.time.day' : 'alerts.time.days', { n: minutes / 1440 });
}

function SnoozeForm({ t, rule, base, onDone, onCancel }) {
  const [minutes, setMinutes] = useState('240');
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    if (!reason.trim()) { setError(t('alerts.rules.reasonNeeded')); return; }
    try {
      await request('POST', `${base}/${rule.id}/snooze`, { minutes: Number(minutes), reason: reason.trim() });
      onDone(t('alerts.rules.snoozed'));
    } catch (x) {
      setError(errorMessage(t, x));
    }
  };
  return html`
    <form class="snooze" onSubmit=${save} novalidate>
      <${Select} id=${`snooze-minutes-${rule.id}`} label=${t('alerts.rules.snoozeFor')} value=${minutes} onChange=${setMinutes}
        options=${SNOOZES.map((m) => [String(m), snoozeWords(t, m)])} />
      <${TextArea} id=${`snooze-reason-${rule.id}`} label=${t('alerts.rules.reason')} help=${t('alerts.rules.reasonHelp')}
        value=${reason} onInput=${setReason} rows="2" error=${error} />
      <div class="item-actions">
        <button type="submit" class="primary">${t('alerts.rules.snooze')}</button>
        <button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
      </div>
    </form>`;
}

function Rule({ t, lang, kinds, rule, base, me, manager, nameOf, people, onChanged, failed }) {
  const [mode, setMode] = useState(null); // null, 'change', 'snooze', 'remove'
  const id = `rule-${rule.id}`;
  const receives = rule.receivers.includes(me.id);
  const done = (message) => { setMode(null); onChanged(message); };
  const act = async (method, path, message) => {
    try {
      await request(method, path);
      done(message);
    } catch (x) {
      failed(x);
    }
  };
  if (mode === 'change') {
    return html`<li class="rule card"><${RuleForm} t=${t} lang=${lang} kinds=${kinds} rule=${rule} base=${base} people=${people}
      nameOf=${nameOf} onSaved=${() => done(t('alerts.rules.changed'))} onCancel=${() => setMode(null)} /></li>`;
  }
  const s = rule.snooze;
  return html`
    <li class="rule card">
      <p id=${id} class="rule-what"><strong>${ruleSentence(t, lang, kinds, rule)}</strong></p>
      <p>${receiversSentence(t, lang, rule, nameOf)}</p>
      ${!rule.enabled && html`<p class="alert-badge is-closed">${t('alerts.rules.off')}</p>`}
      ${s && html`<p class="alert warn">${t('alerts.rules.snoozedUntil', { when: whenWords(t, lang, s.until), name: nameOf(s.by) })}
        ${s.reason && html`<br />${t('alerts.rules.snoozeReason', { reason: s.reason })}`}</p>`}
      ${mode === 'snooze' && html`<${SnoozeForm} t=${t} rule=${rule} base=${base} onDone=${done} onCancel=${() => setMode(null)} />`}
      ${mode === 'remove' && html`
        <div class="confirm" role="group" aria-labelledby=${`${id}-sure`}>
          <p id=${`${id}-sure`}>${t('alerts.rules.removeSure')}</p>
          <button type="button" class="primary" aria-describedby=${id}
            onClick=${() => act('DELETE', `${base}/${rule.id}`, t('alerts.rules.removed'))}>${t('alerts.rules.removeYes')}</button>
          <button type="button" onClick=${() => setMode(null)}>${t('common.cancel')}</button>
        </div>`}
      ${mode === null && html`
        <div class="item-actions wrap">
          ${manager && html`<button type="button" aria-describedby=${id} onClick=${() => setMode('change')}>${t('common.change')}</button>`}
          ${(manager || receives) && !s && html`<button type="button" aria-describedby=${id} onClick=${() => setMode('snooze')}>${t('alerts.rules.snooze')}</button>`}
          ${(manager || receives) && s && html`<button type="button" aria-describedby=${id}
            onClick=${() => act('DELETE', `${base}/${rule.id}/snooze`, t('alerts.rules.unsnoozed'))}>${t('alerts.rules.unsnooze')}</button>`}
          ${manager && html`<button type="button" aria-describedby=${id} onClick=${() => setMode('remove')}>${t('common.remove')}</button>`}
        </div>`}
    </li>`;
}

export function AlertRules({ t, lang, kinds, client, own, me, manager, people, owner, failed }) {
  const base = `/clients/${client}/alert-rules`;
  const [rules, setRules] = useState(null);
  const [adding, setAdding] = useState(false);
  const [said, setSaid] = useState('');
  const heading = useRef(null);
  const load = async () => {
    try {
      setRules(await request('GET', base));
    } catch (x) {
      failed(x);
    }
  };
  useEffect(() => { load(); }, [client]);
  const nameOf = (pid) => {
    if (pid === me.id) return me.name;
    const p = people.find((m) => m.id === pid);
    return p ? p.name : t('roles.someone');
  };
  const changed = (message) => {
    setSaid(message);
    setAdding(false);
    load();
    if (heading.current) heading.current.focus();
  };
  const hasHelp = (rules || []).some((r) => r.kind === 'help');
  return html`
    <section aria-labelledby="rules-heading" class="alert-rules">
      <h2 id="rules-heading" tabindex="-1" ref=${heading}>${t('alerts.rules.heading')}</h2>
      <p>${t(own ? 'alerts.rules.intro' : 'alerts.rules.introMember', { name: owner })}</p>
      <p class="alert ok" role="status">${said}</p>
      ${!rules && html`<p>${t('app.loading')}</p>`}
      ${rules && rules.length === 0 && html`<p>${t('alerts.rules.none')}</p>`}
      ${rules && rules.length > 0 && html`<ul class="rules" aria-label=${t('alerts.rules.listLabel')}>
        ${rules.map((r) => html`<${Rule} key=${r.id} t=${t} lang=${lang} kinds=${kinds} rule=${r} base=${base} me=${me}
          manager=${manager} nameOf=${nameOf} people=${people} onChanged=${changed} failed=${failed} />`)}</ul>`}
      ${manager && rules && (adding
    ? html`<div class="card"><${RuleForm} t=${t} lang=${lang} kinds=${kinds} rule=${null} base=${base} people=${people} nameOf=${nameOf}
        hasHelp=${hasHelp} onSaved=${() => changed(t('alerts.rules.added'))} onCancel=${() => setAdding(false)} /></div>`
    : html`<p><button type="button" class="primary" onClick=${() => { setSaid(''); setAdding(true); }}>${t('alerts.rules.add')}</button></p>`)}
    </section>`;
}
