// Translations: every user-facing string comes from web/i18n/*.json.
import nl from '../i18n/nl.json';
import en from '../i18n/en.json';

const tables = { nl, en };
export const languages = ['nl', 'en'];

const STORE_KEY = 'roer.lang';

export function storedLanguage() {
  try {
    const v = localStorage.getItem(STORE_KEY);
    return languages.includes(v) ? v : 'nl';
  } catch {
    return 'nl';
  }
}

export function rememberLanguage(lang) {
  try { localStorage.setItem(STORE_KEY, lang); } catch { /* private mode: not remembered */ }
}

// A translator for one language: t('home.hello', { name }) -> text.
// A missing key shows the key itself, so it is noticed, never a blank.
export function translator(lang) {
  const table = tables[lang] || nl;
  return (key, vars) => {
    let v = key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), table);
    if (typeof v !== 'string') return key;
    if (vars) v = v.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    return v;
  };
}

// Has the table a string for this key? (for optional messages such as errors.fields.x)
export function has(lang, key) {
  const table = tables[lang] || nl;
  return typeof key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), table) === 'string';
}

export function locale(lang) {
  return lang === 'en' ? 'en-GB' : 'nl-NL';
}
