// Mijn netwerk: who is in the client's network and what each may see or change, the
// invitations, and inviting someone. Rights are always confirmed one category at a time:
// Roer suggests per role, the client chooses.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { Field, Checkbox } from '../components/Field.js';
import { Radios, Select } from '../components/Choice.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { RightsChooser, RightsList } from '../components/Rights.js';
import { errorMessage } from '../errors.js';
import { formatDate } from '../record.js';
import { isoDay } from '../days.js';
import { roleWord } from '../people.js';
import { ROLES, choicesOf, missingChoices, rightsBody, useClientPath } from '../network.js';
import { disciplines, shareableCategories } from '../vocabulary.js';

// Focuses an element once it is on the page (after a step or a mode changes what is shown).
function useFocus(ref, when) {
  useEffect(() => { if (when && ref.current) ref.current.focus(); }, [when]);
}

// The end date of a member's rights: they all share the one the client gave.
function rightsUntil(rights) {
  const r = Object.values(rights || {}).find((x) => x.until);
  return r ? r.until.slice(0, 10) : '';
}

// A representative whose own mandate ends (`limit`) gives rights that end no later: the server
// holds to it too.
function untilProblem(t, lang, until, limit) {
  if (limit && (!until || until <= isoDay(new Date()) || until > limit)) {
    return t('network.untilMandateError', { date: formatDate(lang, limit) });
  }
  return until && until <= isoDay(new Date()) ? t('network.untilError') : null;
}

// The end date field: optional for the client, required up to their own end for a representative.
function UntilField({ t, lang, id, limit, value, onInput, error }) {
  const label = limit ? t('network.untilLabel') : `${t('network.untilLabel')} ${t('common.optional')}`;
  const help = limit ? t('network.untilMandate', { date: formatDate(lang, limit) }) : t('network.untilHelp');
  return html`<${Field} id=${id} type="date" label=${label} help=${help} value=${value} onInput=${onInput}
    error=${error} />`;
}

// The names of the categories still without a choice, for the error summary.
function missingMessage(t, missing) {
  if (missing.length === 0) return null;
  return t('network.missing', { list: missing.map((c) => t(`network.categories.${c}`)).join(', ') });
}

// The special right to be told when things are not going well (the monitoring will use it):
// yes or no, asked like every other right, never chosen beforehand.
function AlertsChoice({ t, name, who, value, onChange, error }) {
  return html`<${Radios} name=${name} legend=${t('network.alertsLabel', { name: who })} value=${value} error=${error}
    onChange=${onChange} options=${[['yes', t('network.alertsYes')], ['no', t('network.alertsNo')]]} />
    <p class="help">${t('network.alertsHelp')}</p>`;
}

// Changing a member's rights, starting from the ones they have now.
function EditRights({ t, lang, m, limit, onSaved, onCancel }) {
  const client = useClientPath();
  const [choices, setChoices] = useState(choicesOf(m.rights));
  const [until, setUntil] = useState(rightsUntil(m.rights));
  const [onBehalf, setOnBehalf] = useState(m.acts_on_behalf);
  const [alerts, setAlerts] = useState(m.receives_alerts ? 'yes' : 'no');
  const [err, setErr] = useState(null);
  const [problem, setProblem] = useState(null);
  const heading = useRef(null);
  useFocus(heading, true);
  const save = async (e) => {
    e.preventDefault();
    const wrong = untilProblem(t, lang, until, limit);
    setProblem(wrong);
    if (wrong) return;
    // The whole set is replaced: alerts and a representation are sent as they are, else they would end.
    const body = { rights: rightsBody(choices), receives_alerts: alerts === 'yes' };
    if (until) body.until = until;
    if (m.acts_on_behalf) body.acts_on_behalf = onBehalf;
    try {
      await request('PATCH', `/clients/${client}/members/${m.id}`, body);
      onSaved();
    } catch (x) {
      setErr(x);
    }
  };
  const prefix = `edit-${m.id}`;
  return html`
    <form class="edit-rights" onSubmit=${save} novalidate>
      <h4 tabindex="-1" ref=${heading}>${t('network.editHeading', { name: m.name })}</h4>
      <${ErrorSummary} title=${t('errors.summary')} message=${problem || errorMessage(t, err)} />
      <${RightsChooser} t=${t} idPrefix=${prefix} role=${m.role} choices=${choices} onChange=${setChoices} />
      <${AlertsChoice} t=${t} name=${`${prefix}-alerts`} who=${m.name} value=${alerts} onChange=${setAlerts} />
      <${UntilField} t=${t} lang=${lang} id=${`${prefix}-until`} limit=${limit} value=${until} onInput=${setUntil} error=${problem} />
      ${m.acts_on_behalf && html`<${Checkbox} id=${`${prefix}-behalf`} label=${t('network.onBehalfKeep', { name: m.name })}
        checked=${onBehalf} onChange=${setOnBehalf} />`}
      <button type="submit" class="primary">${t('network.saveRights')}</button>
      <button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
    </form>`;
}

