// Loading and changing a part of the client's own record (/clients/me/...).
import { useEffect, useState } from 'preact/hooks';
import { request } from './api.js';

// The open questions of step 1 that Roer asks (their words are in the translation files).
export const QUESTION_KEYS = ['who_am_i', 'what_matters', 'feeling_well', 'still_want', 'worries'];

export const DOMAINS = ['body', 'mind', 'meaning', 'quality_of_life', 'participation', 'daily_life'];

// useList('goals') -> { items, error, reload, add, change, remove }
// add/change/remove return true when saved, and keep `error` for the form.
export function useList(part) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const reload = async () => {
    try {
      setItems(await request('GET', `/clients/me/${part}`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => { reload(); }, [part]);
  const act = async (method, path, body) => {
    try {
      await request(method, path, body);
      setError(null);
      await reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  return {
    items,
    error,
    reload,
    add: (body) => act('POST', `/clients/me/${part}`, body),
    change: (id, body) => act('PATCH', `/clients/me/${part}/${id}`, body),
    remove: (id) => act('DELETE', `/clients/me/${part}/${id}`),
  };
}

export function formatDate(lang, iso, withTime = false) {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL',
    withTime ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' }).format(d);
}

export function totals(items) {
  const sum = (side) => (items || []).filter((i) => i.side === side).reduce((a, i) => a + i.weight, 0);
  return { strengths: sum('strength'), burdens: sum('burden') };
}
