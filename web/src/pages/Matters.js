// Step 1: who am I, what matters: answers in my own words, and questions of my own.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useList, QUESTION_KEYS } from '../record.js';
import { TextArea } from '../components/Choice.js';
import { Field } from '../components/Field.js';
import { ErrorSummary, Status } from '../components/Alert.js';
import { errorMessage } from '../errors.js';


function Answer({ t, list, qkey, item }) {
  const [text, setText] = useState(item ? item.answer || '' : '');
  const [saved, setSaved] = useState(false);
  const save = async (e) => {
    e.preventDefault();
    const ok = item ? await list.change(item.id, { answer: text }) : await list.add({ question_key: qkey, answer: text });
    setSaved(ok);
  };
  return html`
    <form class="answer" onSubmit=${save}>
      <${TextArea} id=${`q-${qkey}`} label=${t(`matters.questions.${qkey}`)} value=${text} onInput=${(v) => { setText(v); setSaved(false); }} />
      <button type="submit">${t('common.save')}</button>
      <${Status} message=${saved ? t('common.saved') : ''} />
    </form>`;
}

function OwnQuestion({ t, list }) {
  const [q, setQ] = useState('');
  const [a, setA] = useState('');
  const add = async (e) => {
    e.preventDefault();
    if (await list.add({ question: q, answer: a })) { setQ(''); setA(''); }
  };
  return html`
    <form onSubmit=${add}>
      <${Field} id="own-question" label=${t('matters.ownQuestion')} value=${q} onInput=${setQ} />
      <${TextArea} id="own-answer" label=${t('matters.ownAnswer')} value=${a} onInput=${setA} />
      <button type="submit">${t('matters.addOwn')}</button>
    </form>`;
}

// Someone else's answers, to read: the questions with what they wrote.
function Answers({ t, items }) {
  const answered = QUESTION_KEYS.map((k) => items.find((i) => i.question_key === k)).filter((i) => i && i.answer);
  if (answered.length === 0) return html`<p>${t('common.none')}</p>`;
  return html`<dl class="details answers">${answered.map((i) => html`
    <dt>${t(`matters.questions.${i.question_key}`)}</dt><dd class="prose">${i.answer}</dd>`)}</dl>`;
}

// client, owner, readOnly: someone else's answers, shared with me (see Shared.js).
export function Matters({ t, client = 'me', owner, readOnly }) {
  const list = useList('profile', client);
  const heading = !owner && html`<h1 tabindex="-1">${t('matters.heading')}</h1>`;
  if (!list.items) return html`${heading}<p>${t('app.loading')}</p>`;
  const own = list.items.filter((i) => !i.question_key);
  return html`
    ${heading}
    ${!owner && html`<p class="lead">${t('matters.intro')}</p>`}
    <${ErrorSummary} title=${t('errors.summary')} message=${errorMessage(t, list.error)} />
    ${readOnly ? html`<${Answers} t=${t} items=${list.items} />`
      : QUESTION_KEYS.map((k) => html`<${Answer} key=${k} t=${t} list=${list} qkey=${k} item=${list.items.find((i) => i.question_key === k)} />`)}
    <section aria-labelledby="own-heading">
      <h2 id="own-heading">${owner ? t('shared.ownQuestions', { name: owner }) : t('matters.ownHeading')}</h2>
      ${own.map((i) => html`<div class="own" key=${i.id}><h3>${i.question}</h3><p class="prose">${i.answer}</p></div>`)}
      ${readOnly && own.length === 0 && html`<p>${t('common.none')}</p>`}
      ${!readOnly && html`<${OwnQuestion} t=${t} list=${list} />`}
    </section>
    ${!owner && html`<p><a class="button" href="#/domains">${t('common.next')}: ${t('titles.domains')}</a></p>`}`;
}