// Removing someone takes a second, explicit yes.
function ConfirmRemove({ t, m, onYes, onNo }) {
  const text = useRef(null);
  useFocus(text, true);
  return html`
    <div class="alert warn confirm" role="group" aria-labelledby=${`remove-${m.id}`}>
      <p id=${`remove-${m.id}`} tabindex="-1" ref=${text}>${t('network.removeConfirm', { name: m.name })}</p>
      <button type="button" class="danger" onClick=${onYes}>${t('network.removeYes', { name: m.name })}</button>
      <button type="button" onClick=${onNo}>${t('network.removeNo')}</button>
    </div>`;
}

// `clientOnly`: a representative looks at themself or another representative, whose rights only
// the client changes; a representative may still leave (remove themself).
function Member({ t, lang, m, limit, clientOnly, canRemove, owner, onChanged, onRemoved }) {
  const client = useClientPath();
  const [mode, setMode] = useState('view'); // 'view', 'edit' or 'remove'
  const [err, setErr] = useState(null);
  const editButton = useRef(null);
  const removeButton = useRef(null);
  // Back from a step the person cancelled: to the button they came from.
  const back = (ref) => { setMode('view'); setTimeout(() => ref.current && ref.current.focus()); };
  const remove = async () => {
    try {
      await request('DELETE', `/clients/${client}/members/${m.id}`);
      onRemoved(m);
    } catch (x) {
      setErr(x);
      setMode('view');
    }
  };
  const role = roleWord(t, lang, m.role, m.discipline);
  return html`
    <li class="member card">
      <h3>${m.name}</h3>
      <p>${t('network.since', { role, date: formatDate(lang, m.since) })}</p>
      ${m.acts_on_behalf && html`<p>${t('network.onBehalf', { name: m.name })}</p>`}
      ${m.receives_alerts && html`<p>${t('network.receivesAlerts', { name: m.name })}</p>`}
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
      <${RightsList} t=${t} lang=${lang} rights=${m.rights} empty=${t('network.seesNothing', { name: m.name })} />
      ${Object.keys(m.rights).length > 0 && Object.keys(m.rights).length < shareableCategories().length
        && html`<p class="muted">${t('network.restNothing', { name: m.name })}</p>`}
      ${clientOnly && html`<p class="muted client-only">${t('network.clientOnly', { client: owner })}</p>`}
      ${mode === 'view' && (!clientOnly || canRemove) && html`
        <div class="item-actions">
          ${!clientOnly && html`<button type="button" ref=${editButton} onClick=${() => setMode('edit')}
            aria-label=${`${t('network.editRights')}: ${m.name}`}>${t('network.editRights')}</button>`}
          ${canRemove && html`<button type="button" class="danger" ref=${removeButton} onClick=${() => setMode('remove')}
            aria-label=${`${t('network.remove')}: ${m.name}`}>${t('network.remove')}</button>`}
        </div>`}
      ${mode === 'edit' && html`<${EditRights} t=${t} lang=${lang} m=${m} limit=${limit} onSaved=${() => { setMode('view'); onChanged(m); }} onCancel=${() => back(editButton)} />`}
      ${mode === 'remove' && html`<${ConfirmRemove} t=${t} m=${m} onYes=${remove} onNo=${() => back(removeButton)} />`}
    </li>`;
}

