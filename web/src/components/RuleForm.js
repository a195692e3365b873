// Adding or changing one alert rule: which kind (each explained in plain words), what it watches
// and its figures, whom it tells in what order, the minutes before the next is told, and whether
// everyone is told at the end. A whole rule is sent each time (the server replaces it).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { has } from '../i18n.js';
import { FieldFrame, Checkbox } from './Field.js';
import { Radios, Select } from './Choice.js';
import { errorMessage } from '../errors.js';
import { nameWithRole } from '../people.js';

// The kinds a person can make here, in the order offered ("daily_life" comes from sensors, later).
const KINDS = ['urgent', 'out_of_range', 'trend', 'missing', 'inr', 'help'];
// The kinds that watch a measurement kind the person chooses.
const WATCHES = ['urgent', 'out_of_range', 'trend', 'missing'];

const present = (v) => v !== null && v !== undefined && v !== '';

// A number typed with a comma or a point; null when empty, NaN when not a number.
function parseNumber(s) {
  const v = String(s || '').trim().replace(',', '.');
  if (v === '') return null;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
}

function text(lang, v) {
  if (!present(v)) return '';
  return lang === 'en' ? String(v) : String(v).replace('.', ',');
}

function NumberField({ id, label, value, onInput, error, help }) {
  return html`<${FieldFrame} id=${id} label=${label} error=${error} help=${help} control=${(describedBy) => html`
    <input id=${id} name=${id} type="text" inputmode="decimal" autocomplete="off" value=${value} class="number"
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${describedBy} onInput=${(e) => onInput(e.currentTarget.value)} />`} />`;
}

function formOf(lang, rule) {
  const r = rule || {};
  return {
    kind: r.kind || 'urgent',
    measure_kind: r.measure_kind && r.measure_kind !== 'inr' ? r.measure_kind : 'glucose',
    below: text(lang, r.below),
    above: text(lang, r.above),
    count: text(lang, r.count || 1),
    direction: present(r.change) && r.change < 0 ? 'down' : 'up',
    change: text(lang, present(r.change) ? Math.abs(r.change) : ''),
    days: text(lang, r.kind === 'trend' && present(r.hours) ? r.hours / 24 : 3),
    hours: text(lang, r.kind === 'missing' && present(r.hours) ? r.hours : 24),
    receivers: r.receivers || [],
    step_minutes: text(lang, r.step_minutes || 10),
    then_everyone: r.then_everyone !== undefined ? r.then_everyone : true,
    enabled: r.enabled !== undefined ? r.enabled : true,
  };
}

// The receivers in order: each with "eerder" and "weghalen", and a choice to add one more.
function Receivers({ t, lang, people, nameOf, value, onChange, error }) {
  const [pick, setPick] = useState('');
  const left = people.filter((p) => !value.includes(p.id));
  const move = (i) => onChange([...value.slice(0, i - 1), value[i], value[i - 1], ...value.slice(i + 1)]);
  const add = () => {
    const id = Number(pick || (left[0] && left[0].id));
    if (id) onChange([...value, id]);
    setPick('');
  };
  const label = (id) => { const p = people.find((m) => m.id === id); return p ? nameWithRole(t, lang, p) : nameOf(id); };
  return html`
    <fieldset class=${`field receivers${error ? ' has-error' : ''}`}>
      <legend>${t('alerts.rules.form.receivers')}</legend>
      <p class="help">${t('alerts.rules.form.receiversHelp')}</p>
      ${error && html`<p class="field-error">${error}</p>`}
      ${value.length === 0 ? html`<p>${t('alerts.rules.who.marked')}</p>` : html`
        <ol class="receiver-list">${value.map((id, i) => html`
          <li key=${id}><span>${label(id)}</span>
            <span class="item-actions">
              ${i > 0 && html`<button type="button" class="small" aria-label=${t('alerts.rules.form.earlierLabel', { name: label(id) })}
                onClick=${() => move(i)}>${t('alerts.rules.form.earlier')}</button>`}
              <button type="button" class="small" aria-label=${t('alerts.rules.form.dropLabel', { name: label(id) })}
                onClick=${() => onChange(value.filter((x) => x !== id))}>${t('common.remove')}</button>
            </span></li>`)}</ol>`}
      ${left.length > 0 && html`
        <div class="receiver-add">
          <${Select} id="rule-receiver-add" label=${t('alerts.rules.form.addReceiver')} value=${pick || String(left[0].id)}
            onChange=${setPick} options=${left.map((p) => [String(p.id), nameWithRole(t, lang, p)])} />
          <button type="button" onClick=${add}>${t('common.add')}</button>
        </div>`}
      ${people.length === 0 && html`<p>${t('alerts.rules.form.nobody')} <a href="#/network">${t('alerts.toNetwork')}</a></p>`}
    </fieldset>`;
}

