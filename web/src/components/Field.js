// A labelled form field with optional help text and error, linked for screen readers.
import { html } from '../html.js';

// The label, help and error around a control; `control` gets the aria-describedby to use.
export function FieldFrame({ id, label, error, help, control }) {
  const describedBy = [help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return html`
    <div class=${`field${error ? ' has-error' : ''}`}>
      <label for=${id}>${label}</label>
      ${help && html`<p class="help" id=${`${id}-help`}>${help}</p>`}
      ${error && html`<p class="field-error" id=${`${id}-error`}>${error}</p>`}
      ${control(describedBy)}
    </div>`;
}

export function Field({ id, label, type = 'text', value, onInput, error, help, autocomplete, required, inputMode }) {
  return html`<${FieldFrame} id=${id} label=${label} error=${error} help=${help} control=${(describedBy) => html`
      <input id=${id} name=${id} type=${type} value=${value} required=${required}
        autocomplete=${autocomplete} inputmode=${inputMode}
        aria-invalid=${error ? 'true' : undefined} aria-describedby=${describedBy}
        onInput=${(e) => onInput(e.currentTarget.value)} />`} />`;
}

export function Checkbox({ id, label, checked, onChange }) {
  return html`
    <div class="field checkbox">
      <input id=${id} type="checkbox" checked=${checked} onChange=${(e) => onChange(e.currentTarget.checked)} />
      <label for=${id}>${label}</label>
    </div>`;
}
