// Messages that screen readers announce: an error summary that takes focus, and a quiet status.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';

export function ErrorSummary({ title, message }) {
  const ref = useRef(null);
  useEffect(() => { if (message && ref.current) ref.current.focus(); }, [message]);
  if (!message) return null;
  return html`
    <div class="alert error" role="alert" tabindex="-1" ref=${ref}>
      <h2>${title}</h2>
      <p>${message}</p>
    </div>`;
}

export function Status({ message }) {
  return html`<p class="alert ok" role="status">${message || ''}</p>`;
}