// rule: null to add one; hasHelp: the client has a help rule already (there is one at most).
export function RuleForm({ t, lang, kinds, rule, base, people, nameOf, hasHelp, onSaved, onCancel }) {
  const [f, setF] = useState(() => formOf(lang, rule));
  const [error, setError] = useState(null);
  const form = useRef(null);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const idp = rule ? `rule-${rule.id}` : 'rule-new';
  useEffect(() => {
    if (error && error.field && form.current) {
      const el = form.current.querySelector(`[name="${idp}-${error.field}"]`);
      if (el) el.focus();
    }
  }, [error]);
  const message = (field) => {
    if (!error || error.field !== field) return null;
    if (error.local) return t('alerts.rules.errors.number');
    return has(lang, `alerts.rules.errors.${field}`) ? t(`alerts.rules.errors.${field}`) : errorMessage(t, error);
  };
  const save = async (e) => {
    e.preventDefault();
    const body = { kind: f.kind, receivers: f.receivers, then_everyone: f.then_everyone, enabled: f.enabled };
    const num = (field, v) => {
      const n = parseNumber(v);
      if (Number.isNaN(n)) throw Object.assign(new Error(field), { field, local: true });
      return n;
    };
    try {
      body.step_minutes = num('step_minutes', f.step_minutes);
      if (WATCHES.includes(f.kind)) body.measure_kind = f.measure_kind;
      if (f.kind === 'urgent') { body.below = num('below', f.below); body.above = num('above', f.above); }
      if (f.kind === 'out_of_range' || f.kind === 'inr') body.count = num('count', f.count);
      if (f.kind === 'trend') {
        const c = num('change', f.change);
        const d = num('hours', f.days);
        body.change = c === null ? null : f.direction === 'down' ? -c : c;
        body.hours = d === null ? null : d * 24;
      }
      if (f.kind === 'missing') body.hours = num('hours', f.hours);
    } catch (x) {
      setError(x);
      return;
    }
    for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
    try {
      await request(rule ? 'PUT' : 'POST', rule ? `${base}/${rule.id}` : base, body);
      setError(null);
      onSaved();
    } catch (x) {
      // "receivers[1]": said at the receivers.
      setError(x.field && x.field.startsWith('receivers') ? Object.assign(x, { field: 'receivers' }) : x);
    }
  };
  const kindOptions = KINDS.filter((k) => k !== 'help' || !hasHelp || (rule && rule.kind === 'help'))
    .map((k) => [k, t(`alerts.rules.kinds.${k}`)]);
  const unitOf = (code) => t(`measure.unit.${code}`);
  const shown = ['below', 'above', 'count', 'change', 'hours', 'step_minutes', 'receivers', 'measure_kind'];
  return html`
    <form class="rule-form" ref=${form} onSubmit=${save} novalidate>
      <h3>${t(rule ? 'alerts.rules.form.changeHeading' : 'alerts.rules.form.addHeading')}</h3>
      ${error && !shown.includes(error.field) && html`<p class="field-error" role="alert">${errorMessage(t, error)}</p>`}
      ${rule ? html`<p><strong>${t(`alerts.rules.kinds.${rule.kind}`)}</strong></p>`
    : html`<${Radios} name=${`${idp}-kind`} legend=${t('alerts.rules.form.kind')} value=${f.kind} onChange=${set('kind')} options=${kindOptions} />`}
      <p class="rule-explain">${t(`alerts.rules.explain.${f.kind}`)}</p>
      ${WATCHES.includes(f.kind) && html`
        <div class="field">
          <label for=${`${idp}-measure_kind`}>${t('alerts.rules.form.measure')}</label>
          <select id=${`${idp}-measure_kind`} name=${`${idp}-measure_kind`} onChange=${(e) => set('measure_kind')(e.currentTarget.value)}>
            ${(kinds || []).map((k) => html`<option value=${k.code} selected=${k.code === f.measure_kind}>${t(`measure.kind.${k.code}`)}</option>`)}
          </select>
        </div>`}
      ${f.kind === 'urgent' && html`
        <div class="entry-fields">
          <${NumberField} id=${`${idp}-below`} label=${t('alerts.rules.form.below', { unit: unitOf(f.measure_kind) })} value=${f.below}
            onInput=${set('below')} error=${message('below')} help=${t('common.optional')} />
          <${NumberField} id=${`${idp}-above`} label=${t('alerts.rules.form.above', { unit: unitOf(f.measure_kind) })} value=${f.above}
            onInput=${set('above')} error=${message('above')} help=${t('common.optional')} />
        </div>`}
      ${(f.kind === 'out_of_range' || f.kind === 'inr') && html`
        <${NumberField} id=${`${idp}-count`} label=${t('alerts.rules.form.count')} value=${f.count} onInput=${set('count')} error=${message('count')} />`}
      ${f.kind === 'trend' && html`
        <${Radios} name=${`${idp}-direction`} legend=${t('alerts.rules.form.direction')} value=${f.direction} onChange=${set('direction')}
          options=${[['up', t('alerts.rules.form.up')], ['down', t('alerts.rules.form.down')]]} />
        <div class="entry-fields">
          <${NumberField} id=${`${idp}-change`} label=${t('alerts.rules.form.change', { unit: unitOf(f.measure_kind) })} value=${f.change}
            onInput=${set('change')} error=${message('change')} />
          <${NumberField} id=${`${idp}-hours`} label=${t('alerts.rules.form.days')} value=${f.days} onInput=${set('days')} error=${message('hours')} />
        </div>`}
      ${f.kind === 'missing' && html`
        <${NumberField} id=${`${idp}-hours`} label=${t('alerts.rules.form.hours')} value=${f.hours} onInput=${set('hours')} error=${message('hours')} />`}
      <${Receivers} t=${t} lang=${lang} people=${people} nameOf=${nameOf} value=${f.receivers} onChange=${set('receivers')} error=${message('receivers')} />
      <${NumberField} id=${`${idp}-step_minutes`} label=${t('alerts.rules.form.step')} help=${t('alerts.rules.form.stepHelp')}
        value=${f.step_minutes} onInput=${set('step_minutes')} error=${message('step_minutes')} />
      <${Checkbox} id=${`${idp}-everyone`} label=${t('alerts.rules.form.everyone')} checked=${f.then_everyone} onChange=${set('then_everyone')} />
      ${rule && html`<${Checkbox} id=${`${idp}-enabled`} label=${t('alerts.rules.form.enabled')} checked=${f.enabled} onChange=${set('enabled')} />`}
      <div class="item-actions wrap">
        <button type="submit" class="primary">${t('common.save')}</button>
        <button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
      </div>
    </form>`;
}