function Invitation({ t, lang, inv, onWithdraw }) {
  const who = inv.name || t('network.noName');
  const role = roleWord(t, lang, inv.role, inv.discipline);
  return html`
    <li class="invitation card">
      <h3>${who}</h3>
      <p>${t('network.madeOn', { role, date: formatDate(lang, inv.created_at) })}</p>
      <p class=${`invitation-status ${inv.status}`}>${t(`network.status.${inv.status}`, { date: formatDate(lang, inv.expires_at) })}</p>
      <${RightsList} t=${t} lang=${lang} rights=${inv.rights} until=${inv.until} empty=${t('network.offersNothing')} />
      ${inv.status === 'open' && html`<button type="button" onClick=${() => onWithdraw(inv)}
        aria-label=${`${t('network.withdraw')}: ${who}`}>${t('network.withdraw')}</button>`}
    </li>`;
}

const blank = { name: '', role: '', discipline: '', days: '7', until: '', onBehalf: false };

// Step 1 of an invitation: who it is for and how long it is valid.
function WhoStep({ t, lang, f, setF, limit, roles, onNext }) {
  const [problems, setProblems] = useState({});
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const next = (e) => {
    e.preventDefault();
    const days = Number(f.days);
    const p = {};
    if (!f.role) p.role = t('network.roleError');
    if (f.role === 'professional' && !f.discipline) p.discipline = t('network.disciplineError');
    if (!/^\d+$/.test(String(f.days).trim()) || days < 1 || days > 30) p.days = t('network.daysError');
    if (untilProblem(t, lang, f.until, limit)) p.until = untilProblem(t, lang, f.until, limit);
    setProblems(p);
    if (Object.keys(p).length === 0) onNext();
  };
  const first = Object.values(problems)[0];
  return html`
    <form class="invite-who" onSubmit=${next} novalidate>
      <${ErrorSummary} title=${t('errors.summary')} message=${first} />
      <${Field} id="invite-name" label=${`${t('network.nameLabel')} ${t('common.optional')}`} help=${t('network.nameHelp')}
        value=${f.name} onInput=${set('name')} autocomplete="off" />
      <${Radios} name="invite-role" legend=${t('network.roleLabel')} value=${f.role} error=${problems.role}
        onChange=${(v) => setF({ ...f, role: v, onBehalf: v === 'vertegenwoordiger' && f.onBehalf })}
        options=${roles.map((r) => [r, t(`network.roleChoice.${r}`)])} />
      ${f.role === 'professional' && html`
        <${Select} id="invite-discipline" label=${t('network.disciplineLabel')} value=${f.discipline} onChange=${set('discipline')}
          options=${[['', t('network.chooseDiscipline')], ...disciplines().map((d) => [d, t(`plan.disciplines.${d}`)])]} />
        ${problems.discipline && html`<p class="field-error">${problems.discipline}</p>`}`}
      ${f.role === 'vertegenwoordiger' && html`
        <${Checkbox} id="invite-behalf" label=${t('network.onBehalfLabel')} checked=${f.onBehalf} onChange=${set('onBehalf')} />
        <p class="help">${t('network.onBehalfHelp')}</p>`}
      <${Field} id="invite-days" type="number" inputMode="numeric" label=${t('network.daysLabel')} help=${t('network.daysHelp')}
        value=${f.days} onInput=${set('days')} error=${problems.days} />
      <${UntilField} t=${t} lang=${lang} id="invite-until" limit=${limit} value=${f.until} onInput=${set('until')} error=${problems.until} />
      <button type="submit" class="primary">${t('network.toRights')}</button>
    </form>`;
}

