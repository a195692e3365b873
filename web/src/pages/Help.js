// Hulp vragen: the client asks their network for help on a day or for a period, sees who took
// what and closes it; the people who support clients see what is asked of them, say "I'll do
// it", and see their own week. Someone can be both, and then sees both.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { has } from '../i18n.js';
import { Field } from '../components/Field.js';
import { Radios, CheckSet, TextArea } from '../components/Choice.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { Week } from '../components/Week.js';
import { errorMessage } from '../errors.js';
import { dayWords } from '../days.js';
import { nameWithRole } from '../people.js';
import { useClientPath } from '../network.js';

// When, in words: "maandag 14 december, 10:00" or "1 december tot en met 3 december".
export function whenWords(t, lang, h) {
  const day = dayWords(lang, h.day);
  const base = h.until && h.until !== h.day ? t('help.period', { from: day, until: dayWords(lang, h.until) }) : day;
  return h.time ? t('help.withTime', { when: base, time: h.time }) : base;
}

// What the request is, with its time when it has one, for the lines of a week.
function whatWords(t, h) {
  return h.time ? t('help.withTime', { when: h.text, time: h.time }) : h.text;
}

// The form's own words for a refused field, else the general message.
function fieldMessage(t, lang, err, field) {
  if (!err || err.field !== field) return null;
  return has(lang, `help.errors.${field}`) ? t(`help.errors.${field}`) : errorMessage(t, err);
}

function statusWords(t, h, nameOf) {
  if (h.status === 'taken') return t('help.takenBy', { name: nameOf(h.taken_by) });
  return t(`help.status.${h.status}`);
}

const blank = { text: '', day: '', until: '', time: '', to: 'everyone', chosen: [] };

// helpers: the members who see help requests, the only ones a request can be meant for.
function AskForm({ t, lang, helpers, onAsked }) {
  const client = useClientPath();
  const [f, setF] = useState(blank);
  const [err, setErr] = useState(null);
  const [sent, setSent] = useState(false);
  const set = (k) => (v) => { setF({ ...f, [k]: v }); setSent(false); };
  const ask = async (e) => {
    e.preventDefault();
    const body = { text: f.text, day: f.day };
    if (f.until) body.until = f.until;
    if (f.time.trim()) body.time = f.time.trim();
    if (f.to === 'chosen') body.for = f.chosen;
    try {
      await request('POST', `/clients/${client}/help-requests`, body);
      setErr(null);
      setF(blank);
      setSent(true);
      onAsked();
    } catch (x) {
      setErr(x);
    }
  };
  const msg = (field) => fieldMessage(t, lang, err, field);
  return html`
    <form class="ask-help" onSubmit=${ask}>
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
      ${helpers.length === 0 && html`<p class="alert warn">${t('help.noHelpers')} <a href="#/network">${t('help.toNetwork')}</a></p>`}
      <${TextArea} id="help-text" label=${t('help.text')} value=${f.text} onInput=${set('text')} rows="2" error=${msg('text')} />
      <${Field} id="help-day" type="date" label=${t('help.day')} value=${f.day} onInput=${set('day')} error=${msg('day')} />
      <${Field} id="help-until" type="date" label=${`${t('help.until')} ${t('common.optional')}`} help=${t('help.untilHelp')}
        value=${f.until} onInput=${set('until')} error=${msg('until')} />
      <${Field} id="help-time" label=${`${t('help.time')} ${t('common.optional')}`} help=${t('help.timeHelp')}
        value=${f.time} onInput=${set('time')} error=${msg('time')} />
      <${Radios} name="help-to" legend=${t('help.to')} value=${f.to} onChange=${set('to')} error=${msg('for')}
        options=${[['everyone', t('help.everyone')], ['chosen', t('help.chosen')]]} />
      ${f.to === 'chosen' && helpers.length > 0 && html`
        <${CheckSet} name="help-for" legend=${t('help.choose')} values=${f.chosen} onChange=${set('chosen')}
          options=${helpers.map((m) => [m.id, nameWithRole(t, lang, m)])} />`}
      <button type="submit" class="primary">${t('help.ask')}</button>
      <${Status} message=${sent ? t('help.sent') : ''} />
    </form>`;
}

