// Mijn dag thuis (looking along at a distance): what the sensors at home saw today, in words
// ("Een gewone dag tot nu toe", or what went differently and what is usual), every signal of the
// day on a simple timeline and in a table, the last 14 days side by side, and the thresholds Roer
// judges by, each learned from the client's own weeks or set by them, with a form to change them.
// The server gives codes and numbers (GET /daily-life); every word is in dailyLife.* here.
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { request } from '../api.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { errorMessage } from '../errors.js';
import { SharedRecord } from '../record.js';

const THRESHOLDS = ['first_activity_by', 'kitchen_by', 'nights_out_max', 'night_minutes_max', 'silent_minutes', 'bathroom_minutes_max'];
const PARTS = ['night', 'morning', 'afternoon', 'evening'];

const clock = (minutes) => (minutes === null || minutes === undefined ? '' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
const minutesOf = (hhmm) => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm || '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

// A deviation in words: the key by its code and variant, whether it is still going on, and
// whether the day is over (past: "that night" rather than "last night").
export function deviationWords(t, d, past = false) {
  let form;
  if (d.code === 'late_morning') form = `${d.variant}${d.ongoing ? '' : '_past'}`;
  else if (d.code === 'night_wandering') form = `${d.variant}${past ? '_past' : ''}`;
  else form = d.ongoing ? 'ongoing' : 'past';
  return t(`dailyLife.deviation.${d.code}.${form}`, {
    place: d.place || '', usual_before: d.usual_before || d.threshold || '', from: d.from || '', to: d.to || '',
    count: d.count ?? '', usual: d.usual ?? '', minutes: d.minutes ?? '',
  });
}

function thresholdShown(t, name, th) {
  if (th.value === null) return t('dailyLife.notJudged');
  return th.unit === 'minute_of_day' ? clock(th.value) : String(th.value);
}

// A wide table scrolls sideways on a phone: its frame takes the keyboard's focus (so it can be
// scrolled without a mouse) and is named by the table's caption.

// The day's signals across 24 hours, one mark each, drawn as SVG (the page allows no inline
// styles); the table below says the same in words.
function Timeline({ signals }) {
  return html`
    <svg class="daily-timeline" viewBox="0 0 1440 48" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <line class="axis" x1="0" y1="32" x2="1440" y2="32" />
      ${signals.map((s) => html`<rect class=${`mark ${s.type}`} x=${minutesOf(s.time) - 2} y="4" width="4" height="28" />`)}
      ${[6, 12, 18].map((h) => html`<line class="hour" x1=${h * 60} y1="32" x2=${h * 60} y2="40" />`)}
    </svg>
    <p class="daily-hours" aria-hidden="true"><span>00</span><span>06</span><span>12</span><span>18</span><span>24</span></p>`;
}

function SettingsForm({ t, client, view, onSaved }) {
  const initial = () => Object.fromEntries(THRESHOLDS.map((n) => {
    const th = view.thresholds[n];
    return [n, th.set_by_client ? (th.unit === 'minute_of_day' ? clock(th.value) : String(th.value)) : ''];
  }));
  const [values, setValues] = useState(initial);
  const [err, setErr] = useState(null);
  const [said, setSaid] = useState('');
  useEffect(() => setValues(initial()), [view]);
  const submit = async (e) => {
    e.preventDefault();
    setSaid('');
    const body = {};
    for (const n of THRESHOLDS) {
      const v = values[n].trim();
      if (v === '') body[n] = null;
      else if (view.thresholds[n].unit === 'minute_of_day') body[n] = minutesOf(v) ?? -1;
      else body[n] = /^\d+$/.test(v) ? Number(v) : -1;
    }
    try {
      await request('PUT', `/clients/${client}/daily-life/settings`, body);
      setErr(null);
      setSaid(t('dailyLife.saved'));
      onSaved();
    } catch (x) {
      setErr(x);
    }
  };
  const fieldError = (n) => (err && err.field === n ? t('dailyLife.badValue') : null);
  return html`
    <form class="daily-settings" onSubmit=${submit} novalidate>
      <h3>${t('dailyLife.changeHeading')}</h3>
      <p class="help">${t('dailyLife.changeHelp')}</p>
      <${ErrorSummary} title=${t('errors.summary')} message=${err ? (err.field ? t('dailyLife.badValue') : errorMessage(t, err)) : null} />
      ${THRESHOLDS.map((n) => {
        const th = view.thresholds[n];
        const id = `daily-${n}`;
        const learned = th.learned === null ? t('dailyLife.notJudged') : (th.unit === 'minute_of_day' ? clock(th.learned) : String(th.learned));
        return html`
          <div class=${`field${fieldError(n) ? ' has-error' : ''}`}>
            <label for=${id}>${t(`dailyLife.threshold.${n}`)}</label>
            <p class="help" id=${`${id}-help`}>${t('dailyLife.learnedIs', { value: learned })}</p>
            ${fieldError(n) && html`<p class="field-error" id=${`${id}-error`}>${fieldError(n)}</p>`}
            <input id=${id} name=${id} type=${th.unit === 'minute_of_day' ? 'time' : 'number'} inputmode="numeric"
              value=${values[n]} aria-invalid=${fieldError(n) ? 'true' : undefined}
              aria-describedby=${`${id}-help${fieldError(n) ? ` ${id}-error` : ''}`}
              onInput=${(e) => setValues({ ...values, [n]: e.currentTarget.value })} />
          </div>`;
      })}
      <button type="submit" class="primary">${t('dailyLife.save')}</button>
      <${Status} message=${said} />
    </form>`;
}

// client, owner, readOnly: someone else's day, shared with me (see Shared.js).
export function DailyLife({ t, client = 'me', owner, readOnly }) {
  const shared = useContext(SharedRecord);
  const [view, setView] = useState(null);
  const [err, setErr] = useState(null);
  const [day, setDay] = useState('');
  const heading = useRef(null);
  const load = async (which = day) => {
    try {
      setView(await request('GET', `/clients/${client}/daily-life${which ? `?day=${which}` : ''}`));
      setErr(null);
    } catch (x) {
      if (shared && x.status === 404) shared.lost('daily_life');
      else setErr(x);
    }
  };
  useEffect(() => { load(); }, [client]);
  const v = view;
  return html`
    ${!owner && html`<h1 tabindex="-1" ref=${heading}>${t('dailyLife.title')}</h1>
      <p class="lead">${t('dailyLife.intro')}</p>`}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, err)} />
    ${!v && !err && html`<p>${t('app.loading')}</p>`}
    ${v && html`
      <section class="card daily-today" aria-labelledby="daily-day-heading">
        <h2 id="daily-day-heading">${t('dailyLife.dayHeading', { day: v.day })}</h2>
        <p class=${`daily-status ${v.status}`} data-status=${v.status}>${t(`dailyLife.${v.features.complete ? 'statusPast' : 'status'}.${v.status}`)}</p>
        ${v.deviations.length > 0 && html`
          <ul class="daily-deviations">${v.deviations.map((d) => html`<li key=${d.key} data-code=${d.code}>${deviationWords(t, d, v.features.complete)}</li>`)}</ul>`}
        ${v.learning && html`<p>${t('dailyLife.daysLearned', { n: v.days_with_data })}</p>`}
        <form class="daily-pick" onSubmit=${(e) => { e.preventDefault(); load(day); }}>
          <label for="daily-day">${t('dailyLife.otherDay')}</label>
          <input id="daily-day" type="date" value=${day || v.day} onInput=${(e) => setDay(e.currentTarget.value)} />
          <button type="submit">${t('dailyLife.show')}</button>
        </form>
      </section>
      <section aria-labelledby="daily-timeline-heading">
        <h2 id="daily-timeline-heading">${t('dailyLife.timelineHeading')}</h2>
        ${v.timeline.length === 0 ? html`<p>${t('dailyLife.noSignals')}</p>` : html`
          <${Timeline} signals=${v.timeline} />
          <div class="table-wrap" tabindex="0" role="region" aria-labelledby="daily-signals-caption">
            <table class="daily-signals">
              <caption id="daily-signals-caption">${t('dailyLife.timelineCaption', { n: v.timeline.length })}</caption>
              <thead><tr><th scope="col">${t('dailyLife.time')}</th><th scope="col">${t('dailyLife.what')}</th><th scope="col">${t('dailyLife.where')}</th></tr></thead>
              <tbody>${v.timeline.map((s) => html`<tr><td>${s.time}</td><td>${t(`dailyLife.type.${s.type}`)}</td><td>${s.place}</td></tr>`)}</tbody>
            </table>
          </div>`}
      </section>
      <section aria-labelledby="daily-days-heading">
        <h2 id="daily-days-heading">${t('dailyLife.daysHeading')}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="daily-days-caption">
          <table class="daily-days">
            <caption id="daily-days-caption">${t('dailyLife.daysCaption')}</caption>
            <thead><tr>
              <th scope="col">${t('dailyLife.day')}</th><th scope="col">${t('dailyLife.firstActivity')}</th>
              <th scope="col">${t('dailyLife.kitchenFirst')}</th><th scope="col">${t('dailyLife.nightsOut')}</th>
              <th scope="col">${t('dailyLife.bathroom')}</th>
              ${PARTS.map((p) => html`<th scope="col">${t(`dailyLife.part.${p}`)}</th>`)}
            </tr></thead>
            <tbody>${v.days.map((d) => html`<tr>
              <th scope="row">${d.day}</th><td>${d.first_activity || '–'}</td><td>${d.kitchen_first || '–'}</td>
              <td>${d.nights_out_of_bed}</td><td>${d.bathroom_minutes}</td>
              ${PARTS.map((p) => html`<td>${d.parts[p]}</td>`)}
            </tr>`)}</tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="daily-thresholds-heading">
        <h2 id="daily-thresholds-heading">${t('dailyLife.thresholdsHeading')}</h2>
        <dl class="details daily-thresholds">
          ${THRESHOLDS.map((n) => html`
            <dt>${t(`dailyLife.threshold.${n}`)}</dt>
            <dd data-threshold=${n}>${thresholdShown(t, n, v.thresholds[n])}
              ${v.thresholds[n].value !== null && html` (${v.thresholds[n].set_by_client ? t('dailyLife.setByYou') : t('dailyLife.learned')})`}</dd>`)}
        </dl>
        ${!readOnly && html`<${SettingsForm} t=${t} client=${client} view=${v} onSaved=${() => load()} />`}
      </section>`}`;
}