// Step 2: every category, one by one, with nothing chosen beforehand.
function RightsStep({ t, f, choices, setChoices, onBack, onSent }) {
  const client = useClientPath();
  // The categories without a choice when the client last tried to send. The summary keeps
  // listing them until the next try (changing it would move the focus away from the choice
  // being made); each row's own mark goes as soon as it has a choice.
  const [missing, setMissing] = useState([]);
  const [alerts, setAlerts] = useState('');
  const [alertsMissing, setAlertsMissing] = useState(false);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef(null);
  useFocus(heading, true);
  const send = async (e) => {
    e.preventDefault();
    const left = missingChoices(choices);
    setMissing(left);
    setAlertsMissing(!alerts);
    if (left.length > 0 || !alerts) return;
    const body = { role: f.role, valid_days: Number(f.days), rights: rightsBody(choices), receives_alerts: alerts === 'yes' };
    if (f.name.trim()) body.name = f.name.trim();
    if (f.role === 'professional') body.discipline = f.discipline;
    if (f.until) body.until = f.until;
    if (f.role === 'vertegenwoordiger' && f.onBehalf) body.acts_on_behalf = true;
    setBusy(true);
    try {
      onSent(await request('POST', `/clients/${client}/invitations`, body));
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  const who = f.name.trim() || t('network.thisPerson');
  return html`
    <form class="invite-rights" onSubmit=${send} novalidate>
      <h3 tabindex="-1" ref=${heading}>${t('network.rightsHeading', { name: who })}</h3>
      <p>${t('network.rightsIntro')}</p>
      <${ErrorSummary} title=${t('network.missingTitle')}
        message=${[missingMessage(t, missing), alertsMissing && t('network.alertsMissing')].filter(Boolean).join(' ') || null} />
      <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
      <${RightsChooser} t=${t} idPrefix="invite-right" role=${f.role} choices=${choices} onChange=${setChoices}
        missing=${missing.filter((c) => !choices[c])} />
      <${AlertsChoice} t=${t} name="invite-alerts" who=${who} value=${alerts} onChange=${setAlerts}
        error=${alertsMissing && !alerts ? t('network.alertsMissing') : null} />
      <button type="submit" class="primary" disabled=${busy}>${t('network.send')}</button>
      <button type="button" onClick=${onBack}>${t('network.back')}</button>
    </form>`;
}

// Step 3: the code, shown this once.
function Sent({ t, lang, inv, days, onAgain }) {
  const heading = useRef(null);
  const [copied, setCopied] = useState('');
  useFocus(heading, true);
  const link = `${location.origin}/#/accept/${encodeURIComponent(inv.code)}`;
  const canCopy = typeof navigator !== 'undefined' && navigator.clipboard && window.isSecureContext;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(t('network.copied'));
    } catch {
      setCopied(t('network.notCopied'));
    }
  };
  return html`
    <div class="invitation-made">
      <h3 tabindex="-1" ref=${heading}>${t('network.sentHeading')}</h3>
      <p>${t('network.sentGive', { name: inv.name || t('network.thisPerson') })}</p>
      <p class="alert warn">${t('network.onlyOnce')} ${t('network.validFor', { days, date: formatDate(lang, inv.expires_at) })}</p>
      <dl class="details">
        <dt>${t('network.code')}</dt><dd><code class="invitation-code">${inv.code}</code></dd>
        <dt>${t('network.link')}</dt><dd><a class="invitation-link" href=${link}>${link}</a></dd>
      </dl>
      ${canCopy && html`<p><button type="button" onClick=${copy}>${t('network.copy')}</button></p>`}
      <${Status} message=${copied} />
      <button type="button" class="primary" onClick=${onAgain}>${t('network.again')}</button>
    </div>`;
}

