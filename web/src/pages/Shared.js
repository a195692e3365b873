// Someone else's record, as a member of their network sees it (#/c/{id}/plan and so on): the
// same pages as the client's own, with whose record it is on top, the forms only for those who
// may change it, and a plain "not (or no longer) shared with you" instead of anything stale.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { SharedRecord as SharedContext, formatDate, PAGE_PARTS } from '../record.js';
import { categoryOfPart, recordCategories } from '../vocabulary.js';
import { useSupporting, ClientPath } from '../network.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage } from '../errors.js';
import { Matters } from './Matters.js';
import { Domains } from './Domains.js';
import { Balance } from './Balance.js';
import { Plan } from './Plan.js';
import { Checkin } from './Checkin.js';
import { Decisions } from './Decisions.js';
import { Ahead } from './Ahead.js';
import { Network } from './Network.js';
import { Help } from './Help.js';
import { AccessLog } from './AccessLog.js';
import { Measurements } from './Measurements.js';
import { Wounds } from './Wounds.js';
import { Devices } from './Devices.js';
import { DailyLife } from './DailyLife.js';
import { Alerts } from './Alerts.js';

// The record's pages, by their address (the part each is about, and so its category, is in
// record.js's PAGE_PARTS).
const PARTS = { matters: Matters, domains: Domains, balance: Balance, plan: Plan, checkin: Checkin, decisions: Decisions, ahead: Ahead };

// Pages guarded by a category of their own rather than by a part of the record: route part ->
// [category, page, heading key, title key].
const OWN_CATEGORY = {
  measurements: ['measurements', Measurements, 'measure.sharedHeading', 'measure.sharedTitle'],
  wounds: ['photos', Wounds, 'wounds.sharedHeading', 'wounds.sharedTitle'],
  devices: ['measurements', Devices, 'devices.sharedHeading', 'devices.sharedTitle'],
  'daily-life': ['daily_life', DailyLife, 'dailyLife.sharedHeading', 'dailyLife.sharedTitle'],
  alerts: ['alerts', Alerts, 'alerts.sharedHeading', 'alerts.sharedTitle'],
};

// What only a representative does for the client: manage the network and the help requests, and
// read the access log. route part -> page; each names whose it is in its own heading.
const ON_BEHALF = { network: Network, help: Help, log: AccessLog };

function SharedRecordPage({ t, lang, me, client, part }) {
  const own = OWN_CATEGORY[part];
  const category = own ? own[0] : (PARTS[part] && categoryOfPart(PAGE_PARTS[part])) || null;
  const Page = own ? own[1] : PARTS[part] || ON_BEHALF[part];
  const { list, error } = useSupporting();
  const [gone, setGone] = useState(false);
  const who = list && list.find((c) => String(c.id) === String(client));
  // A representative may do in the record what the client may.
  const right = who && (who.acts_on_behalf ? { level: 'change' } : category && who.rights[category]);
  // The heading stays one element while the page loads, so that the focus put on it stays.
  let heading = t('app.loading');
  if (list && (!right || gone)) heading = t('shared.notSharedHeading');
  else if (right) heading = t(own ? own[2] : `shared.headings.${part}`, { name: who.name });
  const back = html`<p><a href="#/supporting">${t('shared.back')}</a></p>`;

  if (!list || error || !right || gone) {
    return html`
      <h1 tabindex="-1">${heading}</h1>
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, error)} />
      ${list && !error && html`<p class="alert warn">${who ? t('shared.notShared', { name: who.name }) : t('shared.notSharedAnyone')}</p>${back}`}`;
  }
  if (!category) {
    return html`
      <${ClientPath.Provider} value=${String(client)}>
        <${Page} t=${t} lang=${lang} me=${me} owner=${who.name} />
      <//>
      ${back}`;
  }
  const readOnly = right.level !== 'change';
  // A representative's pages ask for every part, as the client's own do.
  const rights = who.acts_on_behalf ? Object.fromEntries(recordCategories().map((c) => [c, { level: 'change' }])) : who.rights;
  const context = { rights, lost: (c) => { if (c === category) setGone(true); } };
  return html`
    <h1 tabindex="-1">${heading}</h1>
    <p class="lead">${t(readOnly ? 'shared.maySee' : 'shared.mayChange', { name: who.name })}
      ${right.until && html` ${t('shared.until', { date: formatDate(lang, right.until.slice(0, 10)) })}`}</p>
    ${back}
    <${SharedContext.Provider} value=${context}>
      <${Page} t=${t} lang=${lang} me=${me} client=${String(client)} owner=${who.name} readOnly=${readOnly}
        weighs=${!!who.acts_on_behalf} behalf=${!!who.acts_on_behalf} />
    <//>`;
}

// The routes for main.js: '/c/plan' -> [title key, page]; the router gives the page `client`.
export const sharedPages = Object.fromEntries([...Object.keys(PARTS), ...Object.keys(OWN_CATEGORY), ...Object.keys(ON_BEHALF)].map((part) => [`/c/${part}`,
  [OWN_CATEGORY[part] ? OWN_CATEGORY[part][3] : `shared.${part}`, (props) => html`<${SharedRecordPage} ...${props} part=${part} />`]]));
