// The access log in the client's own words: each row becomes one sentence ("Anna (mantelzorger)
// bekeek je plan op 3 maart om 10:12"), built from translated templates per action and per kind of
// information, with a general sentence for anything this page does not know yet. Also the same
// rows as a CSV file.
import { has } from './i18n.js';
import { roleWord } from './people.js';
import { isoDay, momentWords } from './days.js';

// A translated text, or the fallback key's when this one has no translation.
function pick(t, lang, key, fallback) {
  return t(has(lang, key) ? key : fallback);
}

// Who did it, as the subject of the sentence: "Je", "Anna (mantelzorger)", "Iemand die niet was ingelogd".
export function subject(t, lang, actor, clientId) {
  if (!actor) return t('audit.nobody');
  if (actor.id === clientId) return t('audit.you');
  const name = actor.name || t('roles.someone');
  const role = roleWord(t, lang, actor.role, actor.discipline);
  return role ? t('roles.nameWithRole', { name, role }) : name;
}

// The rows whose meaning depends on what they were about (a member, an invitation, a help request):
// their own sentence, when the action succeeded.
function specialKey(row, clientId) {
  const kind = (row.object || '').split('/')[0];
  const self = row.actor && row.actor.id === clientId;
  if (row.category === 'network') {
    if (row.action === 'grant' && kind === 'member') return 'grantMember';
    if (row.action === 'grant' && kind === 'invitation' && !self) return 'acceptedInvitation';
    if (row.action === 'revoke' && kind === 'member') return 'removedMember';
    if (row.action === 'revoke' && kind === 'invitation') return 'withdrewInvitation';
    if (row.action === 'create' && kind === 'invitation') return 'invited';
  }
  if (row.category === 'account' && row.action === 'create') return 'createdAccount';
  if (row.category === 'password' && row.action === 'update') return 'changedPassword';
  if (row.category === 'help_requests') return { create: 'askedHelp', update: 'offeredHelp', delete: 'closedHelp' }[row.action] || null;
  if (row.category === 'messages' && row.action === 'create') return 'wroteMessage';
  return null;
}

// The template key of a row: its own sentence, the action's, or the general one.
function templateKey(lang, row, clientId) {
  if (row.action === 'login_failure') return 'audit.done.login_failure';
  if (row.outcome === 'success') {
    const special = specialKey(row, clientId);
    if (special) return `audit.special.${special}`;
    return has(lang, `audit.done.${row.action}`) ? `audit.done.${row.action}` : 'audit.done.other';
  }
  if (row.outcome === 'denied') return has(lang, `audit.denied.${row.action}`) ? `audit.denied.${row.action}` : 'audit.denied.other';
  return 'audit.failed';
}

// Marks where the moment goes, so that the page can show it as a <time>.
const MOMENT = '\u0000';

// ctx: { clientId, names: Map of person id -> name } (for "Je gaf Anna andere rechten").
// -> { before, when, after }: the sentence around its moment ("3 maart om 10:12").
export function sentenceParts(t, lang, row, ctx) {
  const m = momentWords(lang, row.at);
  const objectId = Number((row.object || '').split('/')[1]);
  const vars = {
    who: subject(t, lang, row.actor, ctx.clientId),
    what: pick(t, lang, `audit.what.${row.category}`, 'audit.what.other'),
    when: MOMENT,
    // The server names whom a change of rights was about; the names map covers older rows.
    member: (row.subject && row.subject.name) || ctx.names.get(objectId) || t('roles.someone'),
  };
  let s = t(templateKey(lang, row, ctx.clientId), vars);
  // A representative acts for the client: the client should never have to guess that.
  if (row.on_behalf && row.actor) s = t('audit.onBehalf', { sentence: s, name: row.actor.name || t('roles.someone') });
  const [before, after = ''] = s.split(MOMENT);
  return { before, when: t('week.at', { day: m.day, time: m.time }), after: s.includes(MOMENT) ? after : null };
}

// The sentence as plain text.
export function sentence(t, lang, row, ctx) {
  const p = sentenceParts(t, lang, row, ctx);
  return p.after === null ? p.before : `${p.before}${p.when}${p.after}`;
}

// One cell: quoted, quotes doubled, and a leading =, +, - or @ defused so that a spreadsheet
// never runs a name someone chose as a formula.
function cell(v) {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

// The rows as CSV text: date, time, person, role, what happened, outcome. Dutch spreadsheets read a
// semicolon as the separator and English ones a comma; the byte order mark makes them read UTF-8.
export function csv(t, lang, rows, ctx) {
  const sep = lang === 'nl' ? ';' : ',';
  const head = ['date', 'time', 'person', 'role', 'happened', 'outcome'].map((c) => t(`audit.columns.${c}`));
  const lines = rows.map((row) => {
    const d = new Date(row.at);
    const p = (n) => String(n).padStart(2, '0');
    // Names, also the client's own: a file may be shown to someone else, to whom "you" means nothing.
    const person = row.actor ? row.actor.name || t('roles.someone') : t('audit.nobody');
    return [isoDay(d), `${p(d.getHours())}:${p(d.getMinutes())}`, person,
      row.actor ? roleWord(t, lang, row.actor.role, row.actor.discipline) : '',
      sentence(t, lang, row, ctx), pick(t, lang, `outcomes.${row.outcome}`, 'outcomes.failure')];
  });
  return `\ufeff${[head, ...lines].map((l) => l.map(cell).join(sep)).join('\r\n')}\r\n`;
}
