// The number of new notifications, for the header: on the menu's link to the notifications and,
// while the menu is folded on a phone, on the menu's button. The header says a new number to
// screen readers through a polite live region outside the menu, so that it is heard folded too.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { useLive } from '../live.js';

const EVERY_MS = 30000;
const CHANGED = 'roer:notifications';

// Asks the header link to count again (after notifications were marked as read).
export function notificationsChanged() {
  window.dispatchEvent(new Event(CHANGED));
}

// The server stops counting at this many (docs/api.md): from there the page says "99+".
export const UNREAD_CAP = 100;

// "1 nieuwe melding" / "3 nieuwe meldingen" / "99+ nieuwe meldingen".
export function unreadWords(t, n) {
  return t(n === 1 ? 'notifications.unreadOne' : 'notifications.unreadMany', { n: n >= UNREAD_CAP ? '99+' : n });
}

// The number of new notifications of the signed-in person (`on`), asked again at every change of
// `route`, every half minute while the page is in view, and when notifications were read.
export function useUnread(on, route) {
  const [unread, setUnread] = useState(0);
  const ask = async () => {
    try {
      setUnread((await request('GET', '/notifications/unread')).unread);
    } catch { /* keep the last number: the next try may work, and the page shows its own errors */ }
  };
  useEffect(() => { if (on) ask(); else setUnread(0); }, [on, route]);
  // An alert comes with a notification: count again at once rather than at the next half minute.
  useLive(() => { if (on) ask(); });
  useEffect(() => {
    if (!on) return undefined;
    const timer = setInterval(() => { if (!document.hidden) ask(); }, EVERY_MS);
    const onVisible = () => { if (!document.hidden) ask(); };
    window.addEventListener(CHANGED, ask);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      window.removeEventListener(CHANGED, ask);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [on]);
  return unread;
}

// The menu's link to the notifications, with the number of new ones (from useUnread).
export function NotificationsLink({ t, route, unread }) {
  const words = unread > 0 ? unreadWords(t, unread) : '';
  return html`
    <li class="notifications-link">
      <a href="#/notifications" aria-current=${route === '/notifications' ? 'page' : undefined}
        aria-label=${unread > 0 ? t('notifications.linkLabel', { unread: words }) : undefined}>
        ${t('nav.notifications')}${unread > 0 && html` <span class="count" aria-hidden="true">${unread}</span>`}
      </a>
    </li>`;
}
