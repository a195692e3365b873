// My account: change password, two-factor login, download my data, delete my account.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { request, download } from '../api.js';
import { Field, Checkbox } from '../components/Field.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { errorMessage, fieldError } from '../errors.js';

function PasswordForm({ t, onMe }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [endOthers, setEndOthers] = useState(true);
  const [err, setErr] = useState(null);
  const [done, setDone] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setDone(false);
    try {
      const me = await request('POST', '/me/password', { current_password: current, new_password: next, end_other_sessions: endOthers });
      setErr(null);
      setCurrent('');
      setNext('');
      setDone(true);
      onMe(me);
    } catch (error) {
      setErr(error);
    }
  };
  return html`
    <section aria-labelledby="pw-heading">
      <h2 id="pw-heading">${t('account.passwordHeading')}</h2>
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
      <form onSubmit=${submit} novalidate>
        <${Field} id="pw-current" type="password" label=${t('account.current')} autocomplete="current-password"
          value=${current} onInput=${setCurrent} error=${fieldError(t, err, 'current_password')} />
        <${Field} id="pw-new" type="password" label=${t('account.new')} help=${t('account.newHelp')} autocomplete="new-password"
          value=${next} onInput=${setNext} error=${fieldError(t, err, 'new_password')} />
        <${Checkbox} id="pw-end-others" label=${t('account.endOthers')} checked=${endOthers} onChange=${setEndOthers} />
        <button type="submit" class="primary">${t('account.changePassword')}</button>
      </form>
      <${Status} message=${done ? t('account.passwordChanged') : ''} />
    </section>`;
}

function TwoFactor({ t, me, onMe }) {
  const [setup, setSetup] = useState(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState(null);
  const [password, setPassword] = useState('');
  const [err, setErr] = useState(null);
  const [status, setStatus] = useState('');
  const refresh = async () => onMe(await request('GET', '/me'));
  const start = async () => {
    try { setSetup(await request('POST', '/me/totp/setup', {})); setErr(null); } catch (error) { setErr(error); }
  };
  const confirm = async (e) => {
    e.preventDefault();
    try {
      const r = await request('POST', '/me/totp/confirm', { code: code.trim() });
      setCodes(r.recovery_codes);
      setSetup(null);
      setCode('');
      setErr(null);
      await refresh();
    } catch (error) { setErr(error); }
  };
  const disable = async (e) => {
    e.preventDefault();
    try {
      await request('POST', '/me/totp/disable', { password, code: code.trim() });
      setPassword('');
      setCode('');
      setErr(null);
      setCodes(null);
      setStatus(t('account.totpDisabled'));
      await refresh();
    } catch (error) { setErr(error); }
  };
  return html`
    <section aria-labelledby="totp-heading" id="two-factor">
      <h2 id="totp-heading">${t('account.totpHeading')}</h2>
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
      ${me.totp_enrollment_required && html`<p class="alert warn">${t('account.totpRequired')}</p>`}
      ${codes && html`
        <div class="alert ok" role="status">
          <p>${t('account.totpDone')}</p>
          <ul class="codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
        </div>`}
      ${!me.totp_enabled && !setup && html`
        <p>${t('account.totpOff')}</p>
        <button type="button" class="primary" onClick=${start}>${t('account.totpStart')}</button>`}
      ${!me.totp_enabled && setup && html`
        <p>${t('account.totpScan')}</p>
        <img class="qr" width="220" height="220" alt=${t('account.totpQrAlt')}
          src=${`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qr_svg)}`} />
        <p>${t('account.totpManual')}</p>
        <p><code class="secret">${setup.secret}</code></p>
        <form onSubmit=${confirm} novalidate>
          <${Field} id="totp-code" label=${t('account.totpCode')} inputMode="numeric" autocomplete="one-time-code"
            value=${code} onInput=${setCode} error=${fieldError(t, err, 'code')} />
          <button type="submit" class="primary">${t('account.totpConfirm')}</button>
        </form>`}
      ${me.totp_enabled && html`
        <p>${t('account.totpOn')}</p>
        <form onSubmit=${disable} novalidate>
          <${Field} id="totp-off-password" type="password" label=${t('account.password')} autocomplete="current-password"
            value=${password} onInput=${setPassword} />
          <${Field} id="totp-off-code" label=${t('account.totpCode')} inputMode="numeric" autocomplete="one-time-code"
            value=${code} onInput=${setCode} />
          <button type="submit">${t('account.totpDisable')}</button>
        </form>`}
      <${Status} message=${status} />
    </section>`;
}

function Export({ t }) {
  const [err, setErr] = useState(null);
  const [done, setDone] = useState(false);
  const go = async () => {
    try { await download('/me/export', 'roer-export.json'); setErr(null); setDone(true); } catch (error) { setErr(error); }
  };
  return html`
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">${t('account.exportHeading')}</h2>
      <p>${t('account.exportText')}</p>
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
      <button type="button" onClick=${go}>${t('account.export')}</button>
      <${Status} message=${done ? t('account.exported') : ''} />
    </section>`;
}

function Delete({ t, me, onDeleted }) {
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [err, setErr] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    const body = { password };
    if (me.totp_enabled) body.totp = code.trim();
    try { await request('DELETE', '/me', body); onDeleted(); } catch (error) { setErr(error); }
  };
  return html`
    <section aria-labelledby="delete-heading">
      <h2 id="delete-heading">${t('account.deleteHeading')}</h2>
      <p>${t('account.deleteText')}</p>
      ${!asking && html`<button type="button" class="danger" onClick=${() => setAsking(true)}>${t('account.deleteStart')}</button>`}
      ${asking && html`
        <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
        <form onSubmit=${submit} novalidate>
          <p>${t('account.deleteRemains')}</p>
          <p>${t('account.deleteConfirm')}</p>
          <${Field} id="delete-password" type="password" label=${t('account.password')} autocomplete="current-password"
            value=${password} onInput=${setPassword} />
          ${me.totp_enabled && html`<${Field} id="delete-code" label=${t('account.totpCode')} inputMode="numeric"
            value=${code} onInput=${setCode} />`}
          <button type="submit" class="danger">${t('account.delete')}</button>
          <button type="button" onClick=${() => { setAsking(false); setErr(null); }}>${t('account.cancel')}</button>
        </form>`}
    </section>`;
}

export function Account({ t, me, onMe, onDeleted }) {
  return html`
    <h1 tabindex="-1">${t('account.heading')}</h1>
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">${t('account.details')}</h2>
      <dl class="details">
        <dt>${t('account.name')}</dt><dd>${me.name}</dd>
        <dt>${t('account.email')}</dt><dd>${me.email}</dd>
      </dl>
    </section>
    <${TwoFactor} t=${t} me=${me} onMe=${onMe} />
    <${PasswordForm} t=${t} onMe=${onMe} />
    <${Export} t=${t} />
    <${Delete} t=${t} me=${me} onDeleted=${onDeleted} />`;
}
