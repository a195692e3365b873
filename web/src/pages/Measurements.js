// "Mijn metingen" (#/measurements, and #/c/{id}/measurements for a member with the measurements
// right): choose a kind and a period, see its values as a chart against the client's own range
// (with a table of the same numbers), what they mean in plain sentences (for a glucose sensor the
// time in ranges and the daily profile), enter a reading by hand and set the range.
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { SharedRecord, formatDate } from '../record.js';
import { Radios } from '../components/Choice.js';
import { FieldFrame } from '../components/Field.js';
import { ErrorSummary } from '../components/Alert.js';
import { SeriesChart, ProfileChart, TimeInRange } from '../components/MeasureChart.js';
import { errorMessage } from '../errors.js';
import {
  useKinds, kindInSentence, formatNumber, readingText, rangeText, flagWord, flagClass, formatWhen, formatDay, localNow,
} from '../measure.js';

const PERIODS = [14, 30, 90];
const DAY = 86400000;
// Up to this many readings in a period the table lists them one by one; above it, one row a day.
const TABLE_READINGS = 500;
const BUCKETS = 300;

const has = (v) => v !== null && v !== undefined;

// A number typed with a comma or a point ("6,1", "6.1"); null when empty, NaN when not a number.
function parseNumber(s) {
  const v = String(s || '').trim().replace(',', '.');
  if (v === '') return null;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
}

// A stored number as the text of a field, with the page's decimal sign.
function fieldText(lang, v) {
  if (!has(v)) return '';
  const s = String(v);
  return lang === 'en' ? s : s.replace('.', ',');
}

// An error from the API on one of `fields` as the words for that field, else null.
function fieldMessage(t, err, field, group) {
  if (!err || err.field !== field) return null;
  const key = `measure.${group}.errors.${field}`;
  const text = t(key);
  return text === key ? errorMessage(t, err) : text;
}

function NumberField({ id, label, value, onInput, error, help }) {
  return html`<${FieldFrame} id=${id} label=${label} error=${error} help=${help} control=${(describedBy) => html`
    <input id=${id} name=${id} type="text" inputmode="decimal" autocomplete="off" value=${value} class="number"
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${describedBy}
      onInput=${(e) => onInput(e.currentTarget.value)} />`} />`;
}

