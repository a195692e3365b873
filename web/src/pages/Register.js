// Create an account; registration signs the person in.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { Field } from '../components/Field.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage, fieldError } from '../errors.js';

export function Register({ t, lang, onSignedIn }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // The account's language, preselected from the page's language and following it when that changes.
  const [language, setLanguage] = useState(lang);
  useEffect(() => setLanguage(lang), [lang]);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      const me = await request('POST', '/auth/register', { name, email, password, language });
      setErr(null);
      onSignedIn(me);
    } catch (error) {
      setErr(error);
    } finally {
      setBusy(false);
    }
  };

  const languageError = fieldError(t, err, 'language');
  return html`
    <h1 tabindex="-1">${t('register.heading')}</h1>
    <p>${t('register.intro')}</p>
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    <form onSubmit=${submit} novalidate>
      <${Field} id="register-name" label=${t('register.name')} autocomplete="name" required
        value=${name} onInput=${setName} error=${fieldError(t, err, 'name')} />
      <${Field} id="register-email" label=${t('register.email')} type="email" autocomplete="email" required
        value=${email} onInput=${setEmail} error=${fieldError(t, err, 'email')} />
      <${Field} id="register-password" label=${t('register.password')} type="password" autocomplete="new-password" required
        help=${t('register.passwordHelp')} value=${password} onInput=${setPassword} error=${fieldError(t, err, 'password')} />
      <fieldset class=${`field radios${languageError ? ' has-error' : ''}`} aria-describedby="register-language-help">
        <legend>${t('register.language')}</legend>
        <p class="help" id="register-language-help">${t('register.languageHelp')}</p>
        ${languageError && html`<p class="field-error">${languageError}</p>`}
        ${[['nl', 'tools.dutch'], ['en', 'tools.english']].map(([v, key]) => html`
          <label class="radio"><input type="radio" name="register-language" value=${v} checked=${language === v}
            onChange=${() => setLanguage(v)} /> <span lang=${v}>${t(key)}</span></label>`)}
      </fieldset>
      <button type="submit" class="primary" disabled=${busy}>${t('register.submit')}</button>
    </form>
    <p class="switch">${t('register.haveAccount')} <a href="#/login">${t('register.toLogin')}</a></p>`;
}
