// Waarschuwingen (#/alerts for the client, #/c/{id}/alerts for a member with the alerts right):
// every alert about the client, the open ones first, in plain words with who was told and who took
// it up; the rules of when Roer warns ("Wanneer waarschuwen"), and who is on duty. A new alert and
// a taken-up one show without reloading (live.js), said politely to screen readers.
import { useContext, useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { SharedRecord } from '../record.js';
import { useKinds } from '../measure.js';
import { useLive } from '../live.js';
import { ErrorSummary } from '../components/Alert.js';
import { AlertItem } from '../components/AlertItem.js';
import { AlertRules } from '../components/AlertRules.js';
import { Duty } from '../components/Duty.js';
import { errorMessage } from '../errors.js';

const PAGE = 50;
const LIVE_WORDS = { alert: 'alerts.live.new', 'alert.acknowledged': 'alerts.live.taken', 'alert.closed': 'alerts.live.closed' };

// The people of the client's network who may receive alerts, for choosing receivers and duty
// (GET /alert-receivers: for everyone who may see the alerts, so that a member who manages them
// chooses among all, not only themself).
function usePeople(client) {
  const [people, setPeople] = useState(null);
  useEffect(() => {
    request('GET', `/clients/${client}/alert-receivers`).then(setPeople, () => setPeople([]));
  }, [client]);
  return people;
}

function AlertList({ t, lang, kinds, items, own, me, manager, onChanged, empty, label }) {
  if (items.length === 0) return html`<p>${empty}</p>`;
  return html`<ul class="alerts" aria-label=${label}>
    ${items.map((a) => html`<${AlertItem} key=${a.id} t=${t} lang=${lang} kinds=${kinds} alert=${a} own=${own} me=${me}
      manager=${manager} onChanged=${onChanged} />`)}</ul>`;
}

// client: 'me' or a client's id; owner: that client's name (someone else's alerts); readOnly: the
// alerts right is "see" only; behalf: a representative, who acts as the client.
export function Alerts({ t, lang, me, client = 'me', owner, readOnly, behalf }) {
  const sharedRecord = useContext(SharedRecord);
  const own = !owner;
  const manager = own || behalf || !readOnly;
  const clientId = own ? me.id : Number(client);
  const { kinds } = useKinds();
  const people = usePeople(client);
  const [items, setItems] = useState(null);
  const [next, setNext] = useState(null);
  const [error, setError] = useState(null);
  const [said, setSaid] = useState('');
  const failed = (e) => {
    if (sharedRecord && e.status === 404) sharedRecord.lost('alerts');
    else setError(e);
  };
  // The first page again (after a change, an event); more pages are added by "Meer laden".
  const load = async () => {
    try {
      const r = await request('GET', `/clients/${client}/alerts?limit=${PAGE}`);
      setItems(r.items);
      setNext(r.next_before);
      setError(null);
    } catch (e) {
      failed(e);
    }
  };
  const more = async () => {
    try {
      const r = await request('GET', `/clients/${client}/alerts?limit=${PAGE}&before=${next}`);
      setItems([...items, ...r.items.filter((a) => !items.some((b) => b.id === a.id))]);
      setNext(r.next_before);
    } catch (e) {
      failed(e);
    }
  };
  useEffect(() => { load(); }, [client]);
  useLive((name, data) => {
    if (name === 'open') { load(); return; }
    if (data.client_id !== clientId) return;
    // Someone else's doing is said; what I did myself the page said already.
    if (data.by !== me.id) setSaid(t(own && name === 'alert' ? 'alerts.live.newOwn' : LIVE_WORDS[name], { name: owner }));
    load();
  });
  const changed = (message) => {
    setSaid(message || '');
    load();
  };

  const head = own && html`<h1 tabindex="-1">${t('alerts.title')}</h1><p class="lead">${t('alerts.intro')}</p>`;
  if (error) return html`${head}<${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, error)} />`;
  const open = (items || []).filter((a) => a.status !== 'closed');
  const closed = (items || []).filter((a) => a.status === 'closed');
  const list = (shown, empty, label) => html`<${AlertList} t=${t} lang=${lang} kinds=${kinds} items=${shown} own=${own} me=${me}
    manager=${manager} onChanged=${changed} empty=${empty} label=${label} />`;
  return html`
    ${head}
    ${!own && html`<p>${t('alerts.introMember', { name: owner })}</p>`}
    <p class="alert ok live-said" role="status">${said}</p>
    <section aria-labelledby="alerts-open">
      <h2 id="alerts-open">${t('alerts.openHeading')}</h2>
      ${items ? list(open, t(own ? 'alerts.noneOpen' : 'alerts.noneOpenOther', { name: owner }), t('alerts.openHeading')) : html`<p>${t('app.loading')}</p>`}
    </section>
    <section aria-labelledby="alerts-past">
      <h2 id="alerts-past">${t('alerts.pastHeading')}</h2>
      ${items && list(closed, t('alerts.nonePast'), t('alerts.pastHeading'))}
      ${next && html`<p><button type="button" onClick=${more}>${t('alerts.more')}</button></p>`}
    </section>
    ${people && html`
      <${AlertRules} t=${t} lang=${lang} kinds=${kinds} client=${client} own=${own} me=${me} manager=${manager}
        people=${people} owner=${owner} failed=${failed} />
      <${Duty} t=${t} lang=${lang} client=${client} own=${own} me=${me} manager=${manager} people=${people} failed=${failed} />`}`;
}
