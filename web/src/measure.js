// Measuring at home: the catalogue of kinds (GET /measurement-kinds, asked once), numbers in the
// page's language with each kind's decimals, and a reading against the client's range in words.
import { useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import { locale } from './i18n.js';

let kinds = null;
let asking = null;

// The catalogue, in the order the pages show it; asked once, a failed try asked again next time.
export function loadKinds() {
  if (kinds) return Promise.resolve(kinds);
  if (!asking) {
    asking = request('GET', '/measurement-kinds').then((k) => { kinds = k; return k; }, (e) => { asking = null; throw e; });
  }
  return asking;
}

// { kinds, error }: kinds null while asking.
export function useKinds() {
  const [list, setList] = useState(kinds);
  const [error, setError] = useState(null);
  useEffect(() => { if (!list) loadKinds().then(setList, setError); }, []);
  return { kinds: list, error };
}

// 6.1 -> "6,1" in Dutch; `decimals` fixed (a kind's, or one for percentages).
export function formatNumber(lang, value, decimals = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

// A reading's value as text: "140/90 mmHg", "6,1 mmol/L", "7.412 stappen".
export function readingText(t, lang, kind, r) {
  const one = formatNumber(lang, r.value, kind.decimals);
  const both = kind.value2 && r.value2 !== null && r.value2 !== undefined ? `${one}/${formatNumber(lang, r.value2, kind.decimals)}` : one;
  const unit = t(`measure.unit.${kind.code}`);
  return unit ? `${both} ${unit}` : both;
}

// A range as words: "3,9 tot 10,0 mmol/L", "tot 135/85 mmHg" (the second value's bounds after a slash).
export function rangeText(t, lang, kind, range) {
  if (!range) return '';
  const f = (v) => formatNumber(lang, v, kind.decimals);
  const has = (v) => v !== null && v !== undefined;
  const pair = (a, b) => (kind.value2 && (has(a) || has(b)) ? `${has(a) ? f(a) : '–'}/${has(b) ? f(b) : '–'}` : f(a));
  const low = has(range.low) || has(range.low2) ? pair(range.low, range.low2) : null;
  const high = has(range.high) || has(range.high2) ? pair(range.high, range.high2) : null;
  const unit = t(`measure.unit.${kind.code}`);
  let s = '';
  if (low !== null && high !== null) s = t('measure.target.between', { low, high, unit });
  else if (high !== null) s = t('measure.target.upTo', { high, unit });
  else if (low !== null) s = t('measure.target.from', { low, unit });
  return s.trim();
}

// The flag of a reading (low, high, in_range, or null without a range) as its word; `shared`: the
// words for someone else's reading ("binnen de grenzen" rather than "binnen je grenzen").
export function flagWord(t, flag, shared) {
  return t(`measure.${shared ? 'flagShared' : 'flag'}.${flag || 'none'}`);
}

// The CSS class that colours a flag (the word always goes with it).
export function flagClass(flag) {
  return `flag flag-${flag || 'none'}`;
}

// A kind's word inside a sentence: "bloeddruk", but "INR (bloedverdunning)" stays as it is.
export function kindInSentence(t, code) {
  const w = t(`measure.kind.${code}`);
  return w.length > 1 && w[1] === w[1].toLowerCase() ? w[0].toLowerCase() + w.slice(1) : w;
}

// A reading's time, short: "1 dec. 14:05" (with the year when it is not this year's).
export function formatWhen(lang, iso) {
  const d = new Date(iso);
  const year = d.getFullYear() !== new Date().getFullYear() ? { year: 'numeric' } : {};
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', ...year, hour: '2-digit', minute: '2-digit' }).format(d);
}

// A day: "ma 30 nov.".
export function formatDay(lang, ms) {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(ms));
}

// Now as the value of an <input type="datetime-local"> (local time, to the minute).
export function localNow(d = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
