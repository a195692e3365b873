// Calendar days as the API writes them ("2026-12-14"), counted in the person's own time zone,
// and the words for days and times in the page's language.
import { locale } from './i18n.js';

// The day of a local Date as "YYYY-MM-DD".
export function isoDay(date) {
  const p = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

// "YYYY-MM-DD" -> a local Date at noon, so that adding days never trips over a change of summer time.
export function parseDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, 12);
}

export function addDays(day, n) {
  const d = parseDay(day);
  d.setDate(d.getDate() + n);
  return isoDay(d);
}

// The Monday of the week a day is in: Dutch weeks start on Monday.
export function mondayOf(day) {
  const back = (parseDay(day).getDay() + 6) % 7;
  return addDays(day, -back);
}

export function today() {
  return isoDay(new Date());
}

// "maandag 14 december" / "Monday 14 December"; the year only when it is not this year's.
export function dayWords(lang, day, { weekday = true } = {}) {
  const d = parseDay(day);
  const opts = { day: 'numeric', month: 'long' };
  if (weekday) opts.weekday = 'long';
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
  return new Intl.DateTimeFormat(locale(lang), opts).format(d);
}

// A moment from the API ("2026-11-23T10:12:00Z") as { day: "23 november", time: "10:12" }, in local time.
export function momentWords(lang, iso) {
  const d = new Date(iso);
  return {
    day: dayWords(lang, isoDay(d), { weekday: false }),
    time: new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit' }).format(d),
  };
}

// The start of a local day as the API's UTC time, for filters by day.
export function dayStartUtc(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
