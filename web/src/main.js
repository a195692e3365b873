// The Roer web app: one page, hash routes, everything rendered through Preact.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { request, setCsrfToken } from './api.js';
import { translator, storedLanguage, rememberLanguage, has } from './i18n.js';
import { useRoute, go, routeParams } from './router.js';
import { Header } from './components/Header.js';
import { Login } from './pages/Login.js';
import { Register } from './pages/Register.js';
import { Home } from './pages/Home.js';
import { Account } from './pages/Account.js';
import { AccessLog } from './pages/AccessLog.js';
import { Help } from './pages/Help.js';
import { Notifications } from './pages/Notifications.js';
import { Messages } from './pages/Messages.js';
import { Matters } from './pages/Matters.js';
import { Domains } from './pages/Domains.js';
import { Balance } from './pages/Balance.js';
import { Plan } from './pages/Plan.js';
import { Checkin } from './pages/Checkin.js';
import { Decisions } from './pages/Decisions.js';
import { Ahead } from './pages/Ahead.js';
import { Summary } from './pages/Summary.js';
import { Start } from './pages/Start.js';
import { Network } from './pages/Network.js';
import { Accept } from './pages/Accept.js';
import { Supporting } from './pages/Supporting.js';
import { Measurements } from './pages/Measurements.js';
import { Devices } from './pages/Devices.js';
import { Wounds } from './pages/Wounds.js';
import { DailyLife } from './pages/DailyLife.js';
import { Triage } from './pages/Triage.js';
import { Alerts } from './pages/Alerts.js';
import { HelpButton } from './components/HelpButton.js';
import { startLive, stopLive } from './live.js';
import { sharedPages } from './pages/Shared.js';
import { afterSignIn } from './network.js';
import { loadVocabulary } from './vocabulary.js';
import { ErrorSummary } from './components/Alert.js';
import { errorMessage } from './errors.js';

const LARGE_KEY = 'roer.largeText';
const publicRoutes = ['/login', '/register'];
// Pages for signed-in and signed-out people alike: an invitation link works before signing in.
const openRoutes = ['/accept'];
// Older addresses that still work: the access log used to live at #/audit.
const aliases = { '/audit': '/access-log' };
// The signed-in pages: route -> [title key, page component]. A title key is below `titles`, or
// else a whole key of its own ('measure.title', 'devices.title').
const pages = {
  '/': ['home', Home],
  '/start': ['start', Start],
  '/matters': ['matters', Matters],
  '/domains': ['domains', Domains],
  '/balance': ['balance', Balance],
  '/plan': ['plan', Plan],
  '/checkin': ['checkin', Checkin],
  '/decisions': ['decisions', Decisions],
  '/ahead': ['ahead', Ahead],
  '/summary': ['summary', Summary],
  '/measurements': ['measure.title', Measurements],
  '/network': ['network', Network],
  '/supporting': ['supporting', Supporting],
  '/triage': ['triage', Triage],
  '/devices': ['devices.title', Devices],
  '/wounds': ['wounds.title', Wounds],
  '/daily-life': ['dailyLife.title', DailyLife],
  '/alerts': ['alerts.title', Alerts],
  '/accept': ['accept', Accept],
  ...sharedPages,
  '/access-log': ['audit', AccessLog],
  '/help': ['help', Help],
  '/notifications': ['notifications', Notifications],
  '/messages': ['messages', Messages],
};

function storedLargeText() {
  try { return localStorage.getItem(LARGE_KEY) === '1'; } catch { return false; }
}

