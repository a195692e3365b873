// Rights in the client's network: choosing them one category at a time, and saying in plain
// words what someone may see or change.
import { html } from '../html.js';
import { LEVELS, suggestion } from '../network.js';
import { shareableCategories } from '../vocabulary.js';
import { formatDate } from '../record.js';

// One category: three choices and, when the role is known, Roer's suggestion with a button to
// take it. Nothing is chosen until the client chooses (or `value` comes from rights they gave).
function RightRow({ t, name, category, role, value, onChange, error }) {
  const label = t(`network.categories.${category}`);
  const suggested = role ? suggestion(role, category) : null;
  return html`
    <fieldset class=${`field radios right-row${error ? ' has-error' : ''}`} aria-describedby=${`${name}-about`}>
      <legend>${label}</legend>
      <p class="help" id=${`${name}-about`}>${t(`network.about.${category}`)}</p>
      ${error && html`<p class="field-error">${error}</p>`}
      <div class="right-levels">
        ${LEVELS.map((l) => html`
          <label class="radio"><input type="radio" name=${name} value=${l} checked=${value === l}
            onChange=${() => onChange(l)} /> <span>${t(`network.levels.${l}`)}</span></label>`)}
      </div>
      ${suggested && html`
        <p class="suggestion">
          <span>${t(`network.suggestion.${role}`, { level: t(`network.levelWords.${suggested}`) })}</span>
          <button type="button" class="small" onClick=${() => onChange(suggested)}
            aria-label=${`${t('network.takeSuggestion')}: ${label}`}>${t('network.takeSuggestion')}</button>
        </p>`}
    </fieldset>`;
}

// choices: category -> 'nothing' | 'see' | 'change' (absent: not chosen yet).
// missing: the categories to mark as still needing a choice.
export function RightsChooser({ t, idPrefix, role, choices, onChange, missing = [] }) {
  return html`
    <div class="rights-chooser">
      ${shareableCategories().map((c) => html`
        <${RightRow} key=${c} t=${t} name=${`${idPrefix}-${c}`} category=${c} role=${role} value=${choices[c]}
          onChange=${(v) => onChange({ ...choices, [c]: v })}
          error=${missing.includes(c) ? t('network.chooseHere') : null} />`)}
    </div>`;
}

// Rights as the API gives them, {plan: {level, until?}} or, for an invitation, {plan: 'see'}.
function level(r) {
  return typeof r === 'string' ? r : r.level;
}

// "Plan: bekijken (tot 14 december 2026)", one line per category shared. `linkOf(category)`
// may give an address for the category's name; `until` an end date for rights that have none
// of their own (an invitation's).
export function RightsList({ t, lang, rights, linkOf, until, empty }) {
  const shared = shareableCategories().filter((c) => rights && rights[c]);
  if (shared.length === 0) return html`<p>${empty}</p>`;
  return html`
    <ul class="rights-list">
      ${shared.map((c) => {
        const r = rights[c];
        const end = (typeof r === 'object' && r.until) || until;
        const href = linkOf && linkOf(c);
        const what = t(`network.categories.${c}`);
        return html`<li key=${c}>
          ${href ? html`<a href=${href}>${what}</a>` : what}: ${t(`network.levelWords.${level(r)}`)}
          ${end && html` <span class="muted">(${t('network.until', { date: formatDate(lang, end.slice(0, 10)) })})</span>`}
        </li>`;
      })}
    </ul>`;
}