// Entering a reading by hand: one field per value of the kind, the time (now unless changed), and
// the result at once against the client's range.
function EntryForm({ t, lang, kind, base, shared, onSaved, failed }) {
  const [value, setValue] = useState('');
  const [value2, setValue2] = useState('');
  const [pulse, setPulse] = useState('');
  const [when, setWhen] = useState(localNow());
  // Untouched, the time is the moment of saving, to the millisecond: two readings entered in one
  // minute are two readings (one per time), not one replacing the other.
  const [whenTouched, setWhenTouched] = useState(false);
  const [error, setError] = useState(null);
  const [result, setResult] = useState(null);
  const form = useRef(null);
  const bp = kind.code === 'blood_pressure';
  const possible = (min, max) => t('measure.entry.possible', { min: formatNumber(lang, min, kind.decimals), max: formatNumber(lang, max, kind.decimals) });
  // The field an error names gets the focus, so that its message is read with it.
  useEffect(() => {
    if (error && error.field && form.current) {
      const el = form.current.querySelector(`[name="m-${error.field}"]`);
      if (el) el.focus();
    }
  }, [error]);
  const save = async (e) => {
    e.preventDefault();
    setResult(null);
    const body = { kind: kind.code };
    const v = parseNumber(value);
    const v2 = parseNumber(value2);
    const p = parseNumber(pulse);
    const missing = (field) => setError({ field, code: 'invalid_input', local: true });
    if (v === null || Number.isNaN(v)) return missing('value');
    body.value = v;
    if (kind.value2) {
      if (v2 === null || Number.isNaN(v2)) return missing('value2');
      body.value2 = v2;
    }
    if (bp && p !== null) {
      if (Number.isNaN(p)) return missing('pulse');
      body.pulse = p;
    }
    const at = whenTouched ? new Date(when) : new Date();
    if (!when || Number.isNaN(at.getTime())) return missing('taken_at');
    body.taken_at = at.toISOString();
    try {
      const r = await request('POST', `${base}/measurements`, body);
      setError(null);
      setResult(r);
      setValue(''); setValue2(''); setPulse('');
      if (!whenTouched) setWhen(localNow());
      onSaved();
    } catch (err) {
      if (err.status === 404) failed(err);
      else setError(err);
    }
    return undefined;
  };
  const message = (field) => {
    if (!error || error.field !== field) return null;
    if (error.local && field !== 'taken_at') return t('measure.entry.required');
    return fieldMessage(t, error, field, 'entry');
  };
  // The fields on the form; an error about anything else is said above it.
  const shown = ['value', ...(kind.value2 ? ['value2'] : []), ...(bp ? ['pulse'] : []), 'taken_at'];
  const word = t(`measure.kind.${kind.code}`);
  const unit = t(`measure.unit.${kind.code}`);
  // "Gewicht (kg)"; "INR (bloedverdunning)" says its unit already.
  const label = bp ? t('measure.entry.systolic') : (word.includes(unit) ? word : t('measure.entry.value', { kind: word, unit }));
  return html`
    <section aria-labelledby="entry-heading">
      <h2 id="entry-heading">${t('measure.entry.heading')}</h2>
      ${error && !shown.includes(error.field) && html`<${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, error)} />`}
      <form class="entry" ref=${form} onSubmit=${save} novalidate>
        <div class="entry-fields">
          <${NumberField} id="m-value" label=${label} value=${value} onInput=${setValue} error=${message('value')}
            help=${possible(kind.min, kind.max)} />
          ${kind.value2 && html`<${NumberField} id="m-value2" label=${t('measure.entry.diastolic')} value=${value2} onInput=${setValue2}
            error=${message('value2')} help=${possible(kind.value2.min, kind.value2.max)} />`}
          ${bp && html`<${NumberField} id="m-pulse" label=${t('measure.entry.pulse')} value=${pulse} onInput=${setPulse} error=${message('pulse')} />`}
        </div>
        <${FieldFrame} id="m-taken_at" label=${t('measure.entry.when')} error=${message('taken_at')} control=${(describedBy) => html`
          <input id="m-taken_at" name="m-taken_at" type="datetime-local" value=${when} max=${localNow(new Date(Date.now() + 600000))}
            aria-invalid=${message('taken_at') ? 'true' : undefined} aria-describedby=${describedBy}
            onInput=${(e) => { setWhen(e.currentTarget.value); setWhenTouched(true); }} />`} />
        <button type="submit" class="primary big">${t('measure.entry.save')}</button>
        <p class="saved" role="status">${result && html`<span class=${flagClass(result.flag)}>${t('measure.entry.saved', {
          value: readingText(t, lang, kind, result), flag: flagWord(t, result.flag, shared) })}</span>`}</p>
      </form>
    </section>`;
}

