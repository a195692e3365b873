// Berichten: the conversations around a client. A client sees their own: one with everyone who
// takes part, and one with each person alone. Someone who supports clients also sees the ones of
// each client who shares messages with them. An open conversation reads oldest to newest, and new
// messages come in without reloading the page.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { TextArea } from '../components/Choice.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage } from '../errors.js';
import { momentWords } from '../days.js';
import { nameWithRole } from '../people.js';
import { notificationsChanged, UNREAD_CAP } from '../components/NotificationsLink.js';

const POLL_MS = 15000;

// Where a client's conversations live: `path` is 'me' for my own, else the client's id.
async function sources(me) {
  const out = [];
  if ((me.roles || []).includes('client')) out.push({ client: { id: me.id, name: me.name }, path: 'me' });
  let supporting = [];
  try { supporting = await request('GET', '/supporting'); } catch { /* then only my own */ }
  for (const c of supporting) {
    if ((c.rights && c.rights.messages) || c.acts_on_behalf) out.push({ client: { id: c.id, name: c.name }, path: String(c.id) });
  }
  return out;
}

// The name of a conversation, from where I stand.
function threadName(t, lang, me, source, th) {
  if (th.thread === 0) return t('messages.everyone');
  if (source.path === 'me') return t('messages.withYou', { name: nameWithRole(t, lang, th.with) });
  if (th.with && th.with.id === me.id) return t('messages.withYou', { name: source.client.name });
  return t('messages.between', { client: source.client.name, name: th.with ? th.with.name : t('roles.someone') });
}

// Who reads along: everyone in the conversation with all; in a conversation with one person, the
// client, that person, and the client's representatives (they take part in every one).
function people(t, lang, th) {
  const all = th.people || [];
  const here = th.thread === 0 ? all : all.filter((p) => p.role === null || p.role === 'vertegenwoordiger' || (th.with && p.id === th.with.id));
  return here.map((p) => nameWithRole(t, lang, p)).join(', ');
}