function App() {
  const [lang, setLangState] = useState(storedLanguage());
  const [largeText, setLargeTextState] = useState(storedLargeText());
  const [me, setMeState] = useState(undefined); // undefined: still asking; null: signed out
  // The words the pages share with the server (vocabulary.js), asked once before any page shows.
  const [vocabulary, setVocabulary] = useState(null);
  const [vocabularyError, setVocabularyError] = useState(null);
  const waiting = me === undefined || !vocabulary;
  const route = useRoute();
  const t = translator(lang);

  const setMe = (m) => {
    setCsrfToken(m ? m.csrf_token : null);
    setMeState(m);
  };

  const applyLang = (l) => {
    setLangState(l);
    rememberLanguage(l);
  };

  const setLang = (l) => {
    applyLang(l);
    // Remembered with the account too, so it follows the person to another device.
    if (me) request('PATCH', '/me', { language: l }).then(setMe).catch(() => {});
  };

  const setLargeText = (on) => {
    // Set before the pages render again, so that what they measure (the spider web) has the new size.
    document.documentElement.classList.toggle('large-text', on);
    setLargeTextState(on);
    try { localStorage.setItem(LARGE_KEY, on ? '1' : '0'); } catch { /* not remembered */ }
  };

  const signedIn = (m) => {
    setMe(m);
    if (m.language && m.language !== lang) applyLang(m.language);
    go(m.totp_enrollment_required ? '/account' : afterSignIn());
  };

  const logout = async () => {
    stopLive();
    try { await request('POST', '/auth/logout'); } catch { /* the session may already be gone */ }
    setMe(null);
    go('/login');
  };

  const askVocabulary = () => {
    setVocabularyError(null);
    loadVocabulary().then(setVocabulary, setVocabularyError);
  };
  useEffect(askVocabulary, []);

  useEffect(() => {
    request('GET', '/me').then((m) => {
      setMe(m);
      if (m.language) applyLang(m.language);
    }).catch(() => setMe(null));
  }, []);

  // The live events of whoever is signed in; none for nobody (signed out, or the session ended).
  useEffect(() => {
    if (me && !me.totp_enrollment_required) startLive();
    else stopLive();
  }, [me && me.id, me && me.totp_enrollment_required]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.classList.toggle('large-text', largeText);
  }, [lang, largeText]);

  // Someone who must still set up two-factor login goes to it, with the address to match, so that the
  // account page (and the recovery codes it shows once) stays put when the set-up is done.
  useEffect(() => {
    if (me && me.totp_enrollment_required && route !== '/account') go('/account');
  }, [me, route]);

  // Signed-out people see only the public pages; signed-in people skip them.
  const { path, params } = routeParams(route);
  let page = aliases[path] || path;
  if (me === null && !publicRoutes.includes(page) && !openRoutes.includes(page)) page = '/login';
  if (me && publicRoutes.includes(route)) page = '/';
  if (me && me.totp_enrollment_required) page = '/account';
  if (me && page !== '/account' && !pages[page]) page = '/';

  const titleKey = { '/login': 'login', '/register': 'register', '/account': 'account' }[page] || (pages[page] || pages['/'])[0];

  useEffect(() => {
    const title = has(lang, `titles.${titleKey}`) ? t(`titles.${titleKey}`) : t(titleKey);
    if (!waiting) document.title = `${title} – ${t('app.name')}`;
  }, [page, waiting, lang]);

  // After moving to another page (not on the first load, where the skip link comes first),
  // focus goes to the new page's heading, so keyboard and screen reader users start there.
  // A page with a value in its address (another client's plan, an invitation code) is another page
  // for each value; not for the address alone, which may still be the one the person came from.
  const pageKey = [page, ...Object.values(params)].join(' ');
  const shownPage = useRef(null);
  useEffect(() => {
    if (waiting) return;
    if (shownPage.current !== null && shownPage.current !== pageKey) {
      const h1 = document.querySelector('main h1');
      if (h1) h1.focus();
    }
    shownPage.current = pageKey;
  }, [pageKey, waiting]);

  let content;
  if (vocabularyError) {
    content = html`
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, vocabularyError)} />
      <p><button type="button" onClick=${askVocabulary}>${t('app.retry')}</button></p>`;
  } else if (waiting) content = html`<p>${t('app.loading')}</p>`;
  else if (page === '/login') content = html`<${Login} t=${t} onSignedIn=${signedIn} />`;
  else if (page === '/register') content = html`<${Register} t=${t} lang=${lang} onSignedIn=${signedIn} />`;
  else if (page === '/account') content = html`<${Account} t=${t} me=${me} onMe=${setMe} onDeleted=${() => { setMe(null); go('/register'); }} />`;
  else {
    const Page = pages[page][1];
    content = html`<${Page} key=${pageKey} t=${t} lang=${lang} me=${me} ...${params} />`;
  }

  return html`
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>${t('app.skip')}</a>
    <${Header} t=${t} lang=${lang} setLang=${setLang} largeText=${largeText} setLargeText=${setLargeText}
      me=${me} route=${page} onLogout=${logout} />
    ${me && me.demo && html`<p class="demo-banner" role="note">${t('app.demo')}</p>`}
    ${me && !waiting && !me.totp_enrollment_required && !page.startsWith('/c/') && html`<${HelpButton} t=${t} lang=${lang} me=${me} />`}
    <main id="main" tabindex="-1">${content}</main>
    <footer class="site-footer"><p>${t('app.footer')}</p></footer>`;
}

render(html`<${App} />`, document.getElementById('app'));
