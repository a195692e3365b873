// The triage list's reasons (GET /triage) in words, and where each one leads: the page of the
// client's record (or of their alerts) that shows what the reason is about.
import { has } from './i18n.js';
import { kindInSentence } from './measure.js';
import { dayWords, isoDay } from './days.js';
import { sinceWords } from './attention.js';

// The reasons in the order the server ranks them.
export const REASONS = ['alert', 'trend', 'help', 'balance', 'checkin', 'missing'];

// Reasons that need the client's open alerts to say which measurement they are about.
export const NEEDS_ALERTS = ['trend', 'missing'];

// Where a reason of client `id` is shown. Help requests are gathered on one page for every
// client (a client's own help page is for their representatives).
export function reasonLink(id, code) {
  return { alert: `#/c/${id}/alerts`, trend: `#/c/${id}/alerts`, missing: `#/c/${id}/alerts`, help: '#/help',
    balance: `#/c/${id}/balance`, checkin: `#/c/${id}/checkin` }[code];
}

const many = (t, key, n, vars) => t(`${key}${n === 1 ? 'One' : 'Many'}`, { n, ...vars });

// The words of one reason. `alerts`: the client's open alerts when asked (to name a trend's or a
// silence's measurement), else null; `name`: the client's name.
export function reasonWords(t, lang, r, alerts, name) {
  const since = sinceWords(t, lang, r.since);
  const kindOf = (a) => (a.details.measure_kind && has(lang, `measure.kind.${a.details.measure_kind}`) ? kindInSentence(t, a.details.measure_kind) : null);
  switch (r.code) {
    case 'alert': return many(t, 'triage.reason.alert', r.count || 1, { since });
    case 'trend': {
      const trends = (alerts || []).filter((a) => a.details && /^trend_/.test(a.details.code) && kindOf(a));
      if (trends.length) {
        return trends.map((a) => t(`triage.reason.${a.details.code === 'trend_up' ? 'rising' : 'falling'}`, { kind: kindOf(a) })).join(', ');
      }
      return many(t, 'triage.reason.trend', r.count || 1, { since });
    }
    case 'help': return many(t, 'triage.reason.help', r.count || 1, { since });
    case 'balance': return t('triage.reason.balance', { name });
    case 'checkin': return t('triage.reason.checkin', { since });
    case 'missing': {
      const silent = (alerts || []).filter((a) => a.details && a.details.code === 'missing' && kindOf(a) && a.details.since);
      if (silent.length) {
        return silent.map((a) => t('triage.reason.missingKind', { kind: kindOf(a), day: dayWords(lang, isoDay(new Date(a.details.since)), { weekday: false }) })).join(', ');
      }
      return many(t, 'triage.reason.missing', r.count || 1, { since });
    }
    default: return '';
  }
}
