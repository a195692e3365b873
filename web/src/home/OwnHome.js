// One's own record on the home page, in the order a client needs it: first what needs them now,
// then their latest values against their own ranges, then their picture and plan at a glance and
// the parts of Roer they can go to.
import { html } from '../html.js';
import { useList, totals, formatDate, actionStatus } from '../record.js';
import { Scales, SpiderWeb } from '../components/Charts.js';
import { ActionLine } from '../pages/Plan.js';
import { Mood } from '../pages/Checkin.js';
import { NeedsYou } from './NeedsYou.js';
import { LatestMeasurements } from './LatestMeasurements.js';

const cards = [['matters', '#/matters'], ['balance', '#/balance'], ['plan', '#/plan'], ['measurements', '#/measurements'], ['help', '#/help'], ['messages', '#/messages'], ['network', '#/network']];

// "Hoe gaat het?" is due when the client's own rhythm says so: true, false, or null while not known.
function checkinDue(checkins, rhythm) {
  if (!checkins.items || !rhythm.items) return null;
  const last = checkins.items[checkins.items.length - 1];
  const every = { daily: 1, weekly: 7 }[(rhythm.items.slice(-1)[0] || {}).rhythm];
  return Boolean(every && (!last || Date.now() - Date.parse(last.created_at) > every * 86400000));
}

export function OwnHome({ t, lang, supports }) {
  const balance = useList('balance');
  const domains = useList('domains');
  const actions = useList('actions');
  const goals = useList('goals');
  const checkins = useList('checkins');
  const rhythm = useList('checkins/rhythm');
  const { strengths, burdens } = totals(balance.items);
  const d = domains.items || [];
  const next = (actions.items || []).filter((a) => ['planned', 'doing'].includes(actionStatus(a))).slice(0, 3);
  const last = (checkins.items || [])[(checkins.items || []).length - 1];
  const due = checkinDue(checkins, rhythm);
  const empty = balance.items && balance.items.length === 0 && d.length === 0 && goals.items && goals.items.length === 0;
  return html`
    <${NeedsYou} t=${t} lang=${lang} due=${due} />
    ${empty && html`<p class="alert ok"><a href="#/start">${t('home.startHere')}</a></p>`}
    <${LatestMeasurements} t=${t} lang=${lang} />
    <section aria-labelledby="glance"><h2 id="glance">${t('home.glance')}</h2>
      <div class="glance">
        <div class="card"><h3><a href="#/balance">${t('balance.heading')}</a></h3>
          <${Scales} t=${t} strengths=${strengths} burdens=${burdens} /></div>
        ${d.length > 0 && html`<div class="card"><h3><a href="#/domains">${t('titles.domains')}</a></h3>
          <${SpiderWeb} t=${t} now=${d[d.length - 1]} before=${d[d.length - 2]} /></div>`}
        <div class="card"><h3><a href="#/plan">${t('plan.nextActions')}</a></h3>
          ${next.length === 0 ? html`<p>${t('common.none')}</p>` : html`<ul class="actions">${next.map((a) => html`<${ActionLine} key=${a.id} t=${t} a=${a} goals=${goals.items || []} />`)}</ul>`}</div>
        <div class="card"><h3><a href="#/checkin">${t('checkin.heading')}</a></h3>
          ${last ? html`<p><${Mood} t=${t} mood=${last.mood} /></p><p class="muted">${formatDate(lang, last.created_at, true)}</p>${last.text && html`<p class="prose">${last.text}</p>`}`
            : html`<p>${t('home.noCheckin')}</p>`}</div>
      </div>
    </section>
    <section aria-labelledby="parts"><h2 id="parts">${t('home.comingHeading')}</h2>
      <ul class="cards">
        ${supports && html`<li class="card"><h3><a href="#/supporting">${t('home.cards.supporting')}</a></h3>
          <p>${t('home.cards.supportingText')}</p></li>`}
        ${cards.map(([c, href]) => html`<li class="card"><h3><a href=${href}>${t(`home.cards.${c}`)}</a></h3><p>${t(`home.cards.${c}Text`)}</p></li>`)}
      </ul>
    </section>`;
}
