// The top of a client's home: what needs them now. An open alert about them, new messages, a
// help request someone took on, and a check-in that is due; or one calm line when nothing does.
// Everything here is the client's own, so looking leaves no row on anyone's access log.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { today, dayWords } from '../days.js';
import { severityWord, severityClass, alertWhat, sinceWords, takenUpWords } from '../attention.js';
import { UNREAD_CAP } from '../components/NotificationsLink.js';
import { useLive } from '../live.js';

// Asks `path`, and again when an alert about me comes in or changes (live.js); `pick` turns the reply
// into what is kept; a failure keeps `fallback`.
function useAsk(path, pick, fallback) {
  const [value, setValue] = useState(null);
  const load = () => request('GET', path).then((r) => setValue(pick(r)), () => setValue(fallback));
  useEffect(() => { load(); }, [path]);
  useLive((name) => { if (name.startsWith('alert')) load(); });
  return value;
}

const alertsOf = (r) => (r && r.items) || [];
const unreadOf = (threads) => (threads || []).reduce((n, th) => n + (th.unread || 0), 0);
// Help requests someone took on and that are not over yet.
const takenOf = (list) => (list || []).filter((h) => h.status === 'taken' && (h.until || h.day) >= today());

function AlertLine({ t, lang, a }) {
  return html`
    <li class="need">
      <a href="#/alerts"><span class=${severityClass(a.severity)}>${severityWord(t, a.severity)}</span>
        ${' '}${t('home.needs.alert', { what: alertWhat(t, lang, a, true), since: sinceWords(t, lang, a.raised_at) })}</a>
      ${a.acknowledged_by && html` <span class="muted">${takenUpWords(t, a)}</span>`}
    </li>`;
}

// due: whether the client's own rhythm says "Hoe gaat het?" is due (null while not known).
export function NeedsYou({ t, lang, due }) {
  const alerts = useAsk('/clients/me/alerts?open=1', alertsOf, []);
  const unread = useAsk('/clients/me/messages/threads', unreadOf, 0);
  const taken = useAsk('/clients/me/help-requests', takenOf, []);
  const members = useAsk('/clients/me/members', (r) => r || [], []);
  const ready = alerts && unread !== null && taken && members && due !== null;
  const nameOf = (id) => ((members || []).find((m) => m.id === id) || {}).name || t('roles.someone');
  const nothing = ready && alerts.length === 0 && unread === 0 && taken.length === 0 && !due;
  return html`
    <section aria-labelledby="needs-you" class="needs-you">
      <h2 id="needs-you">${t('home.needs.heading')}</h2>
      ${!ready && html`<p>${t('app.loading')}</p>`}
      ${nothing && html`<p class="calm">${t('home.needs.nothing')}</p>`}
      ${ready && !nothing && html`
        <ul class="needs">
          ${alerts.map((a) => html`<${AlertLine} key=${a.id} t=${t} lang=${lang} a=${a} />`)}
          ${unread > 0 && html`<li class="need"><a href="#/messages">${t(unread === 1 ? 'home.needs.messageOne' : 'home.needs.messageMany',
            { n: unread >= UNREAD_CAP ? '99+' : unread })}</a></li>`}
          ${taken.map((h) => html`<li class="need" key=${`h${h.id}`}><a href="#/help">${t('home.needs.helpTaken',
            { name: nameOf(h.taken_by), text: h.text, day: dayWords(lang, h.day) })}</a></li>`)}
          ${due && html`<li class="need"><a href="#/checkin">${t('checkin.due')}</a></li>`}
        </ul>`}
    </section>`;
}
