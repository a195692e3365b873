// The main menu of a signed-in person, with only what applies to them (situation.js):
// - a client sees their own record and their network; "Mensen die ik help" only when they support
//   someone;
// - someone who supports others and keeps no record of their own sees their people first, and
//   their own record's pages folded under one entry (a disclosure), open by itself on those pages;
// - a professional also sees the triage list.
// Until the situation is known the menu is a client's, the most common case.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useSituation } from '../situation.js';
import { NotificationsLink } from './NotificationsLink.js';

const RECORD = [['/matters', 'nav.matters'], ['/balance', 'nav.balance'], ['/plan', 'nav.plan'], ['/checkin', 'nav.checkin'],
  ['/measurements', 'measure.nav'], ['/alerts', 'alerts.nav'], ['/decisions', 'nav.decisions'], ['/ahead', 'nav.ahead'], ['/summary', 'nav.summary'],
  ['/devices', 'devices.nav'], ['/wounds', 'wounds.nav'], ['/daily-life', 'dailyLife.nav']];

function Group({ id, name, children }) {
  return html`
    <div class="nav-group">
      <p class="nav-group-name" id=${id}>${name}</p>
      <ul aria-labelledby=${id}>${children}</ul>
    </div>`;
}

// One's own record folded under one entry.
function Folded({ t, link, route }) {
  const routes = [...RECORD.map(([r]) => r), '/network'];
  const [open, setOpen] = useState(routes.includes(route));
  useEffect(() => { if (routes.includes(route)) setOpen(true); }, [route]);
  return html`
    <div class="nav-group">
      <p class="nav-group-name" id="nav-own">${t('nav.groups.mine')}</p>
      <div class="nav-fold">
        <button type="button" class="link-button" aria-expanded=${open ? 'true' : 'false'} aria-controls="nav-own-list"
          onClick=${() => setOpen(!open)}>${t('nav.ownRecord')}</button>
        <ul id="nav-own-list" aria-labelledby="nav-own" hidden=${!open}>
          ${RECORD.map(([href, key]) => link(href, key))}
          ${link('/network', 'nav.network')}
        </ul>
      </div>
    </div>`;
}

export function Menu({ t, route, me, unread, onLogout }) {
  const s = useSituation(me);
  const own = !s || s.keepsRecord;
  const link = (href, key) => html`<li key=${href}><a href=${`#${href}`} aria-current=${route === href ? 'page' : undefined}>${t(key)}</a></li>`;
  const triage = s && s.professional && link('/triage', 'nav.triage');
  const people = [
    !own && link('/', 'nav.home'),
    !own && triage,
    own && link('/network', 'nav.network'),
    s && s.supports && link('/supporting', 'nav.supporting'),
    link('/help', 'nav.help'),
    link('/messages', 'nav.messages'),
    html`<${NotificationsLink} key="notifications" t=${t} route=${route} unread=${unread} />`,
  ];
  return html`
    <nav aria-label=${t('nav.label')}>
      ${own && html`<${Group} id="nav-mine" name=${t('nav.groups.mine')}>
        ${link('/', 'nav.home')}
        ${triage}
        ${RECORD.map(([href, key]) => link(href, key))}
      <//>`}
      <${Group} id="nav-people" name=${t('nav.groups.people')}>${people}<//>
      ${!own && html`<${Folded} t=${t} link=${link} route=${route} />`}
      <${Group} id="nav-account" name=${t('nav.groups.account')}>
        ${link('/account', 'nav.account')}
        ${link('/access-log', 'nav.audit')}
        <li><button type="button" class="logout" onClick=${onLogout}>${t('nav.logout')}</button></li>
      <//>
    </nav>`;
}
