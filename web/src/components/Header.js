// The header on every page: the name, the menu when signed in, and the tools
// (language, larger text, read aloud) that every page offers.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { locale } from '../i18n.js';
import { NotificationsLink, useUnread, unreadWords } from './NotificationsLink.js';

function ReadAloud({ t, lang, route }) {
  const supported = typeof window !== 'undefined' && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';
  const [speaking, setSpeaking] = useState(false);
  // Stop reading when the page or the language changes, and when the header goes away.
  useEffect(() => () => {
    if (supported) window.speechSynthesis.cancel();
    setSpeaking(false);
  }, [route, lang]);
  if (!supported) {
    return html`<span class="tool-off">
      <button type="button" class="tool" disabled aria-describedby="no-speech">${t('tools.readAloud')}</button>
      <span id="no-speech" class="tool-note">${t('tools.noSpeech')}</span></span>`;
  }
  const toggle = () => {
    if (speaking) {
      window.speechSynthesis.cancel();
      setSpeaking(false);
      return;
    }
    const main = document.querySelector('main');
    const u = new SpeechSynthesisUtterance(main ? main.innerText : '');
    u.lang = locale(lang);
    u.onend = () => setSpeaking(false);
    u.onerror = () => setSpeaking(false);
    setSpeaking(true);
    window.speechSynthesis.speak(u);
  };
  return html`<button type="button" class="tool" aria-pressed=${speaking ? 'true' : 'false'} onClick=${toggle}>
    ${speaking ? t('tools.stopReading') : t('tools.readAloud')}</button>`;
}

// On a phone the menu and the tools fold behind one button (a disclosure: aria-expanded,
// aria-controls), so that the page itself is on the first screen; signed out there is no menu and
// the tools stay. It closes with Escape (the keyboard goes back to the button) and when a link
// takes the person to another page. On a wide screen the button is hidden by the style sheet and
// everything is always there, whatever the button's state.
export function Header({ t, lang, setLang, largeText, setLargeText, me, route, onLogout }) {
  const [open, setOpen] = useState(false);
  const button = useRef(null);
  const unread = useUnread(Boolean(me), route);
  const words = unread > 0 ? unreadWords(t, unread) : '';
  useEffect(() => setOpen(false), [route, Boolean(me)]);
  const onKeyDown = (e) => {
    if (e.key === 'Escape' && open) {
      setOpen(false);
      if (button.current) button.current.focus();
    }
  };
  const link = (href, key) => html`<li><a href=${`#${href}`} aria-current=${route === href ? 'page' : undefined}>${t(key)}</a></li>`;
  return html`
    <header class="site-header" onKeyDown=${onKeyDown}>
      <div class="brand"><a href="#/" class="brand-link"><img src="/favicon.svg" alt="" width="32" height="32" /><span>${t('app.name')}</span></a>
        <span class="tagline">${t('app.tagline')}</span></div>
      ${me && html`
        <button type="button" class="menu-button" ref=${button} aria-expanded=${open ? 'true' : 'false'} aria-controls="site-menu"
          aria-describedby=${unread > 0 ? 'unread-words' : undefined} onClick=${() => setOpen(!open)}>
          <svg class="menu-icon" viewBox="0 0 20 16" width="20" height="16" aria-hidden="true" focusable="false">
            <rect y="0" width="20" height="2.5" rx="1" /><rect y="6.75" width="20" height="2.5" rx="1" /><rect y="13.5" width="20" height="2.5" rx="1" />
          </svg>
          <span>${t('nav.menu')}</span>${unread > 0 && html`<span class="count" aria-hidden="true">${unread}</span>`}
        </button>
        <span id="unread-words" class="visually-hidden" aria-live="polite">${words}</span>`}
      <div id="site-menu" class=${me && !open ? 'menu-panel folded' : 'menu-panel'}>
        <div class="tools" role="group" aria-label=${t('tools.label')}>
          <div class="lang" role="group" aria-label=${t('tools.language')}>
            <button type="button" class="tool" lang="nl" aria-pressed=${lang === 'nl' ? 'true' : 'false'} onClick=${() => setLang('nl')}>${t('tools.dutch')}</button>
            <button type="button" class="tool" lang="en" aria-pressed=${lang === 'en' ? 'true' : 'false'} onClick=${() => setLang('en')}>${t('tools.english')}</button>
          </div>
          <button type="button" class="tool" aria-pressed=${largeText ? 'true' : 'false'} onClick=${() => setLargeText(!largeText)}>${t('tools.larger')}</button>
          <${ReadAloud} t=${t} lang=${lang} route=${route} />
        </div>
        ${me && html`
          <nav aria-label=${t('nav.label')}>
            <div class="nav-group">
              <p class="nav-group-name" id="nav-mine">${t('nav.groups.mine')}</p>
              <ul aria-labelledby="nav-mine">
                ${link('/', 'nav.home')}
                ${link('/matters', 'nav.matters')}
                ${link('/balance', 'nav.balance')}
                ${link('/plan', 'nav.plan')}
                ${link('/checkin', 'nav.checkin')}
                ${link('/measurements', 'measure.nav')}
                ${link('/alerts', 'alerts.nav')}
                ${link('/decisions', 'nav.decisions')}
                ${link('/ahead', 'nav.ahead')}
                ${link('/summary', 'nav.summary')}
                ${link('/devices', 'devices.nav')}
                ${link('/wounds', 'wounds.nav')}
              </ul>
            </div>
            <div class="nav-group">
              <p class="nav-group-name" id="nav-people">${t('nav.groups.people')}</p>
              <ul aria-labelledby="nav-people">
                ${link('/network', 'nav.network')}
                ${link('/supporting', 'nav.supporting')}
                ${link('/help', 'nav.help')}
                ${link('/messages', 'nav.messages')}
                <${NotificationsLink} t=${t} route=${route} unread=${unread} />
              </ul>
            </div>
            <div class="nav-group">
              <p class="nav-group-name" id="nav-account">${t('nav.groups.account')}</p>
              <ul aria-labelledby="nav-account">
                ${link('/account', 'nav.account')}
                ${link('/access-log', 'nav.audit')}
                <li><button type="button" class="logout" onClick=${onLogout}>${t('nav.logout')}</button></li>
              </ul>
            </div>
          </nav>`}
      </div>
    </header>`;
}
