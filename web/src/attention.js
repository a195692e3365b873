// Words for what needs someone's attention, shared by the home pages and the triage list: an
// alert's severity (always a word; the colour only goes with it), what an alert is about, and
// since when something waits.
import { has, locale } from './i18n.js';
import { kindInSentence } from './measure.js';
import { isoDay, dayWords } from './days.js';

// "dringend" / "let op".
export function severityWord(t, severity) {
  return t(`attention.severity.${severity === 'urgent' ? 'urgent' : 'warning'}`);
}

// The CSS class that colours a severity (the word always goes with it).
export function severityClass(severity) {
  return `severity severity-${severity === 'urgent' ? 'urgent' : 'warning'}`;
}

// What an alert is about, from its details: "bloeddruk erg hoog", "gewicht stijgt", "vraagt om
// hulp". `own`: the words for the client themself ("je vroeg om hulp").
export function alertWhat(t, lang, alert, own = false) {
  const d = alert.details || {};
  const code = d.code || alert.kind;
  const kind = d.measure_kind && has(lang, `measure.kind.${d.measure_kind}`) ? kindInSentence(t, d.measure_kind) : '';
  if (code === 'help') return t(own ? 'attention.what.helpOwn' : 'attention.what.help');
  if (has(lang, `attention.what.${code}`)) return t(`attention.what.${code}`, { kind });
  return t('attention.what.other');
}

// "sinds 10:42" for a moment of today, else "sinds 1 december"; '' without a moment.
export function sinceWords(t, lang, iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isoDay(d) === isoDay(new Date())) {
    return t('attention.sinceTime', { time: new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit' }).format(d) });
  }
  return t('attention.sinceDay', { day: dayWords(lang, isoDay(d), { weekday: false }) });
}

// "Anna pakt dit op." when someone took the alert up, else ''.
export function takenUpWords(t, alert) {
  const by = alert.acknowledged_by;
  return by ? t('attention.takenUp', { name: by.name || t('roles.someone') }) : '';
}
