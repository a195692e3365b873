// Alerts and alert rules in plain words, made from what the server gives (an alert's details.code
// and its figures, a rule's kind and figures), with numbers in the page's language and each
// measurement kind's own decimals and unit. Words only: Roer says what happened and to whom, it
// gives no advice. `own`: the client reads about themself ("Je suiker was …"); else someone else
// reads about the client ("De suiker van Els was …").
import { formatNumber, kindInSentence } from './measure.js';
import { momentWords } from './days.js';
import { deviationWords } from './pages/DailyLife.js';

const present = (v) => v !== null && v !== undefined && v !== '';

// The kind of the catalogue (for its decimals), or a stand-in with one decimal.
function kindOf(kinds, code) {
  return (kinds || []).find((k) => k.code === code) || { code, decimals: 1 };
}

// A figure of a kind, without its unit ("3,0") or with it ("2,8 mmol/L", "140/90 mmHg").
export function figure(t, lang, kinds, code, v, v2, withUnit = false) {
  if (!present(v)) return '';
  const k = kindOf(kinds, code);
  let s = formatNumber(lang, v, k.decimals);
  if (present(v2)) s = `${s}/${formatNumber(lang, v2, k.decimals)}`;
  const unit = code ? t(`measure.unit.${code}`) : '';
  return withUnit && unit && unit !== `measure.unit.${code}` ? `${s} ${unit}` : s;
}

// A number of hours as "3 dagen", "1 dag", "12 uur".
export function periodWords(t, lang, hours) {
  const h = Number(hours);
  if (h >= 24 && h % 24 === 0) return t(h === 24 ? 'alerts.time.day' : 'alerts.time.days', { n: formatNumber(lang, h / 24) });
  return t('alerts.time.hours', { n: formatNumber(lang, h, Number.isInteger(h) ? 0 : 1) });
}

// "2 december om 14:05".
export function whenWords(t, lang, iso) {
  if (!iso) return '';
  const m = momentWords(lang, iso);
  return t('alerts.time.at', { day: m.day, time: m.time });
}

// "Sam", "Sam en Noor", "Sam, Noor en Tom".
export function namesWords(t, names) {
  if (names.length <= 1) return names.join('');
  return t('alerts.time.and', { names: names.slice(0, -1).join(', '), last: names[names.length - 1] });
}

// What an alert is about, in one or two sentences.
export function alertSentence(t, lang, kinds, alert, own) {
  const d = alert.details || {};
  const code = d.measure_kind;
  const who = own ? 'own' : 'other';
  const name = (alert.client && alert.client.name) || t('roles.someone');
  const vars = {
    name,
    kind: code ? kindInSentence(t, code) : '',
    value: figure(t, lang, kinds, code, d.value, d.value2, true),
    limit: figure(t, lang, kinds, code, d.limit),
    from: figure(t, lang, kinds, code, d.from),
    change: figure(t, lang, kinds, code, present(d.change) ? Math.abs(d.change) : null, null, true),
    period: present(d.hours) ? periodWords(t, lang, d.hours) : '',
    since: whenWords(t, lang, d.since),
    count: present(d.count) ? formatNumber(lang, d.count) : '',
    low: figure(t, lang, kinds, code, d.low),
    high: figure(t, lang, kinds, code, d.high),
  };
  // A day at home that goes differently: said as the day view says it (pages/DailyLife.js).
  if (d.code === 'daily_life') {
    const past = present(d.day) && d.day < new Date().toISOString().slice(0, 10);
    return [deviationWords(t, { ...d, code: d.deviation }, past)];
  }
  let key;
  switch (d.code) {
    case 'urgent_low': case 'urgent_high': case 'trend_up': case 'trend_down': case 'missing': case 'help':
      key = d.code; break;
    case 'out_of_range': case 'inr_out_of_range':
      key = Number(d.count) > 1 ? 'out_of_range_many' : `out_of_range_${d.flag === 'low' ? 'low' : 'high'}`; break;
    default:
      key = 'other';
  }
  const lines = [t(`alerts.says.${who}.${key}`, vars)];
  if ((key === 'out_of_range_low' || key === 'out_of_range_high' || key === 'out_of_range_many') && present(d.low) && present(d.high)) {
    lines.push(t(`alerts.says.${who}.range`, vars));
  }
  if (present(d.text)) lines.push(t(`alerts.says.${who}.text`, { name, text: d.text }));
  return lines;
}

// A rule as a sentence: when Roer warns.
export function ruleSentence(t, lang, kinds, rule) {
  const code = rule.measure_kind;
  const vars = {
    kind: code ? kindInSentence(t, code) : '',
    below: figure(t, lang, kinds, code, rule.below, null, true),
    above: figure(t, lang, kinds, code, rule.above, null, true),
    count: present(rule.count) ? formatNumber(lang, rule.count) : '1',
    change: figure(t, lang, kinds, code, present(rule.change) ? Math.abs(rule.change) : null, null, true),
    period: present(rule.hours) ? periodWords(t, lang, rule.hours) : '',
  };
  switch (rule.kind) {
    case 'urgent': {
      const which = present(rule.below) && present(rule.above) ? 'both' : present(rule.below) ? 'below' : 'above';
      return t(`alerts.rules.say.urgent_${which}`, vars);
    }
    case 'out_of_range': case 'inr':
      return t(Number(rule.count) > 1 ? 'alerts.rules.say.out_of_range_many' : 'alerts.rules.say.out_of_range', vars);
    case 'trend':
      return t(rule.change > 0 ? 'alerts.rules.say.trend_up' : 'alerts.rules.say.trend_down', vars);
    case 'missing': case 'help': case 'daily_life':
      return t(`alerts.rules.say.${rule.kind}`, vars);
    default:
      return t('alerts.rules.say.other');
  }
}

// Whom a rule tells, in order: "Eerst Sam. Na 10 minuten Noor. Daarna iedereen tegelijk."
// nameOf(id) gives a member's name.
export function receiversSentence(t, lang, rule, nameOf) {
  const parts = [];
  if (rule.receivers.length === 0) parts.push(t('alerts.rules.who.marked'));
  else {
    parts.push(t('alerts.rules.who.first', { name: nameOf(rule.receivers[0]) }));
    for (const id of rule.receivers.slice(1)) parts.push(t('alerts.rules.who.next', { name: nameOf(id), minutes: formatNumber(lang, rule.step_minutes) }));
  }
  if (rule.then_everyone && rule.receivers.length !== 1) parts.push(t('alerts.rules.who.everyone'));
  return parts.join(' ');
}