function ClientRequest({ t, lang, h, nameOf, onClose }) {
  const id = `help-mine-${h.id}`;
  const open = h.status === 'open' || h.status === 'taken';
  return html`
    <li class="help-request">
      <p id=${id}><strong>${h.text}</strong></p>
      <p>${whenWords(t, lang, h)}</p>
      <p class="muted">${h.for ? t('help.forSome', { names: h.for.map(nameOf).join(', ') }) : t('help.forAll')}</p>
      <p class=${`help-status ${h.status}`}>${statusWords(t, h, nameOf)}</p>
      ${open && html`
        <div class="item-actions">
          <button type="button" aria-describedby=${id} onClick=${() => onClose(h, 'done')}>${t('help.done')}</button>
          <button type="button" aria-describedby=${id} onClick=${() => onClose(h, 'cancelled')}>${t('help.cancel')}</button>
        </div>`}
    </li>`;
}

function ClientHelp({ t, lang }) {
  const client = useClientPath();
  const [items, setItems] = useState(null);
  const [members, setMembers] = useState([]);
  const [err, setErr] = useState(null);
  const listHeading = useRef(null);
  const load = async () => {
    try {
      setItems(await request('GET', `/clients/${client}/help-requests`));
      setErr(null);
    } catch (x) {
      setErr(x);
    }
  };
  useEffect(() => {
    load();
    request('GET', `/clients/${client}/members`).then(setMembers, () => setMembers([]));
  }, []);
  const nameOf = (id) => (members.find((m) => m.id === id) || {}).name || t('roles.someone');
  const close = async (h, status) => {
    try {
      await request('PATCH', `/clients/${client}/help-requests/${h.id}`, { status });
      await load();
    } catch (x) {
      setErr(x);
    }
    // The buttons pressed are gone now; the list's heading keeps the keyboard in place.
    if (listHeading.current) listHeading.current.focus();
  };
  const current = (items || []).filter((h) => h.status === 'open' || h.status === 'taken');
  const closed = (items || []).filter((h) => h.status === 'done' || h.status === 'cancelled');
  const line = (h) => html`<li key=${h.id}>${t('help.weekLine', { what: whatWords(t, h), who: h.taken_by ? t('help.takenBy', { name: nameOf(h.taken_by) }) : t('help.nobodyYet') })}</li>`;
  return html`
    <section aria-labelledby="help-mine" class="help-section">
      <h2 id="help-mine">${t('help.mine')}</h2>
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
      <h3>${t('help.askHeading')}</h3>
      <${AskForm} t=${t} lang=${lang} helpers=${members.filter((m) => m.rights && m.rights.help_requests)} onAsked=${load} />
      <h3 tabindex="-1" ref=${listHeading}>${t('help.current')}</h3>
      ${items && current.length === 0 && html`<p>${t('help.noneCurrent')}</p>`}
      <ul class="help-requests">${current.map((h) => html`<${ClientRequest} key=${h.id} t=${t} lang=${lang} h=${h} nameOf=${nameOf} onClose=${close} />`)}</ul>
      ${closed.length > 0 && html`
        <details class="closed-help">
          <summary>${t('help.closed', { n: closed.length })}</summary>
          <ul class="help-requests">${closed.map((h) => html`<${ClientRequest} key=${h.id} t=${t} lang=${lang} h=${h} nameOf=${nameOf} />`)}</ul>
        </details>`}
      <h3>${t('help.myWeek')}</h3>
      <${Week} t=${t} lang=${lang} items=${current} line=${line} label=${t('help.myWeek')} />
    </section>`;
}

