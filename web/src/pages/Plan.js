// Step 3: goals in my own words, and actions: what I do, what my people do, what professionals do.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useList, DOMAINS, goalStatus, actionStatus } from '../record.js';
import { Radios, Select, CheckSet, TextArea } from '../components/Choice.js';
import { Field } from '../components/Field.js';
import { ErrorSummary } from '../components/Alert.js';
import { errorMessage, fieldError } from '../errors.js';
import { disciplines } from '../vocabulary.js';

const STATUSES = ['planned', 'doing', 'done', 'stopped'];

function AddGoal({ t, goals, balance }) {
  const [text, setText] = useState('');
  const [domains, setDomains] = useState([]);
  const [relieves, setRelieves] = useState([]);
  const [strengthens, setStrengthens] = useState([]);
  const side = (s) => (balance || []).filter((i) => i.side === s).map((i) => [i.id, i.text]);
  const add = async (e) => {
    e.preventDefault();
    if (await goals.add({ text, domains, relieves, strengthens })) {
      setText(''); setDomains([]); setRelieves([]); setStrengthens([]);
    }
  };
  return html`
    <form onSubmit=${add} class="add-goal">
      <h2>${t('plan.addGoal')}</h2>
      <${TextArea} id="goal-text" label=${t('plan.goalText')} value=${text} onInput=${setText} rows="2" error=${fieldError(t, goals.error, 'text')} />
      <${CheckSet} name="goal-domains" legend=${t('balance.domain')} values=${domains} onChange=${setDomains}
        options=${DOMAINS.map((d) => [d, t(`domains.${d}`)])} />
      ${side('burden').length > 0 && html`<${CheckSet} name="goal-relieves" legend=${t('plan.relieves')} values=${relieves} onChange=${setRelieves} options=${side('burden')} />`}
      ${side('strength').length > 0 && html`<${CheckSet} name="goal-strengthens" legend=${t('plan.strengthens')} values=${strengthens} onChange=${setStrengthens} options=${side('strength')} />`}
      <button type="submit" class="primary">${t('plan.addGoal')}</button>
    </form>`;
}

function AddAction({ t, goals, actions }) {
  const first = goals.items && goals.items[0] ? String(goals.items[0].id) : '';
  const [f, setF] = useState({ goal: '', what: '', who: 'self', whoName: '', discipline: disciplines()[0], how: 'zelf', when: '', note: '' });
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const add = async (e) => {
    e.preventDefault();
    const body = { goal_id: Number(f.goal || first), what: f.what, who: f.who, how: f.how };
    if (f.when) body.when = f.when;
    if (f.note) body.note = f.note;
    if (f.who !== 'self' && f.whoName) body.who_name = f.whoName;
    if (f.who === 'professional') body.who_discipline = f.discipline;
    if (await actions.add(body)) setF({ ...f, what: '', when: '', whoName: '', note: '' });
  };
  return html`
    <form onSubmit=${add} class="add-action">
      <h2>${t('plan.addAction')}</h2>
      <${Select} id="action-goal" label=${t('plan.goal')} value=${f.goal || first} onChange=${set('goal')}
        options=${goals.items.map((g) => [String(g.id), g.text])} />
      <${Field} id="action-what" label=${t('plan.what')} value=${f.what} onInput=${set('what')} error=${fieldError(t, actions.error, 'what')} />
      <${Radios} name="action-who" legend=${t('plan.who')} value=${f.who} onChange=${set('who')}
        options=${[['self', t('plan.whoSelf')], ['network', t('plan.whoNetwork')], ['professional', t('plan.whoProfessional')]]} />
      ${f.who !== 'self' && html`<${Field} id="action-who-name" label=${t('plan.whoName')} value=${f.whoName} onInput=${set('whoName')} />`}
      ${f.who === 'professional' && html`<${Select} id="action-discipline" label=${t('plan.discipline')} value=${f.discipline}
        onChange=${set('discipline')} options=${disciplines().map((d) => [d, t(`plan.disciplines.${d}`)])} />`}
      <${Radios} name="action-how" legend=${t('plan.how')} value=${f.how} onChange=${set('how')}
        options=${['zelf', 'thuis', 'digitaal'].map((h) => [h, t(`plan.hows.${h}`)])} />
      <${Field} id="action-when" label=${`${t('plan.when')} ${t('common.optional')}`} value=${f.when} onInput=${set('when')} />
      <${TextArea} id="action-note" label=${`${t('plan.note')} ${t('common.optional')}`} value=${f.note} onInput=${set('note')} rows="2" />
      <button type="submit" class="primary">${t('plan.addAction')}</button>
    </form>`;
}

