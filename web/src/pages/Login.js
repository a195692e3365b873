// Log in, with a second step for the code from an authenticator app (or a recovery code).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { Field } from '../components/Field.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage, fieldError } from '../errors.js';

export function Login({ t, onSignedIn }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  // Switching to a recovery code removes the button that was pressed: focus goes to the field instead.
  useEffect(() => {
    if (useRecovery) document.getElementById('login-code').focus();
  }, [useRecovery]);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    const body = { email, password };
    if (needsCode && code) body[useRecovery ? 'recovery_code' : 'totp'] = code.trim();
    try {
      const me = await request('POST', '/auth/login', body);
      setErr(null);
      onSignedIn(me);
    } catch (error) {
      if (error.code === 'totp_required') setNeedsCode(true);
      setErr(error);
    } finally {
      setBusy(false);
    }
  };

  return html`
    <h1 tabindex="-1">${t('login.heading')}</h1>
    <p>${t('login.intro')}</p>
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    <form onSubmit=${submit} novalidate>
      <${Field} id="login-email" label=${t('login.email')} type="email" autocomplete="username" required
        value=${email} onInput=${setEmail} error=${fieldError(t, err, 'email')} />
      <${Field} id="login-password" label=${t('login.password')} type="password" autocomplete="current-password" required
        value=${password} onInput=${setPassword} />
      ${needsCode && html`
        <${Field} id="login-code" label=${t(useRecovery ? 'login.recovery' : 'login.totp')}
          help=${t(useRecovery ? 'login.recoveryHelp' : 'login.totpHelp')}
          autocomplete="one-time-code" inputMode=${useRecovery ? undefined : 'numeric'}
          value=${code} onInput=${setCode} />
        ${!useRecovery && html`<p><button type="button" class="link-button" onClick=${() => { setUseRecovery(true); setCode(''); }}>${t('login.useRecovery')}</button></p>`}`}
      <button type="submit" class="primary" disabled=${busy}>${t('login.submit')}</button>
    </form>
    <p class="switch">${t('login.noAccount')} <a href="#/register">${t('login.toRegister')}</a></p>`;
}