function MemberHelp({ t, lang, me }) {
  const [items, setItems] = useState(null);
  const [problem, setProblem] = useState(null);
  const [said, setSaid] = useState('');
  const doing = useRef(null);
  const load = async () => {
    try {
      setItems(await request('GET', '/help-requests'));
    } catch (x) {
      setProblem(errorMessage(t, x));
    }
  };
  useEffect(() => { load(); }, []);
  const offer = async (h) => {
    setSaid('');
    try {
      await request('POST', `/clients/${h.client.id}/help-requests/${h.id}/offer`);
      setProblem(null);
      setSaid(t('help.offered', { name: h.client.name }));
    } catch (x) {
      // Someone else was quicker: say so in plain words rather than "conflict".
      setProblem(x.status === 409 ? t('help.tooLate') : errorMessage(t, x));
    }
    await load();
    if (doing.current) doing.current.focus();
  };
  const asked = (items || []).filter((h) => h.status === 'open');
  const mine = (items || []).filter((h) => h.status === 'taken' && h.taken_by === me.id);
  const key = (h) => `${h.client.id}-${h.id}`;
  const line = (h) => html`<li key=${key(h)}>${t('help.weekFor', { name: h.client.name, what: whatWords(t, h) })}</li>`;
  return html`
    <section aria-labelledby="help-others" class="help-section">
      <h2 id="help-others">${t('help.others')}</h2>
      <${ErrorSummary} title=${t('errors.summary')} message=${problem} />
      <h3>${t('help.askedOfYou')}</h3>
      ${items && asked.length === 0 && html`<p>${t('help.noneAsked')}</p>`}
      <ul class="help-requests">
        ${asked.map((h) => html`
          <li key=${key(h)} class="help-request">
            <p>${t('help.asks', { name: h.client.name })}</p>
            <p id=${`help-asked-${key(h)}`}><strong>${h.text}</strong></p>
            <p>${whenWords(t, lang, h)}</p>
            <button type="button" class="primary" aria-describedby=${`help-asked-${key(h)}`} onClick=${() => offer(h)}>${t('help.offer')}</button>
          </li>`)}
      </ul>
      <h3 tabindex="-1" ref=${doing}>${t('help.youDo')}</h3>
      <${Status} message=${said} />
      ${items && mine.length === 0 && html`<p>${t('help.noneDoing')}</p>`}
      <ul class="help-requests">
        ${mine.map((h) => html`
          <li key=${key(h)} class="help-request">
            <p>${t('help.forClient', { name: h.client.name })}</p>
            <p><strong>${h.text}</strong></p>
            <p>${whenWords(t, lang, h)}</p>
          </li>`)}
      </ul>
      <h3>${t('help.yourWeek')}</h3>
      <${Week} t=${t} lang=${lang} items=${mine} line=${line} label=${t('help.yourWeek')} />
    </section>`;
}

export function Help({ t, lang, me, owner }) {
  // A representative manages the help requests of the client they represent.
  if (owner) {
    return html`
      <h1 tabindex="-1">${t('help.headingOf', { name: owner })}</h1>
      <${ClientHelp} t=${t} lang=${lang} />`;
  }
  const [supporting, setSupporting] = useState(null);
  useEffect(() => { request('GET', '/supporting').then(setSupporting, () => setSupporting([])); }, []);
  const isClient = (me.roles || []).includes('client');
  const supports = supporting !== null && supporting.length > 0;
  // Someone who supports nobody yet and has no record of their own still learns what this page is for.
  const alone = supporting !== null && !supports && !isClient;
  // Everyone registers as a client, carers too: for someone who supports others, that is what
  // they come here for, so it comes first (and nothing is shown before it is known, so that the
  // page does not jump under the reader's eyes).
  return html`
    <h1 tabindex="-1">${t('help.heading')}</h1>
    <p class="lead">${t(isClient && !supports ? 'help.intro' : 'help.introMember')}</p>
    ${(supports || alone) && html`<${MemberHelp} t=${t} lang=${lang} me=${me} />`}
    ${supporting !== null && isClient && html`<${ClientHelp} t=${t} lang=${lang} />`}`;
}