export function ActionLine({ t, a, goals, actions }) {
  const goal = goals.find((g) => g.id === a.goal_id);
  return html`
    <li class="action">
      <p class="action-what"><strong>${a.what}</strong>
        ${a.who_name && html` — ${a.who_name}`}${a.who_discipline && html` (${t(`plan.disciplines.${a.who_discipline}`)})`}</p>
      <p class="muted">${t(`plan.hows.${a.how}`)}${a.when && html` · ${a.when}`}${goal && html` · ${t('plan.goal')}: ${goal.text}`}</p>
      ${a.note && html`<p class="prose">${a.note}</p>`}
      ${actions && html`<${Select} id=${`status-${a.id}`} label=${t('plan.status')} value=${actionStatus(a)}
        onChange=${(v) => actions.change(a.id, { status: v })} options=${STATUSES.map((s) => [s, t(`plan.statuses.${s}`)])} />`}
      ${!actions && html`<p>${t(`plan.statuses.${actionStatus(a)}`)}</p>`}
    </li>`;
}

// client, owner, readOnly: someone else's plan, shared with me (see Shared.js).
export function Plan({ t, client = 'me', owner, readOnly }) {
  const goals = useList('goals', client);
  const actions = useList('actions', client);
  const balance = useList('balance', client);
  const byWho = (who) => (actions.items || []).filter((a) => a.who === who);
  // The names of the balance items a goal lightens or strengthens; none when the balance is not
  // shared (a member who may see the plan may not see the balance), and then no line at all.
  const names = (ids) => (ids || []).map((id) => ((balance.items || []).find((i) => i.id === id) || {}).text).filter(Boolean);
  const named = (key, ids) => names(ids).length > 0 && html`<p>${t(key)}: ${names(ids).join(', ')}</p>`;
  return html`
    ${!owner && html`<h1 tabindex="-1">${t('plan.heading')}</h1>
      <p class="lead">${t('plan.intro')}</p>`}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, goals.error || actions.error)} />
    <section aria-labelledby="goals-heading">
      <h2 id="goals-heading">${t('plan.goal')}</h2>
      ${goals.items && goals.items.length === 0 && html`<p>${t('common.none')}</p>`}
      <ul class="goals">
        ${(goals.items || []).map((g) => html`
          <li key=${g.id} class="goal">
            <p class="goal-text"><strong>${g.text}</strong></p>
            ${named('plan.relieves', g.relieves)}
            ${named('plan.strengthens', g.strengthens)}
            ${readOnly ? html`<p>${t(`plan.goalStatus.${goalStatus(g)}`)}</p>` : html`<${Select} id=${`goal-status-${g.id}`} label=${t('plan.status')} value=${goalStatus(g)}
              onChange=${(v) => goals.change(g.id, { status: v })} options=${['active', 'reached', 'stopped'].map((s) => [s, t(`plan.goalStatus.${s}`)])} />`}
          </li>`)}
      </ul>
    </section>
    ${[['self', 'byMe'], ['network', 'byNetwork'], ['professional', 'byProfessional']].map(([who, key]) => html`
      <section aria-labelledby=${`who-${who}`}>
        <h2 id=${`who-${who}`}>${owner ? t(`shared.plan.${key}`, { name: owner }) : t(`plan.${key}`)}</h2>
        ${byWho(who).length === 0 && html`<p>${t('common.none')}</p>`}
        <ul class="actions">${byWho(who).map((a) => html`<${ActionLine} key=${a.id} t=${t} a=${a} goals=${goals.items || []} actions=${readOnly ? null : actions} />`)}</ul>
      </section>`)}
    ${!readOnly && html`<${AddGoal} t=${t} goals=${goals} balance=${balance.items} />`}
    ${!readOnly && goals.items && goals.items.length > 0 && html`<${AddAction} t=${t} goals=${goals} actions=${actions} />`}
    ${!owner && html`<p><a class="button" href="#/checkin">${t('common.next')}: ${t('titles.checkin')}</a></p>`}`;
}