// The client's range for one kind: what it is now and who set it, the catalogue's suggestion as an
// offer, and (with the right to change) the form to set it.
function TargetForm({ t, lang, kind, base, target, shared, readOnly, onSaved, failed }) {
  const bounds = kind.value2 ? ['low', 'high', 'low2', 'high2'] : ['low', 'high'];
  const fromTarget = (tg) => Object.fromEntries(bounds.map((b) => [b, fieldText(lang, tg ? tg[b] : null)]));
  const [values, setValues] = useState(fromTarget(target));
  const [error, setError] = useState(null);
  const [status, setStatus] = useState('');
  const suggestion = kind.suggestion;
  // For a kind with two values (blood pressure) each bound says which value it is about.
  const label = (b) => t(`measure.target.${kind.value2 && !b.endsWith('2') ? `${b}1` : b}`);
  const save = async (e) => {
    e.preventDefault();
    setStatus('');
    const body = { kind: kind.code };
    for (const b of bounds) {
      const v = parseNumber(values[b]);
      if (Number.isNaN(v)) { setError({ field: b, code: 'invalid_input' }); return; }
      body[b] = v;
    }
    try {
      const r = await request('PUT', `${base}/targets`, body);
      setError(null);
      setStatus(t(r ? 'measure.target.saved' : 'measure.target.removed'));
      onSaved();
    } catch (err) {
      if (err.status === 404) failed(err);
      else setError(err);
    }
  };
  const unit = t(`measure.unit.${kind.code}`);
  const named = (b) => (t(`measure.kind.${kind.code}`).includes(unit) ? label(b) : `${label(b)} (${unit})`);
  return html`
    <section aria-labelledby="target-heading">
      <h2 id="target-heading">${t('measure.target.heading', { kind: kindInSentence(t, kind.code) })}</h2>
      ${!readOnly && !shared && html`<p>${t('measure.target.intro')}</p>`}
      ${target ? html`
        <p>${t('measure.target.now', { range: rangeText(t, lang, kind, target) })}</p>
        <p class="muted">${t('measure.target.setBy', { name: target.set_by ? target.set_by.name : '', date: formatDate(lang, target.set_at) })}</p>`
    : html`<p>${t('measure.target.none')}</p>`}
      ${suggestion && html`
        <div class="offer">
          <p>${t('measure.target.suggestion', { range: rangeText(t, lang, kind, suggestion) })}</p>
          ${suggestion.source && html`<p class="muted">${t('measure.target.source')} <span lang="en">${suggestion.source}</span></p>`}
          ${!readOnly && html`<button type="button" onClick=${() => { setValues(fromTarget(suggestion)); setStatus(''); }}>${t('measure.target.useSuggestion')}</button>`}
        </div>`}
      ${!readOnly && html`
        <form class="target" onSubmit=${save} novalidate>
          <div class="entry-fields">
            ${bounds.map((b) => html`<${NumberField} key=${b} id=${`t-${b}`} label=${named(b)} value=${values[b]}
              onInput=${(v) => setValues({ ...values, [b]: v })} error=${fieldMessage(t, error, b, 'target')} />`)}
          </div>
          ${error && !bounds.includes(error.field) && html`<${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, error)} />`}
          <button type="submit" class="primary">${t('measure.target.save')}</button>
          <p class="alert ok" role="status">${status}</p>
        </form>`}
    </section>`;
}

// What a period's figures mean, in sentences.
function Facts({ t, lang, kind, metrics }) {
  const n = (v, d = 1) => formatNumber(lang, v, d);
  if (!metrics) return null;
  if (!metrics.readings) return html`<p>${t('measure.facts.none')}</p>`;
  const lines = [];
  if (kind.code === 'cgm') {
    if (has(metrics.mean)) lines.push(t('measure.facts.cgmMean', { mean: n(metrics.mean) }));
    if (has(metrics.gmi)) lines.push(t('measure.facts.gmi', { gmi: n(metrics.gmi), mmol: n(metrics.gmi_mmol_mol, 0) }));
    if (has(metrics.cv)) lines.push(t(metrics.cv < 36 ? 'measure.facts.cvCalm' : 'measure.facts.cvBusy', { cv: n(metrics.cv) }));
    if (has(metrics.active_percent)) lines.push(t('measure.facts.active', { active: n(metrics.active_percent) }));
  } else if (kind.code === 'inr') {
    const r = metrics.range || {};
    lines.push(has(metrics.ttr) ? t('measure.facts.ttr', { ttr: n(metrics.ttr), low: n(r.low), high: n(r.high) }) : t('measure.facts.ttrNone'));
  } else if (kind.code === 'blood_pressure') {
    if (metrics.mean) lines.push(t('measure.facts.bpMean', { value: n(metrics.mean.value, 0), value2: n(metrics.mean.value2, 0) }));
  } else if (kind.code === 'weight') {
    for (const [days, change] of [[3, metrics.change_3d], [7, metrics.change_7d]]) {
      if (!has(change)) lines.push(t('measure.facts.weightNone', { days }));
      else if (Math.abs(change) < 0.05) lines.push(t('measure.facts.weightSame', { days }));
      else lines.push(t(change > 0 ? 'measure.facts.weightUp' : 'measure.facts.weightDown', { days, amount: n(Math.abs(change)) }));
    }
  } else if (has(metrics.mean)) {
    const d = kind.decimals;
    lines.push(t('measure.facts.otherMean', { mean: n(metrics.mean, d), min: n(metrics.min, d), max: n(metrics.max, d), unit: t(`measure.unit.${kind.code}`) }));
  }
  lines.push(t('measure.facts.readings', { n: n(metrics.readings, 0) }));
  return html`<ul class="facts">${lines.map((l) => html`<li>${l}</li>`)}</ul>`;
}

