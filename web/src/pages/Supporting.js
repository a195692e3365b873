// Mensen die ik help: every client who shares something with me, exactly what (see or also
// change, and until when), with links to the parts I may see.
import { html } from '../html.js';
import { RightsList } from '../components/Rights.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage } from '../errors.js';
import { formatDate } from '../record.js';
import { roleWord } from '../people.js';
import { useSupporting, sharedLink } from '../network.js';

// A representative does what the client does: every part of the record, the network, help
// requests and the access log (messages are on the messages page, with the client's name).
const BEHALF_LINKS = [['plan', 'plan'], ['matters', 'matters'], ['domains', 'domains'], ['balance', 'balance'],
  ['checkin', 'checkin'], ['decisions', 'decisions'], ['ahead', 'ahead'], ['network', 'network'], ['help', 'help'],
  ['log', 'log']];
// And what is measured at home, with the words of those pages' own headings.
const MEASURED_LINKS = [['wounds', 'wounds.sharedHeading'], ['devices', 'devices.sharedHeading'],
  ['daily-life', 'dailyLife.sharedHeading']];

function Client({ t, lang, c }) {
  const role = roleWord(t, lang, c.role, c.discipline);
  return html`
    <li class="card supported">
      <h2>${c.name}</h2>
      <p>${t('supporting.youAre', { role, date: formatDate(lang, c.since) })}</p>
      ${c.acts_on_behalf ? html`
        <p><strong>${t('supporting.onBehalf', { name: c.name })}</strong></p>
        <h3>${t('supporting.forClient', { name: c.name })}</h3>
        <ul class="links">
          ${BEHALF_LINKS.map(([part, key]) => html`<li><a href=${`#/c/${c.id}/${part}`}>${t(`supporting.behalf.${key}`, { name: c.name })}</a></li>`)}
          ${MEASURED_LINKS.map(([part, key]) => html`<li><a href=${`#/c/${c.id}/${part}`}>${t(key, { name: c.name })}</a></li>`)}
        </ul>` : html`
        <h3>${t('supporting.shares', { name: c.name })}</h3>
        <${RightsList} t=${t} lang=${lang} rights=${c.rights} linkOf=${(cat) => sharedLink(c.id, cat)}
          empty=${t('supporting.nothing', { name: c.name })} />`}
    </li>`;
}

export function Supporting({ t, lang }) {
  const { list, error } = useSupporting();
  return html`
    <h1 tabindex="-1">${t('supporting.heading')}</h1>
    <p class="lead">${t('supporting.intro')}</p>
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, error)} />
    ${!list && html`<p>${t('app.loading')}</p>`}
    ${list && list.length === 0 && !error && html`<p>${t('supporting.none')} <a href="#/accept">${t('supporting.toAccept')}</a></p>`}
    <ul class="supporting">${(list || []).map((c) => html`<${Client} key=${c.id} t=${t} lang=${lang} c=${c} />`)}</ul>`;
}
