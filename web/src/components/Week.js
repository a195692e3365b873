// One week, Monday to Sunday, with what is planned on each day. It is a list with a heading
// per day, so it reads the same by eye, by keyboard and by screen reader; nothing is told by
// colour alone. Earlier and later weeks are a button away.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { addDays, dayWords, mondayOf, today } from '../days.js';

// Is a request for `day` (and up to `until`) planned on this day? Days compare as text.
export function covers(item, day) {
  return item.day <= day && day <= (item.until || item.day);
}

// items: things with `day` and optionally `until`; line(item) renders one as an <li>.
// level: the heading level of the days (the week sits under a heading one level up).
// label: the name of the week's list, telling whose week it is.
export function Week({ t, lang, items, line, level = 4, label }) {
  const [start, setStart] = useState(mondayOf(today()));
  const days = [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(start, i));
  const now = today();
  const Day = `h${level}`;
  return html`
    <div class="week-nav">
      <button type="button" onClick=${() => setStart(addDays(start, -7))}>${t('week.previous')}</button>
      <p class="week-range" aria-live="polite">${t('week.range', { from: dayWords(lang, days[0], { weekday: false }), until: dayWords(lang, days[6], { weekday: false }) })}</p>
      <button type="button" onClick=${() => setStart(addDays(start, 7))}>${t('week.next')}</button>
      ${start !== mondayOf(now) && html`<button type="button" class="link-button" onClick=${() => setStart(mondayOf(now))}>${t('week.thisWeek')}</button>`}
    </div>
    <ol class="week" aria-label=${label}>
      ${days.map((day) => {
        const planned = items.filter((i) => covers(i, day));
        return html`
          <li key=${day} class=${day === now ? 'week-day today' : 'week-day'} aria-current=${day === now ? 'date' : undefined}>
            <${Day}>${dayWords(lang, day)}${day === now && html` <span class="today-mark">${t('week.today')}</span>`}<//>
            ${planned.length === 0 ? html`<p class="muted">${t('week.nothing')}</p>` : html`<ul>${planned.map(line)}</ul>`}
          </li>`;
      })}
    </ol>`;
}
