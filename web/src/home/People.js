// The top of the home page of someone who supports others (a carer, a neighbour): each person
// they support as a card, what needs attention there first (alerts they were told of, help
// requests for them, new messages), then what that person lets them see.
//
// The alerts and the help requests are read through the server's access checks, so each is on
// that client's access log, as any look at them is; new messages and other news come from the
// person's own notifications, which read nobody's record.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { useLive } from '../live.js';
import { deviationWords } from '../pages/DailyLife.js';
import { dayWords } from '../days.js';
import { sharedLink } from '../network.js';
import { shareableCategories } from '../vocabulary.js';
import { severityWord, severityClass, alertWhat, sinceWords, takenUpWords } from '../attention.js';

// News from notifications that no list here shows otherwise: kind -> where it is.
const NEWS = [['message', '#/messages'], ['help_closed', '#/help'], ['rights_changed', '#/supporting']];

// What a representative may open for the client (they may do all the client may).
const BEHALF_LINKS = ['plan', 'balance', 'checkin', 'measurements', 'network', 'help'];

// Asked again when an alert comes in, is taken up or closed (live.js), so the cards stay true.
function useAll() {
  const [all, setAll] = useState(null);
  const load = () => {
    const ask = (path, pick) => request('GET', path).then(pick, () => []);
    Promise.all([
      ask('/alerts', (r) => r.items || []),
      ask('/help-requests', (r) => r || []),
      ask('/notifications?limit=100', (r) => (r.items || []).filter((n) => !n.read)),
    ]).then(([alerts, help, unread]) => setAll({ alerts, help, unread }));
  };
  useEffect(load, []);
  useLive((name) => { if (name.startsWith('alert')) load(); });
  return all;
}

function AlertItem({ t, lang, c, a }) {
  return html`
    <li class="need"><a href=${`#/c/${c.id}/alerts`}><span class=${severityClass(a.severity)}>${severityWord(t, a.severity)}</span>
      ${' '}${t('home.people.alert', { name: c.name, what: alertWhat(t, lang, a), since: sinceWords(t, lang, a.raised_at) })}</a>
      ${a.acknowledged_by && html` <span class="muted">${takenUpWords(t, a)}</span>`}</li>`;
}

function HelpItem({ t, lang, me, h }) {
  const key = h.status === 'taken' && h.taken_by === me.id ? 'home.people.helpMine' : 'home.people.helpOpen';
  return html`<li class="need"><a href="#/help">${t(key, { text: h.text, day: dayWords(lang, h.day) })}</a></li>`;
}

// "A normal day so far", or what goes differently today, for whoever may see the client's day at home.
function DayAtHome({ t, c }) {
  const [day, setDay] = useState(null);
  const load = () => request('GET', `/clients/${c.id}/daily-life`).then(setDay, () => setDay(null));
  useEffect(() => { load(); }, [c.id]);
  useLive((name) => { if (name === 'alert') load(); });
  if (!day || (day.status !== 'normal' && day.status !== 'deviation')) return null;
  const words = day.status === 'normal' || !day.deviations.length ? t('dailyLife.status.normal')
    : deviationWords(t, day.deviations[0]);
  return html`<ul class="needs"><li class="need day-at-home"><a href=${`#/c/${c.id}/daily-life`}>${words}</a></li></ul>`;
}

// What this person lets me see, each a link to where it is.
function MaySee({ t, c }) {
  const links = c.acts_on_behalf
    ? BEHALF_LINKS.map((p) => [`#/c/${c.id}/${p}`, t(`home.people.behalf.${p}`)])
    : shareableCategories().filter((cat) => c.rights && c.rights[cat] && sharedLink(c.id, cat))
      .map((cat) => [sharedLink(c.id, cat), t(`network.categories.${cat}`)]);
  return html`
    <h4 class="may-see">${t('home.people.maySee')}</h4>
    ${links.length === 0 ? html`<p>${t('supporting.nothing', { name: c.name })}</p>` : html`
      <ul class="links inline-links">${links.map(([href, words]) => html`<li key=${href}><a href=${href}>${words}</a></li>`)}</ul>`}`;
}

function PersonCard({ t, lang, me, c, all }) {
  const alerts = all ? all.alerts.filter((a) => a.client && a.client.id === c.id) : [];
  const help = all ? all.help.filter((h) => h.client && h.client.id === c.id) : [];
  const mine = all ? all.unread.filter((n) => n.client && n.client.id === c.id) : [];
  const news = NEWS.map(([kind, href]) => [kind, href, mine.filter((n) => n.kind === kind).length]).filter(([, , n]) => n > 0);
  const nothing = all && alerts.length === 0 && help.length === 0 && news.length === 0;
  const seesDay = c.acts_on_behalf || (c.rights && c.rights.daily_life);
  return html`
    <li class="card person">
      <h3>${c.name}</h3>
      ${!all && html`<p>${t('app.loading')}</p>`}
      ${nothing && html`<p class="calm">${t('home.people.nothing')}</p>`}
      ${seesDay && html`<${DayAtHome} t=${t} c=${c} />`}
      ${all && !nothing && html`
        <ul class="needs">
          ${alerts.map((a) => html`<${AlertItem} key=${`a${a.id}`} t=${t} lang=${lang} c=${c} a=${a} />`)}
          ${help.map((h) => html`<${HelpItem} key=${`h${h.id}`} t=${t} lang=${lang} me=${me} h=${h} />`)}
          ${news.map(([kind, href, n]) => html`
            <li class="need" key=${kind}><a href=${href}>${t(`home.supported.${kind}${n === 1 ? 'One' : 'Many'}`, { n, name: c.name })}</a></li>`)}
        </ul>`}
      <${MaySee} t=${t} c=${c} />
    </li>`;
}

// How much a person's card needs me: an urgent alert first, then any alert, then help requests.
function need(all, c) {
  const alerts = all.alerts.filter((a) => a.client && a.client.id === c.id);
  if (alerts.some((a) => a.severity === 'urgent')) return 0;
  if (alerts.length) return 1;
  return all.help.some((h) => h.client && h.client.id === c.id) ? 2 : 3;
}

// supporting: the clients from GET /supporting; the ones who need me most come first.
export function People({ t, lang, me, supporting }) {
  const all = useAll();
  const people = all ? [...supporting].sort((a, b) => need(all, a) - need(all, b)) : supporting;
  return html`
    <section aria-labelledby="supported"><h2 id="supported">${t('home.supported.heading')}</h2>
      <ul class="cards people">${people.map((c) => html`<${PersonCard} key=${c.id} t=${t} lang=${lang} me=${me} c=${c} all=${all} />`)}</ul>
      <p><a href="#/supporting">${t('home.cards.supporting')}</a></p>
    </section>`;
}
