// "Mijn plan" on one page: what matters, the balance and the plan, to print.
import { html } from '../html.js';
import { useList, totals, formatDate, QUESTION_KEYS, goalStatus, actionStatus } from '../record.js';
import { ActionLine } from './Plan.js';


export function Summary({ t, lang, me }) {
  const profile = useList('profile');
  const balance = useList('balance');
  const goals = useList('goals');
  const actions = useList('actions');
  const items = balance.items || [];
  const { strengths, burdens } = totals(items);
  const top = (side) => items.filter((i) => i.side === side && i.weight).sort((a, b) => b.weight - a.weight).slice(0, 4);
  const answers = (profile.items || []).filter((i) => i.answer);
  return html`
    <h1 tabindex="-1">${t('summary.heading')}: ${me.name}</h1>
    <p class="no-print">${t('summary.intro')} <button type="button" onClick=${() => window.print()}>${t('common.print')}</button></p>
    <p class="muted">${t('summary.made', { date: formatDate(lang, new Date().toISOString()) })}</p>
    <section class="sheet"><h2>${t('summary.matters')}</h2>
      <dl class="details">${answers.map((a) => html`<dt>${a.question_key && QUESTION_KEYS.includes(a.question_key) ? t(`matters.questions.${a.question_key}`) : a.question}</dt><dd class="prose">${a.answer}</dd>`)}</dl>
    </section>
    <section class="sheet"><h2>${t('summary.balance')}</h2>
      <div class="sides">
        <div><h3>${t('balance.strengths')} (${strengths})</h3><ul>${top('strength').map((i) => html`<li>${i.text} (${i.weight})</li>`)}</ul></div>
        <div><h3>${t('balance.burdens')} (${burdens})</h3><ul>${top('burden').map((i) => html`<li>${i.text} (${i.weight})</li>`)}</ul></div>
      </div>
    </section>
    <section class="sheet"><h2>${t('summary.plan')}</h2>
      ${(goals.items || []).filter((g) => goalStatus(g) === 'active').map((g) => html`
        <h3>${g.text}</h3>
        <ul class="actions">${(actions.items || []).filter((a) => a.goal_id === g.id && actionStatus(a) !== 'stopped').map((a) => html`<${ActionLine} t=${t} a=${a} goals=${[]} />`)}</ul>`)}
    </section>`;
}
