// Uitnodiging aannemen: someone got a code or a link from a client and joins their network.
// Signed out, they are asked to sign in or make an account first, and come back here with
// the code; signed in, they take it and see whose network they joined and what is shared.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { Field } from '../components/Field.js';
import { ErrorSummary } from '../components/Alert.js';
import { RightsList } from '../components/Rights.js';
import { errorMessage } from '../errors.js';
import { roleWord } from '../people.js';
import { rememberInvitation, pendingInvitation, forgetInvitation, sharedLink } from '../network.js';

// The accept route's own words for its refusals; the general ones for anything else.
function acceptMessage(t, err) {
  if (!err) return null;
  if (err.code === 'not_found') return t('accept.notFound');
  if (err.code === 'conflict') return t('accept.own');
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

function AcceptForm({ t, lang, code: fromLink }) {
  const [code, setCode] = useState(fromLink || pendingInvitation());
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [joined, setJoined] = useState(null);
  const accept = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      setJoined(await request('POST', '/invitations/accept', { code: code.trim() }));
      setErr(null);
      forgetInvitation();
    } catch (x) {
      // A code that cannot be used is not kept for the next visit either.
      if (x.status === 404 || x.status === 409) forgetInvitation();
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  const message = acceptMessage(t, err);
  return html`
    <h1 tabindex="-1">${t('accept.heading')}</h1>
    ${!joined && html`
      <p class="lead">${t('accept.intro')}</p>
      <${ErrorSummary} title=${t('accept.problem')} message=${message} />
      <form onSubmit=${accept} novalidate>
        <${Field} id="accept-code" label=${t('accept.code')} help=${t('accept.codeHelp')} autocomplete="off"
          value=${code} onInput=${setCode} error=${err && err.field === 'code' ? message : null} />
        <button type="submit" class="primary" disabled=${busy}>${t('accept.submit')}</button>
      </form>`}
    ${joined && html`<${Joined} t=${t} lang=${lang} joined=${joined} />`}`;
}

export function Accept({ t, lang, me, code }) {
  return me ? html`<${AcceptForm} t=${t} lang=${lang} code=${code} />` : html`<${SignedOut} t=${t} code=${code} />`;
}