// The readings of the period one by one, newest first, each against the range in words; how it
// came in under its time, and (with the right to change) a button to remove a wrong one under its
// value: three columns, so that the table fits a phone.
function ReadingsTable({ t, lang, kind, readings, days, shared, onRemove }) {
  return html`
    <div class="table-wrap">
      <table class="readings">
        <caption>${t('measure.chart.readingsCaption', { kind: t(`measure.kind.${kind.code}`), days })}</caption>
        <thead><tr><th scope="col">${t('measure.chart.when')}</th><th scope="col">${t('measure.chart.value')}</th>
          <th scope="col">${t('measure.chart.flag')}</th></tr></thead>
        <tbody>${readings.map((r) => html`<tr key=${r.id}>
          <td>${formatWhen(lang, r.taken_at)}<br /><span class="muted via">${t(`measure.chart.via.${r.via}`)}</span></td>
          <td>${readingText(t, lang, kind, r)}
            ${onRemove && html`<div><button type="button" class="small" onClick=${() => onRemove(r)}
              aria-label=${t('measure.chart.removeLabel', { value: readingText(t, lang, kind, r), when: formatWhen(lang, r.taken_at) })}>${t('measure.chart.remove')}</button></div>`}</td>
          <td><span class=${flagClass(r.flag)}>${flagWord(t, r.flag, shared)}</span></td></tr>`)}</tbody>
      </table>
    </div>`;
}

// One row a day: the lowest, the average and the highest of each day that has readings.
function DailyTable({ t, lang, kind, daily }) {
  const d = kind.decimals;
  const two = (b, k) => (kind.value2 && has(b[`${k}2`]) ? `${formatNumber(lang, b[k], d)}/${formatNumber(lang, b[`${k}2`], d)}` : formatNumber(lang, b[k], d));
  return html`
    <div class="table-wrap">
      <table class="readings">
        <caption>${t('measure.chart.dailyCaption', { kind: t(`measure.kind.${kind.code}`) })} (${t(`measure.unit.${kind.code}`)})</caption>
        <thead><tr><th scope="col">${t('measure.chart.day')}</th><th scope="col">${t('measure.chart.low')}</th>
          <th scope="col">${t('measure.chart.average')}</th><th scope="col">${t('measure.chart.high')}</th><th scope="col">${t('measure.chart.count')}</th></tr></thead>
        <tbody>${[...daily].reverse().map((b) => html`<tr key=${b.from}>
          <th scope="row">${formatDay(lang, (Date.parse(b.from) + Date.parse(b.to)) / 2)}</th><td>${two(b, 'min')}</td><td>${two(b, 'mean')}</td>
          <td>${two(b, 'max')}</td><td>${formatNumber(lang, b.count)}</td></tr>`)}</tbody>
      </table>
    </div>`;
}

// The daily glucose profile as a table, one row an hour.
function ProfileTable({ t, lang, profile }) {
  const keys = ['p5', 'p25', 'p50', 'p75', 'p95'];
  const time = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return html`
    <div class="table-wrap">
      <table class="readings">
        <caption>${t('measure.agp.caption')}</caption>
        <thead><tr><th scope="col">${t('measure.agp.time')}</th>${keys.map((k) => html`<th scope="col">${t(`measure.agp.${k}`)}</th>`)}</tr></thead>
        <tbody>${profile.filter((s) => s.minute % 60 === 0).map((s) => html`<tr key=${s.minute}>
          <th scope="row">${time(s.minute)}</th>${keys.map((k) => html`<td>${formatNumber(lang, s[k], 1)}</td>`)}</tr>`)}</tbody>
      </table>
    </div>`;
}

