// The signed-in person's home page, with room for the capabilities to come.
import { html } from '../html.js';

const cards = ['matters', 'balance', 'plan', 'network', 'measurements'];

export function Home({ t, me }) {
  return html`
    <h1 tabindex="-1">${t('home.hello', { name: me.name })}</h1>
    <p class="lead">${t('home.intro')}</p>
    <section aria-labelledby="coming">
      <h2 id="coming">${t('home.comingHeading')}</h2>
      <ul class="cards">
        ${cards.map((c) => html`
          <li class="card">
            <h3>${t(`home.cards.${c}`)}</h3>
            <p>${t(`home.cards.${c}Text`)}</p>
            <p class="soon">${t('home.soon')}</p>
          </li>`)}
      </ul>
    </section>`;
}
