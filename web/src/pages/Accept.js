// Uitnodiging aannemen: someone got a code or a link from a client and joins their network.
// Signed out, they are asked to sign in or make an account first, and come back here with
// the code; signed in, they first read what the invitation offers, then take it (or not) and
// see whose network they joined and what is shared.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { Field } from '../components/Field.js';
import { ErrorSummary } from '../components/Alert.js';
import { RightsList } from '../components/Rights.js';
import { errorMessage } from '../errors.js';
import { roleWord } from '../people.js';
import { rememberInvitation, pendingInvitation, forgetInvitation, sharedLink } from '../network.js';
import { loadSituation } from '../situation.js';

// The accept route's own words for its refusals; the general ones for anything else.
function acceptMessage(t, err) {
  if (!err) return null;
  if (err.code === 'not_found') return t('accept.notFound');
  if (err.code === 'conflict') return t('accept.own');
  if (err.code === 'already_member') return t('accept.alreadyMemberError');
  return errorMessage(t, err);
}

function SignedOut({ t, code }) {
  useEffect(() => { if (code) rememberInvitation(code); }, [code]);
  return html`
    <h1 tabindex="-1">${t('accept.heading')}</h1>
    <p class="lead">${t('accept.signedOut')}</p>
    <p>${t('accept.comeBack')}</p>
    <p class="actions-row">
      <a class="button" href="#/login">${t('accept.toLogin')}</a>
      <a class="button secondary" href="#/register">${t('accept.toRegister')}</a>
    </p>`;
}

function Joined({ t, lang, joined }) {
  const heading = useRef(null);
  useEffect(() => { if (heading.current) heading.current.focus(); }, []);
  const { client } = joined;
  const role = roleWord(t, lang, joined.role, joined.discipline);
  return html`
    <section class="joined alert ok" aria-labelledby="joined-heading">
      <h2 id="joined-heading" tabindex="-1" ref=${heading}>${t('accept.joined', { name: client.name })}</h2>
      ${role && html`<p>${t('accept.asRole', { role })}</p>`}
      <p>${t('accept.shares', { name: client.name })}</p>
      <${RightsList} t=${t} lang=${lang} rights=${joined.rights} until=${joined.until}
        linkOf=${(c) => sharedLink(client.id, c)} empty=${t('supporting.nothing', { name: client.name })} />
      <p><a href="#/supporting">${t('accept.toSupporting')}</a></p>
    </section>`;
}

// What the invitation offers, read before it is taken: whose network, which role, what is shared.
function Offer({ t, lang, offer, busy, onAccept, onNo }) {
  const heading = useRef(null);
  useEffect(() => { if (heading.current) heading.current.focus(); }, []);
  const { client } = offer;
  // Someone in the network already keeps what they hold: the invitation would change nothing.
  const member = offer.already_member;
  const role = roleWord(t, lang, offer.role, offer.discipline);
  return html`
    <section class="offer card" aria-labelledby="offer-heading">
      <h2 id="offer-heading" tabindex="-1" ref=${heading}>${t('accept.offerHeading', { name: client.name })}</h2>
      ${role && html`<p>${t('accept.offerRole', { role })}</p>`}
      ${offer.acts_on_behalf && html`<p><strong>${t('accept.offerOnBehalf', { name: client.name })}</strong></p>`}
      <p>${t('accept.offerShares', { name: client.name })}</p>
      <${RightsList} t=${t} lang=${lang} rights=${offer.rights} until=${offer.until}
        empty=${t('supporting.nothing', { name: client.name })} />
      ${offer.receives_alerts && html`<p>${t('accept.offerAlerts', { name: client.name })}</p>`}
      ${member ? html`
        <div class="alert warn already-member">
          <p><strong>${t('accept.alreadyMember', { name: client.name })}</strong></p>
          <p>${t('accept.youHold')}</p>
          <${RightsList} t=${t} lang=${lang} rights=${member.rights} empty=${t('supporting.nothing', { name: client.name })} />
          <p>${t('accept.onlyClientChanges', { name: client.name })}</p>
        </div>
        <p class="actions-row"><button type="button" onClick=${onNo}>${t('accept.back')}</button></p>`
      : html`
        <p class="help">${t('accept.offerNote', { name: client.name })}</p>
        <p class="actions-row">
          <button type="button" class="primary" disabled=${busy} onClick=${onAccept}>${t('accept.submit')}</button>
          <button type="button" onClick=${onNo}>${t('accept.notNow')}</button>
        </p>`}
    </section>`;
}

function AcceptForm({ t, lang, me, code: fromLink }) {
  const [code, setCode] = useState(fromLink || pendingInvitation());
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [offer, setOffer] = useState(null);
  const [joined, setJoined] = useState(null);
  // Both steps send the code and fail the same way.
  const ask = async (path, then) => {
    setBusy(true);
    try {
      then(await request('POST', path, { code: code.trim() }));
      setErr(null);
    } catch (x) {
      // A code that cannot be used is not kept for the next visit either.
      if (x.status === 404 || x.status === 409) forgetInvitation();
      setOffer(null);
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  const look = (e) => { e.preventDefault(); ask('/invitations/preview', setOffer); };
  // Someone who now supports a client gets the menu for it at once.
  const accept = () => ask('/invitations/accept', (j) => { forgetInvitation(); setOffer(null); setJoined(j); loadSituation(me, true); });
  const no = () => {
    setOffer(null);
    setTimeout(() => { const f = document.getElementById('accept-code'); if (f) f.focus(); });
  };
  const message = acceptMessage(t, err);
  return html`
    <h1 tabindex="-1">${t('accept.heading')}</h1>
    ${!joined && !offer && html`
      <p class="lead">${t('accept.intro')}</p>
      <${ErrorSummary} title=${t('accept.problem')} message=${message} />
      <form onSubmit=${look} novalidate>
        <${Field} id="accept-code" label=${t('accept.code')} help=${t('accept.codeHelp')} autocomplete="off"
          value=${code} onInput=${setCode} error=${err && err.field === 'code' ? message : null} />
        <button type="submit" class="primary" disabled=${busy}>${t('accept.look')}</button>
      </form>`}
    ${offer && html`<${Offer} t=${t} lang=${lang} offer=${offer} busy=${busy} onAccept=${accept} onNo=${no} />`}
    ${joined && html`<${Joined} t=${t} lang=${lang} joined=${joined} />`}`;
}

export function Accept({ t, lang, me, code }) {
  return me ? html`<${AcceptForm} t=${t} lang=${lang} me=${me} code=${code} />` : html`<${SignedOut} t=${t} code=${code} />`;
}