// Everything about one kind over one period: asked anew when either changes (and after a save).
// `version` changes after a reading is saved or removed: the figures are asked again, and what is
// shown (a table opened) stays until they come.
function KindView({ t, lang, kind, base, days, version, target, shared, failed, onRemove }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let gone = false;
    const now = Date.now();
    const to = new Date(now + 60000).toISOString();
    const from = new Date(now - days * DAY).toISOString();
    const q = (extra) => `kind=${encodeURIComponent(kind.code)}&${extra}`;
    (async () => {
      const [series, metrics] = await Promise.all([
        request('GET', `${base}/measurements/series?${q(`from=${from}&to=${to}&buckets=${BUCKETS}`)}`, undefined, { firstPage: true }),
        request('GET', `${base}/metrics?${q(`days=${days}${kind.code === 'cgm' ? '&profile=1' : ''}`)}`)]);
      const total = series.reduce((a, b) => a + b.count, 0);
      let readings = null;
      let daily = null;
      if (total > 0 && total <= TABLE_READINGS) {
        readings = await request('GET', `${base}/measurements?${q(`from=${from}&to=${to}&limit=${TABLE_READINGS}`)}`, undefined, { firstPage: true });
      } else if (total > 0) {
        // One stretch a day, from local midnight to local midnight.
        const end = new Date(now);
        end.setHours(24, 0, 0, 0);
        const start = new Date(end);
        start.setDate(start.getDate() - days);
        daily = await request('GET', `${base}/measurements/series?${q(`from=${start.toISOString()}&to=${end.toISOString()}&buckets=${days}`)}`,
          undefined, { firstPage: true });
      }
      return { series, metrics, readings, daily, total, period: [Date.parse(from) / 1000, Date.parse(to) / 1000] };
    })().then((d) => { if (!gone) { setData(d); setError(null); } }, (e) => {
      if (gone) return;
      if (e.status === 404) failed(e);
      else setError(e);
    });
    return () => { gone = true; };
  }, [kind.code, days, base, version]);

  const name = t(`measure.kind.${kind.code}`);
  const range = target || null;
  const keys = { mean: kind.value2 ? t('measure.entry.systolic') : t('measure.chart.mean'), mean2: t('measure.chart.mean2'),
    spread: t('measure.chart.spread'), range: t(shared ? 'measure.chart.rangeShared' : 'measure.chart.range') };
  if (error) return html`<${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, error)} />`;
  if (!data) return html`<p>${t('app.loading')}</p>`;
  const { series, metrics, readings, daily, total, period } = data;
  const profile = metrics && metrics.profile && metrics.profile.some((s) => has(s.p50)) ? metrics.profile : null;
  const cgmRange = kind.code === 'cgm' && metrics && metrics.range ? metrics.range : range;
  return html`
    <section aria-labelledby="chart-heading">
      <h2 id="chart-heading">${t('measure.chart.heading', { kind: name, days })}</h2>
      ${total === 0 ? html`<p>${t('measure.chart.none')}</p>` : html`
        <${SeriesChart} lang=${lang} kind=${kind} buckets=${series} period=${period} range=${range} keys=${keys}
          label=${t('measure.chart.label', { kind: name, days })} />
        <details class="data-table">
          <summary>${t('measure.chart.table')}</summary>
          ${readings && html`<${ReadingsTable} t=${t} lang=${lang} kind=${kind} readings=${readings} days=${days} shared=${shared} onRemove=${onRemove} />`}
          ${daily && html`<${DailyTable} t=${t} lang=${lang} kind=${kind} daily=${daily.filter((b) => b.count > 0)} />`}
        </details>`}
    </section>
    <section class="measure-facts" aria-labelledby="facts-heading">
      <h2 id="facts-heading">${t('measure.facts.heading')}</h2>
      <${Facts} t=${t} lang=${lang} kind=${kind} metrics=${metrics} />
      ${kind.code === 'cgm' && metrics && metrics.readings > 0 && metrics.time_in && html`
        <h3>${t('measure.tir.heading')}</h3>
        <p>${t('measure.tir.intro')}</p>
        <${TimeInRange} t=${t} lang=${lang} timeIn=${metrics.time_in} />`}
      ${kind.code === 'cgm' && metrics && metrics.readings > 0 && html`
        <h3>${t('measure.agp.heading')}</h3>
        ${profile ? html`
          <p>${t('measure.agp.intro')}</p>
          <${ProfileChart} lang=${lang} profile=${profile} range=${cgmRange}
            label=${t('measure.agp.label')} keys=${{ median: t('measure.agp.median'), inner: t('measure.agp.inner'), outer: t('measure.agp.outer'),
              range: t('measure.agp.limits', { range: rangeText(t, lang, kind, cgmRange) }) }} />
          <details class="data-table">
            <summary>${t('measure.agp.table')}</summary>
            <${ProfileTable} t=${t} lang=${lang} profile=${profile} />
          </details>` : html`<p>${t('measure.agp.none')}</p>`}`}
    </section>`;
}

