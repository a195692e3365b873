// The signed-in person's home: the balance, the spider web, the next actions and the last check-in at a glance.
import { html } from '../html.js';
import { useList, totals, formatDate, actionStatus } from '../record.js';
import { Scales, SpiderWeb } from '../components/Charts.js';
import { ActionLine } from './Plan.js';
import { Mood } from './Checkin.js';
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api.js';
import { useSupporting } from '../network.js';
import { useLive } from '../live.js';
import { useKinds, readingText, flagWord, flagClass, formatWhen } from '../measure.js';

const cards = [['matters', '#/matters'], ['balance', '#/balance'], ['plan', '#/plan'], ['measurements', '#/measurements'], ['help', '#/help'], ['messages', '#/messages'], ['network', '#/network']];

// What is new around each person I support, from my unread notifications: they read nobody's record,
// so a look at the home page leaves no row on anyone's access log.
// An alert first: it is what most needs someone. Each kind leads to its page (of this client).
const NEWS = [['alert', (id) => `#/c/${id}/alerts`], ['message', () => '#/messages'], ['help_requested', () => '#/help'],
  ['help_closed', () => '#/help'], ['rights_changed', () => '#/supporting']];

// Asked again when an alert comes in live, so that a new one shows here at once.
function useUnreadNotifications() {
  const [items, setItems] = useState(null);
  const ask = () => request('GET', '/notifications?limit=100').then((r) => setItems(r.items.filter((n) => !n.read)), () => setItems([]));
  useEffect(() => { ask(); }, []);
  useLive((name) => { if (name === 'alert') ask(); });
  return items;
}

function Supported({ t, c, unread }) {
  const mine = (unread || []).filter((n) => n.client && n.client.id === c.id);
  const news = NEWS.map(([kind, href]) => [kind, href(c.id), mine.filter((n) => n.kind === kind).length]).filter(([, , n]) => n > 0);
  return html`
    <li class="card"><h3><a href="#/supporting">${c.name}</a></h3>
      ${unread && news.length === 0 && html`<p>${t('home.supported.nothingNew')}</p>`}
      ${news.length > 0 && html`<ul>${news.map(([kind, href, n]) => html`
        <li><a href=${href}>${t(`home.supported.${kind}${n === 1 ? 'One' : 'Many'}`, { n, name: c.name })}</a></li>`)}</ul>`}
    </li>`;
}

// The newest reading of each kind I measure, each against my own range in colour and in words.
function LatestMeasurements({ t, lang }) {
  const { kinds } = useKinds();
  const [latest, setLatest] = useState(null);
  useEffect(() => {
    request('GET', '/clients/me/measurements/latest').then(setLatest, () => setLatest([]));
  }, []);
  const shown = kinds && latest ? latest.map((r) => [r, kinds.find((k) => k.code === r.kind)]).filter(([, k]) => k) : null;
  return html`
    <div class="card latest-measurements"><h3><a href="#/measurements">${t('measure.title')}</a></h3>
      ${shown && shown.length === 0 && html`<p>${t('measure.home.none')}</p>`}
      ${shown && shown.length > 0 && html`<ul class="latest">${shown.map(([r, k]) => html`
        <li key=${r.kind}><span class="latest-kind">${t(`measure.kind.${k.code}`)}</span>
          <span class="latest-value">${readingText(t, lang, k, r)}</span>
          <span class=${flagClass(r.flag)}>${flagWord(t, r.flag, false)}</span>
          <span class="muted latest-when">${formatWhen(lang, r.taken_at)}</span></li>`)}</ul>`}
      <p><a href="#/measurements">${t('measure.home.link')}</a></p>
    </div>`;
}

export function Home({ t, lang, me }) {
  const balance = useList('balance');
  const domains = useList('domains');
  const actions = useList('actions');
  const goals = useList('goals');
  const checkins = useList('checkins');
  const rhythm = useList('checkins/rhythm');
  const supporting = useSupporting();
  const unread = useUnreadNotifications();
  const { strengths, burdens } = totals(balance.items);
  const d = domains.items || [];
  const next = (actions.items || []).filter((a) => ['planned', 'doing'].includes(actionStatus(a))).slice(0, 3);
  const last = (checkins.items || [])[(checkins.items || []).length - 1];
  // "Hoe gaat het?" is due when the client's own rhythm says so.
  const every = { daily: 1, weekly: 7 }[((rhythm.items || []).slice(-1)[0] || {}).rhythm];
  const due = every && (!last || Date.now() - Date.parse(last.created_at) > every * 86400000);
  const empty = balance.items && balance.items.length === 0 && d.length === 0 && goals.items && goals.items.length === 0;
  return html`
    <h1 tabindex="-1">${t('home.hello', { name: me.name })}</h1>
    <p class="lead">${t('home.intro')}</p>
    ${empty && html`<p class="alert ok"><a href="#/start">${t('home.startHere')}</a></p>`}
    ${supporting.list && supporting.list.length > 0 && html`
      <section aria-labelledby="supported"><h2 id="supported">${t('home.supported.heading')}</h2>
        <ul class="cards">${supporting.list.map((c) => html`<${Supported} key=${c.id} t=${t} c=${c} unread=${unread} />`)}</ul>
      </section>`}
    <section aria-labelledby="glance"><h2 id="glance">${t('home.glance')}</h2>
      <div class="glance">
        <div class="card"><h3><a href="#/balance">${t('balance.heading')}</a></h3>
          <${Scales} t=${t} strengths=${strengths} burdens=${burdens} /></div>
        ${d.length > 0 && html`<div class="card"><h3><a href="#/domains">${t('titles.domains')}</a></h3>
          <${SpiderWeb} t=${t} now=${d[d.length - 1]} before=${d[d.length - 2]} /></div>`}
        <div class="card"><h3><a href="#/plan">${t('plan.nextActions')}</a></h3>
          ${next.length === 0 ? html`<p>${t('common.none')}</p>` : html`<ul class="actions">${next.map((a) => html`<${ActionLine} key=${a.id} t=${t} a=${a} goals=${goals.items || []} />`)}</ul>`}</div>
        <div class="card"><h3><a href="#/checkin">${t('checkin.heading')}</a></h3>
          ${due && html`<p class="alert warn"><a href="#/checkin">${t('checkin.due')}</a></p>`}
          ${last ? html`<p><${Mood} t=${t} mood=${last.mood} /></p><p class="muted">${formatDate(lang, last.created_at, true)}</p>${last.text && html`<p class="prose">${last.text}</p>`}`
            : html`<p>${t('home.noCheckin')}</p>`}</div>
        <${LatestMeasurements} t=${t} lang=${lang} />
      </div>
    </section>
    <section aria-labelledby="parts"><h2 id="parts">${t('home.comingHeading')}</h2>
      <ul class="cards">
        ${supporting.list && supporting.list.length > 0 && html`<li class="card"><h3><a href="#/supporting">${t('home.cards.supporting')}</a></h3>
          <p>${t('home.cards.supportingText')}</p></li>`}
        ${cards.map(([c, href]) => html`<li class="card"><h3><a href=${href}>${t(`home.cards.${c}`)}</a></h3><p>${t(`home.cards.${c}Text`)}</p></li>`)}
      </ul>
    </section>`;
}
