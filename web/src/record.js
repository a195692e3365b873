// Loading and changing a part of a client's record (/clients/me/... for one's own,
// /clients/{id}/... for a client who shares it with a member of their network).
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import { categoryOfPart } from './vocabulary.js';

// The open questions of step 1 that Roer asks (their words are in the translation files).
export const QUESTION_KEYS = ['who_am_i', 'what_matters', 'feeling_well', 'still_want', 'worries'];

export const DOMAINS = ['body', 'mind', 'meaning', 'quality_of_life', 'participation', 'daily_life'];

// The pages of the record by their address (#/plan, and #/c/{id}/plan for someone else's) and
// the part of the record each is about: the category guarding that part (vocabulary.js) is the
// page's, as the network's rights name it.
export const PAGE_PARTS = {
  matters: 'profile', domains: 'domains', balance: 'balance', plan: 'goals', checkin: 'checkins',
  decisions: 'decisions', ahead: 'advance-care-plan',
};

// Set around a page that shows someone else's record: { rights, lost(category) }. null (the
// default) on one's own pages.
export const SharedRecord = createContext(null);

// useList('goals', client) -> { items, error, reload, add, change, remove }
// client: 'me' (the default) or the id of a client who shares this part with me.
// add/change/remove return true when saved, and keep `error` for the form.
export function useList(part, client = 'me') {
  const shared = useContext(SharedRecord);
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  // A part the client does not share is not asked for: their access log would show every
  // such request as a refused look. The page shows it as empty.
  const category = categoryOfPart(part);
  const allowed = !shared || Boolean(shared.rights[category]);
  const base = `/clients/${client}/${part}`;
  // Someone else's record answers 404 when the right was just taken back: nothing stale stays
  // on the page, and the page is told, so that it can say so in plain words.
  const failed = (e) => {
    if (shared && e.status === 404) {
      setItems([]);
      setError(null);
      shared.lost(category);
    } else {
      setError(e);
    }
  };
  const reload = async () => {
    if (!allowed) {
      setItems([]);
      return;
    }
    try {
      setItems(await request('GET', base));
      setError(null);
    } catch (e) {
      failed(e);
    }
  };
  useEffect(() => { reload(); }, [part, client]);
  const act = async (method, path, body) => {
    try {
      await request(method, path, body);
      setError(null);
      await reload();
      return true;
    } catch (e) {
      failed(e);
      return false;
    }
  };
  return {
    items,
    error,
    reload,
    add: (body) => act('POST', base, body),
    change: (id, body) => act('PATCH', `${base}/${id}`, body),
    remove: (id) => act('DELETE', `${base}/${id}`),
  };
}

// A goal or an action has a status from the moment it is made (the server gives one); one stored
// before that counts as still going.
export function goalStatus(g) {
  return g.status || 'active';
}

export function actionStatus(a) {
  return a.status || 'planned';
}

export function formatDate(lang, iso, withTime = false) {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL',
    withTime ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' }).format(d);
}

export function totals(items) {
  const sum = (side) => (items || []).filter((i) => i.side === side).reduce((a, i) => a + (i.weight || 0), 0);
  return { strengths: sum('strength'), burdens: sum('burden') };
}