// client, owner, readOnly: someone else's measurements, shared with me (see Shared.js).
export function Measurements({ t, lang, client = 'me', owner, readOnly }) {
  const sharedRecord = useContext(SharedRecord);
  const shared = Boolean(owner);
  const base = `/clients/${client}`;
  const { kinds, error: kindsError } = useKinds();
  const [latest, setLatest] = useState(null);
  const [targets, setTargets] = useState(null);
  const [chosen, setChosen] = useState(null);
  const [days, setDays] = useState(14);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState(null);
  // Someone else's measurements answer 404 when the right was just taken back: the page says so.
  const failed = (e) => {
    if (sharedRecord && e.status === 404) sharedRecord.lost('measurements');
    else setError(e);
  };
  useEffect(() => {
    Promise.all([request('GET', `${base}/measurements/latest`), request('GET', `${base}/targets`)])
      .then(([l, tg]) => { setLatest(l); setTargets(tg); setError(null); }, failed);
  }, [base, version]);

  const head = !owner && html`<h1 tabindex="-1">${t('measure.title')}</h1><p class="lead">${t('measure.intro')}</p>`;
  const problem = kindsError || error;
  if (problem) return html`${head}<${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, problem)} />`;
  if (!kinds || !latest || !targets) return html`${head}<p>${t('app.loading')}</p>`;

  const measured = kinds.filter((k) => latest.some((r) => r.kind === k.code));
  const others = kinds.filter((k) => !measured.includes(k));
  const code = chosen || (measured[0] || kinds[0]).code;
  const kind = kinds.find((k) => k.code === code);
  const target = targets.find((tg) => tg.kind === code) || null;
  const option = (k) => html`<option value=${k.code} selected=${k.code === code}>${t(`measure.kind.${k.code}`)}</option>`;
  const saved = () => setVersion(version + 1);
  const [notice, setNotice] = useState('');
  const remove = async (r) => {
    try {
      await request('DELETE', `${base}/measurements/${r.id}`);
      setNotice(t('measure.chart.removed'));
      saved();
    } catch (e) {
      failed(e);
    }
  };
  return html`
    ${head}
    <div class="measure-choice">
      <div class="field">
        <label for="measure-kind">${t('measure.choose.kind')}</label>
        <select id="measure-kind" onChange=${(e) => { setChosen(e.currentTarget.value); setNotice(''); }}>
          ${measured.length > 0 && html`<optgroup label=${t(shared ? 'measure.choose.measuredShared' : 'measure.choose.measured')}>${measured.map(option)}</optgroup>`}
          <optgroup label=${t(measured.length > 0 ? 'measure.choose.other' : 'measure.choose.kind')}>${others.map(option)}</optgroup>
        </select>
      </div>
      <${Radios} name="measure-days" legend=${t('measure.choose.period')} value=${days} onChange=${(v) => setDays(Number(v))}
        options=${PERIODS.map((n) => [n, t('measure.choose.days', { n })])} />
    </div>
    ${!readOnly && html`<${EntryForm} key=${code} t=${t} lang=${lang} kind=${kind} base=${base} shared=${shared} onSaved=${saved} failed=${failed} />`}
    <p class="alert ok" role="status">${notice}</p>
    <${KindView} key=${`${code} ${days}`} t=${t} lang=${lang} kind=${kind} base=${base} days=${days} version=${version} target=${target}
      shared=${shared} failed=${failed} onRemove=${readOnly ? null : remove} />
    <${TargetForm} key=${code} t=${t} lang=${lang} kind=${kind} base=${base} target=${target}
      shared=${shared} readOnly=${readOnly} onSaved=${saved} failed=${failed} />`;
}
