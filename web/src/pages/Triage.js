// Wie heeft je nu nodig: a professional's clients, the one who needs them most first (#/triage;
// also the top of a professional's home page).
import { html } from '../html.js';
import { TriageList } from '../components/TriageList.js';

export function Triage({ t, lang }) {
  return html`
    <h1 tabindex="-1">${t('triage.heading')}</h1>
    <p class="lead">${t('triage.intro')}</p>
    <${TriageList} t=${t} lang=${lang} level=${2} />`;
}
