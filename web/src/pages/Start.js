// The first-time walk through the three steps, one clear button at a time.
import { html } from '../html.js';
import { useList } from '../record.js';

export function Start({ t }) {
  const profile = useList('profile');
  const balance = useList('balance');
  const goals = useList('goals');
  const steps = [
    [1, 'start.step1', 'start.step1Text', '#/matters', profile.items && profile.items.length > 0],
    [2, 'start.step2', 'start.step2Text', '#/balance', balance.items && balance.items.length > 0],
    [3, 'start.step3', 'start.step3Text', '#/plan', goals.items && goals.items.length > 0],
  ];
  return html`
    <h1 tabindex="-1">${t('start.heading')}</h1>
    <p class="lead">${t('start.intro')}</p>
    <ol class="steps">
      ${steps.map(([n, title, text, href, done]) => html`
        <li class=${done ? 'step done' : 'step'}>
          <h2>${t(title)}</h2>
          <p>${text && t(text)}</p>
          ${done ? html`<p class="done-mark"><span aria-hidden="true">✓ </span>${t('start.done')}</p>` : ''}
          <a class="button" href=${href}>${t('start.go', { n })}</a>
        </li>`)}
    </ol>`;
}
