// Meldingen: what happened around me, newest first, in plain words with a link to where it
// happened. The new ones are marked as new in words; "Alles gelezen" marks them all as read.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { has } from '../i18n.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { errorMessage } from '../errors.js';
import { momentWords } from '../days.js';
import { notificationsChanged, unreadWords } from '../components/NotificationsLink.js';

// Where each kind leads, when there is a page for it. For someone else's network there is none here.
const LINKS = {
  invitation_accepted: (mine) => (mine ? '#/network' : null),
  invitation_already_member: (mine) => (mine ? '#/network' : null),
  help_requested: () => '#/help',
  help_offered: () => '#/help',
  help_closed: () => '#/help',
  message: () => '#/messages',
  rights_changed: () => '#/supporting',
  // An alert about me is on my alerts page; one about a client I support, on theirs.
  alert: (mine, n) => (mine || !n.client ? '#/alerts' : `#/c/${n.client.id}/alerts`),
  alert_taken: (mine, n) => (mine || !n.client ? '#/alerts' : `#/c/${n.client.id}/alerts`),
  alert_closed: (mine, n) => (mine || !n.client ? '#/alerts' : `#/c/${n.client.id}/alerts`),
};

// The sentence depends on whose network it is: mine, the client's own doing, or someone acting in theirs.
function words(t, lang, n, me) {
  const client = (n.client && n.client.name) || t('roles.someone');
  const actor = (n.actor && n.actor.name) || t('roles.someone');
  const whose = n.client && n.client.id === me.id ? 'mine' : n.actor && n.client && n.actor.id === n.client.id ? 'byClient' : 'theirs';
  const key = [`notifications.kinds.${n.kind}.${whose}`, `notifications.kinds.${n.kind}.theirs`].find((k) => has(lang, k));
  return t(key || 'notifications.kinds.other', { client, actor });
}

function Item({ t, lang, n, me }) {
  const link = LINKS[n.kind] && LINKS[n.kind](Boolean(n.client && n.client.id === me.id), n);
  const m = momentWords(lang, n.at);
  const id = `notification-${n.id}`;
  return html`
    <li class=${n.read ? 'notification' : 'notification new'}>
      <p>${!n.read && html`<span class="new-mark">${t('notifications.new')}</span> `}<span id=${id}>${words(t, lang, n, me)}</span></p>
      <p class="muted"><time datetime=${n.at}>${t('week.at', { day: m.day, time: m.time })}</time></p>
      ${link && html`<p><a href=${link} aria-describedby=${id}>${t(`notifications.links.${n.kind}`)}</a></p>`}
    </li>`;
}

export function Notifications({ t, lang, me }) {
  const [items, setItems] = useState(null);
  const [unread, setUnread] = useState(0);
  const [next, setNext] = useState(null);
  const [err, setErr] = useState(null);
  const [said, setSaid] = useState('');
  const load = async (before) => {
    try {
      const r = await request('GET', `/notifications?limit=30${before ? `&before=${before}` : ''}`);
      setItems(before ? [...items, ...r.items] : r.items);
      setUnread(r.unread);
      setNext(r.next_before);
      setErr(null);
    } catch (x) {
      setErr(x);
    }
  };
  useEffect(() => { load(null); }, []);
  const readAll = async () => {
    try {
      await request('POST', '/notifications/read', {});
      setItems(items.map((n) => ({ ...n, read: true })));
      setUnread(0);
      setSaid(t('notifications.allRead'));
      notificationsChanged();
      // The button is gone now; the heading keeps the keyboard on this page.
      const h1 = document.querySelector('main h1');
      if (h1) h1.focus();
    } catch (x) {
      setErr(x);
    }
  };
  return html`
    <h1 tabindex="-1">${t('notifications.heading')}</h1>
    <p class="lead">${t('notifications.intro')}</p>
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    ${unread > 0 && html`
      <p>${unreadWords(t, unread)}</p>
      <p><button type="button" onClick=${readAll}>${t('notifications.readAll')}</button></p>`}
    <${Status} message=${said} />
    ${items && items.length === 0 && html`<p>${t('notifications.empty')}</p>`}
    ${items && items.length > 0 && html`
      <ol class="notifications" aria-label=${t('notifications.listLabel')}>
        ${items.map((n) => html`<${Item} key=${n.id} t=${t} lang=${lang} n=${n} me=${me} />`)}
      </ol>`}
    ${next && html`<button type="button" onClick=${() => load(next)}>${t('notifications.more')}</button>`}`;
}