function Invite({ t, lang, limit, roles, onSent }) {
  const [step, setStep] = useState('who');
  const [f, setF] = useState(blank);
  const [choices, setChoices] = useState({});
  const [sent, setSent] = useState(null);
  const again = () => { setF(blank); setChoices({}); setSent(null); setStep('who'); };
  return html`
    <section aria-labelledby="invite-heading" class="invite">
      <h2 id="invite-heading" tabindex="-1">${t('network.invite')}</h2>
      ${step === 'who' && html`<p>${t('network.inviteIntro')}</p>
        <${WhoStep} t=${t} lang=${lang} f=${f} setF=${setF} limit=${limit} roles=${roles} onNext=${() => setStep('rights')} />`}
      ${step === 'rights' && html`<${RightsStep} t=${t} f=${f} choices=${choices} setChoices=${setChoices}
        onBack=${() => setStep('who')} onSent=${(inv) => { setSent(inv); setStep('done'); onSent(); }} />`}
      ${step === 'done' && html`<${Sent} t=${t} lang=${lang} inv=${sent} days=${Number(f.days)} onAgain=${again} />`}
    </section>`;
}

export function Network({ t, lang, me, owner }) {
  const client = useClientPath();
  const [members, setMembers] = useState(null);
  const [invitations, setInvitations] = useState(null);
  const [err, setErr] = useState(null);
  const [said, setSaid] = useState('');
  const membersHeading = useRef(null);
  const invitationsHeading = useRef(null);
  const load = async () => {
    try {
      const [m, i] = await Promise.all([request('GET', `/clients/${client}/members`), request('GET', `/clients/${client}/invitations`)]);
      setMembers(m);
      setInvitations(i);
      setErr(null);
    } catch (x) {
      setErr(x);
    }
  };
  useEffect(() => { load(); }, []);
  // After a change the buttons pressed may be gone: a heading keeps the keyboard in place.
  const done = async (message, heading) => {
    setSaid(message);
    await load();
    if (heading.current) heading.current.focus();
  };
  const withdraw = async (inv) => {
    try {
      await request('DELETE', `/clients/${client}/invitations/${inv.id}`);
      await done(t('network.withdrawn'), invitationsHeading);
    } catch (x) {
      setErr(x);
    }
  };
  // A representative (on a client's page) acts for the client: not for themself, not appointing
  // or changing representatives, and not beyond their own mandate.
  const acting = client !== 'me';
  const mine = acting && members ? members.find((m) => m.id === me.id) : null;
  const limit = mine && mine.acts_on_behalf_until ? mine.acts_on_behalf_until.slice(0, 10) : '';
  const roles = acting ? ROLES.filter((r) => r !== 'vertegenwoordiger') : ROLES;
  const open = (invitations || []).filter((i) => i.status === 'open');
  const earlier = (invitations || []).filter((i) => i.status !== 'open');
  const invitation = (i) => html`<${Invitation} key=${i.id} t=${t} lang=${lang} inv=${i} onWithdraw=${withdraw} />`;
  return html`
    <h1 tabindex="-1">${owner ? t('network.headingOf', { name: owner }) : t('network.heading')}</h1>
    <p class="lead">${t('network.intro')}</p>
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    <${Status} message=${said} />
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" tabindex="-1" ref=${membersHeading}>${t('network.members')}</h2>
      ${members && members.length === 0 && html`<p>${t('network.noMembers')}</p>`}
      <ul class="members">
        ${(members || []).map((m) => html`<${Member} key=${m.id} t=${t} lang=${lang} m=${m} limit=${limit} owner=${owner}
          clientOnly=${acting && (m.id === me.id || m.acts_on_behalf)} canRemove=${!acting || m.id === me.id || !m.acts_on_behalf}
          onChanged=${() => done(t('network.changed', { name: m.name }), membersHeading)}
          onRemoved=${() => done(t('network.removed', { name: m.name }), membersHeading)} />`)}
      </ul>
    </section>
    ${members && html`<${Invite} t=${t} lang=${lang} limit=${limit} roles=${roles} onSent=${load} />`}
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading" tabindex="-1" ref=${invitationsHeading}>${t('network.invitations')}</h2>
      ${invitations && open.length === 0 && html`<p>${t('network.noOpen')}</p>`}
      <ul class="invitations">${open.map(invitation)}</ul>
      ${earlier.length > 0 && html`
        <details class="earlier">
          <summary>${t('network.earlier', { n: earlier.length })}</summary>
          <ul class="invitations">${earlier.map(invitation)}</ul>
        </details>`}
    </section>`;
}
