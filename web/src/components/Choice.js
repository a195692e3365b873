// Choices as real form controls: a group of radio buttons with a legend, a
// select, a multi-line text field, and check boxes for a set.
import { html } from '../html.js';
import { FieldFrame } from './Field.js';

export function Radios({ name, legend, options, value, onChange, error }) {
  return html`
    <fieldset class=${`field radios${error ? ' has-error' : ''}`}>
      <legend>${legend}</legend>
      ${error && html`<p class="field-error">${error}</p>`}
      ${options.map(([v, label]) => html`
        <label class="radio"><input type="radio" name=${name} value=${v} checked=${String(value) === String(v)}
          onChange=${() => onChange(v)} /> <span>${label}</span></label>`)}
    </fieldset>`;
}

export function Select({ id, label, options, value, onChange }) {
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
        ${options.map(([v, l]) => html`<option value=${v} selected=${v === value}>${l}</option>`)}
      </select>
    </div>`;
}

export function TextArea({ id, label, value, onInput, error, rows = 3, help }) {
  return html`<${FieldFrame} id=${id} label=${label} error=${error} help=${help} control=${(describedBy) => html`
      <textarea id=${id} rows=${rows} aria-invalid=${error ? 'true' : undefined} aria-describedby=${describedBy}
        value=${value} onInput=${(e) => onInput(e.currentTarget.value)}></textarea>`} />`;
}

export function CheckSet({ legend, options, values, onChange, name }) {
  const toggle = (v, on) => onChange(on ? [...values, v] : values.filter((x) => x !== v));
  return html`
    <fieldset class="field radios">
      <legend>${legend}</legend>
      ${options.map(([v, label]) => html`
        <label class="radio"><input type="checkbox" name=${name} checked=${values.includes(v)}
          onChange=${(e) => toggle(v, e.currentTarget.checked)} /> <span>${label}</span></label>`)}
    </fieldset>`;
}
