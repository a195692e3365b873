// The signed-in person's home, made for where they stand (situation.js): a professional's clients
// by need; the people a carer or neighbour supports, each with what needs attention; a client's
// own record, with what needs them now on top. Someone who supports others and keeps a record of
// their own sees both, their people first.
import { html } from '../html.js';
import { useSituation } from '../situation.js';
import { TriageList } from '../components/TriageList.js';
import { OwnHome } from '../home/OwnHome.js';
import { People } from '../home/People.js';

// For someone who keeps no record of their own: one small way to start one.
function OwnToo({ t }) {
  return html`<p class="own-too"><a href="#/start">${t('home.ownToo')}</a></p>`;
}

export function Home({ t, lang, me }) {
  const s = useSituation(me, true);
  let body;
  if (!s) body = html`<p>${t('app.loading')}</p>`;
  else if (s.professional) {
    body = html`
      <section aria-labelledby="triage-heading"><h2 id="triage-heading">${t('triage.heading')}</h2>
        <${TriageList} t=${t} lang=${lang} level=${3} />
      </section>
      ${s.keepsRecord ? html`<${OwnHome} t=${t} lang=${lang} supports=${false} />` : html`<${OwnToo} t=${t} />`}`;
  } else if (s.supports) {
    body = html`
      <${People} t=${t} lang=${lang} me=${me} supporting=${s.supporting} />
      ${s.keepsRecord ? html`<${OwnHome} t=${t} lang=${lang} supports=${false} />` : html`<${OwnToo} t=${t} />`}`;
  } else body = html`<${OwnHome} t=${t} lang=${lang} supports=${false} />`;
  const intro = !s || (!s.professional && !s.supports) ? 'home.intro' : s.professional ? 'home.introProfessional' : 'home.introSupporting';
  return html`
    <h1 tabindex="-1">${t('home.hello', { name: me.name })}</h1>
    <p class="lead">${t(intro)}</p>
    ${body}`;
}