// Messages by id, oldest first, without doubles (a poll brings back what is already shown).
function merge(shown, fresh) {
  const byId = new Map((shown || []).map((m) => [m.id, m]));
  for (const m of fresh) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function Message({ t, lang, me, source, m }) {
  const when = momentWords(lang, m.at);
  const mine = m.from && m.from.id === me.id;
  return html`
    <li class=${mine ? 'message mine' : 'message'}>
      <p class="message-meta"><strong>${mine ? t('messages.you') : (m.from && m.from.name) || t('roles.someone')}</strong>
        ${m.on_behalf && html` ${t('messages.onBehalf', { name: source.path === 'me' ? t('messages.youObject') : source.client.name })}`}
        ${' '}<time datetime=${m.at}>${t('week.at', { day: when.day, time: when.time })}</time></p>
      <p class="prose">${m.text}</p>
    </li>`;
}

function Thread({ t, lang, me, source, th, onBack }) {
  const [items, setItems] = useState(null);
  const [older, setOlder] = useState(undefined); // undefined: not asked yet; null: no older ones
  const [text, setText] = useState('');
  const [err, setErr] = useState(null);
  const [gone, setGone] = useState(false);
  const heading = useRef(null);
  const base = `/clients/${source.path}/messages`;

  // A right taken back answers 404, a conversation I no longer take part in 400 on `thread`.
  const failed = (x) => {
    if (x.status === 404 || (x.status === 400 && x.field === 'thread')) setGone(true);
    else setErr(x);
  };
  const fetchNewest = async () => {
    try {
      const r = await request('GET', `${base}?thread=${th.thread}&limit=50`);
      setItems((shown) => merge(shown, r.items));
      setOlder((o) => (o === undefined ? r.next_before : o));
      setErr(null);
    } catch (x) {
      failed(x);
    }
  };
  useEffect(() => { if (heading.current) heading.current.focus(); }, []);
  // Reading the thread puts a row on the client's access log, so it is not read on a timer: the
  // unread count of my notifications is asked instead (it reads nobody's record), and a new message
  // here, or a right taken back, changes it. Reading the thread marks its notifications read, so
  // the count is taken again after each read.
  const seen = useRef(null);
  const unread = async () => (await request('GET', '/notifications/unread')).unread;
  const readAndCount = async () => {
    await fetchNewest();
    notificationsChanged(); // reading the thread read its notifications: the header counts again
    try { seen.current = await unread(); } catch { /* asked again at the next tick */ }
  };
  useEffect(() => {
    if (gone) return undefined;
    readAndCount();
    const timer = setInterval(async () => {
      if (document.hidden) return;
      try {
        if ((await unread()) !== seen.current) await readAndCount();
      } catch { /* the next tick asks again */ }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [gone]);

  const loadOlder = async () => {
    try {
      const r = await request('GET', `${base}?thread=${th.thread}&limit=50&before=${older}`);
      setItems((shown) => merge(shown, r.items));
      setOlder(r.next_before);
    } catch (x) {
      failed(x);
    }
  };
  const send = async (e) => {
    e.preventDefault();
    try {
      const m = await request('POST', base, { thread: th.thread, text });
      setItems((shown) => merge(shown, [m]));
      setText('');
      setErr(null);
    } catch (x) {
      failed(x);
    }
  };
  const name = threadName(t, lang, me, source, th);
  return html`
    <section class="thread" aria-labelledby="thread-heading">
      <p><button type="button" class="link-button" onClick=${onBack}>${t('messages.back')}</button></p>
      <h2 id="thread-heading" tabindex="-1" ref=${heading}>${name}</h2>
      ${source.path !== 'me' && html`<p>${t('messages.aboutClient', { name: source.client.name })}</p>`}
      <p>${t('messages.people', { names: people(t, lang, th) })}
        ${source.path === 'me' && html` <a href="#/network">${t('messages.changePeople')}</a>`}</p>
      ${gone && html`<p class="alert warn" role="alert">${t('messages.gone')}</p>`}
      ${th.ended && html`<p class="alert warn">${t('messages.endedNote', { name: (th.with && th.with.name) || t('roles.someone') })}</p>`}
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
      ${!gone && html`
        ${older && html`<button type="button" onClick=${loadOlder}>${t('messages.older')}</button>`}
        <div class="message-log" role="log" aria-label=${t('messages.logLabel', { name })}>
          ${items && items.length === 0 && html`<p>${t('messages.empty')}</p>`}
          <ol class="messages">${(items || []).map((m) => html`<${Message} key=${m.id} t=${t} lang=${lang} me=${me} source=${source} m=${m} />`)}</ol>
        </div>
        ${!th.ended && html`<form class="send-message" onSubmit=${send}>
          <${TextArea} id="message-text" label=${t('messages.write')} value=${text} onInput=${setText} rows="3"
            error=${err && err.field === 'text' ? t('messages.textError') : null} />
          <button type="submit" class="primary">${t('messages.send')}</button>
        </form>`}`}
    </section>`;
}

function ThreadList({ t, lang, me, source, threads, onOpen }) {
  const headingId = `threads-${source.path}`;
  return html`
    <section aria-labelledby=${headingId}>
      <h2 id=${headingId}>${source.path === 'me' ? t('messages.mine') : t('messages.ofClient', { name: source.client.name })}</h2>
      ${threads.length === 0 && html`<p>${t('messages.noThreads')}</p>`}
      <ul class="threads">
        ${threads.map((th) => {
          const last = th.last_at && momentWords(lang, th.last_at);
          return html`
            <li key=${th.thread}>
              <button type="button" class="thread-button" id=${`thread-${source.path}-${th.thread}`} onClick=${() => onOpen(source, th)}>
                <span class="thread-name">${threadName(t, lang, me, source, th)}</span>
                ${th.ended && html` <span class="thread-ended">${t('messages.ended')}</span>`}
                ${th.unread > 0 && html` <span class="count">${t(th.unread === 1 ? 'messages.unreadOne' : 'messages.unreadMany', { n: th.unread >= UNREAD_CAP ? '99+' : th.unread })}</span>`}
                ${last && html` <span class="thread-last">${t('messages.last', { when: t('week.at', { day: last.day, time: last.time }) })}</span>`}
              </button>
            </li>`;
        })}
      </ul>
    </section>`;
}

export function Messages({ t, lang, me }) {
  const [groups, setGroups] = useState(null); // [{ client, path, threads }]
  const [open, setOpen] = useState(null);     // { source, th }
  const [err, setErr] = useState(null);
  const back = useRef(null);                  // the id of the button to return focus to
  const load = async () => {
    const out = [];
    for (const s of await sources(me)) {
      try {
        // A conversation with nobody else in it is no conversation: a client without a network has none.
        const threads = (await request('GET', `/clients/${s.path}/messages/threads`)).filter((th) => th.thread !== 0 || (th.people || []).length > 1);
        out.push({ ...s, threads });
      } catch (x) {
        // A client who took the right back is simply no longer listed.
        if (x.status !== 404) setErr(x);
      }
    }
    // Everyone registers as a client, carers too: their own empty list would only be in the way.
    setGroups(out.filter((g) => g.threads.length > 0 || g.path !== 'me'));
  };
  useEffect(() => { load(); }, []);
  // Back from a conversation: the list is fresh (unread counts) and the keyboard is where it was.
  useEffect(() => {
    if (open || !back.current || !groups) return;
    const b = document.getElementById(back.current);
    if (b) b.focus();
    back.current = null;
  }, [open, groups]);

  if (open) {
    return html`
      <h1 tabindex="-1">${t('messages.heading')}</h1>
      <${Thread} key=${`${open.source.path}-${open.th.thread}`} t=${t} lang=${lang} me=${me} source=${open.source} th=${open.th}
        onBack=${() => { back.current = `thread-${open.source.path}-${open.th.thread}`; setOpen(null); load(); }} />`;
  }
  return html`
    <h1 tabindex="-1">${t('messages.heading')}</h1>
    <p class="lead">${t('messages.intro')}</p>
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    ${groups && groups.length === 0 && html`<p>${t('messages.none')}</p>`}
    ${(groups || []).map((g) => html`<${ThreadList} key=${g.path} t=${t} lang=${lang} me=${me} source=${g} threads=${g.threads} onOpen=${(source, th) => setOpen({ source, th })} />`)}`;
}
