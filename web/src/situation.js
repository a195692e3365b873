// Where the signed-in person stands, so that the home page and the menu show what applies to
// them and nothing else: the clients they support (GET /supporting), whether they keep a record
// of their own (anything in it at all), and whether they work as a professional (an account made
// for one, or a professional in somebody's network).
//
// Asked once after signing in and again whenever the home page opens (useSituation(me, true)):
// someone who just started their own record sees it in the menu from the next home page on. The
// menu folds what does not apply rather than hiding it, so an answer a moment old hides nothing.
import { useEffect, useState } from 'preact/hooks';
import { request } from './api.js';

// The parts of one's own record that mean "I keep a record": one item in any of them is enough.
const OWN_PARTS = ['profile?limit=1', 'domains?limit=1', 'balance?limit=1', 'goals?limit=1', 'checkins?limit=1',
  'decisions?limit=1', 'advance-care-plan?limit=1', 'members?limit=1', 'measurements/latest'];

let known = null;    // { id, value } for the person asked about last
let asking = null;   // { id, promise }
const listeners = new Set();

async function anyOwn(part) {
  try {
    const r = await request('GET', `/clients/me/${part}`, undefined, { firstPage: true });
    return Array.isArray(r) ? r.length > 0 : Boolean(r && r.items && r.items.length);
  } catch {
    return false;
  }
}

async function ask(me) {
  let supporting = [];
  try { supporting = await request('GET', '/supporting'); } catch { /* then as someone who supports nobody */ }
  const professional = (me.roles || []).includes('professional') || supporting.some((c) => c.role === 'professional');
  // Someone who supports nobody is here for their own record, whether or not it has anything yet.
  const keepsRecord = supporting.length === 0 || (await Promise.all(OWN_PARTS.map(anyOwn))).some(Boolean);
  return { supporting, professional, keepsRecord, supports: supporting.length > 0 };
}

// The situation of `me` as a promise; `fresh`: ask again even when known.
export function loadSituation(me, fresh = false) {
  if (!fresh && known && known.id === me.id) return Promise.resolve(known.value);
  if (asking && asking.id === me.id) return asking.promise;
  const promise = ask(me).then((value) => {
    if (asking && asking.promise === promise) asking = null;
    known = { id: me.id, value };
    listeners.forEach((l) => l());
    return value;
  });
  asking = { id: me.id, promise };
  return promise;
}

// { supporting, supports, professional, keepsRecord } of `me`, or null while asking (or signed
// out). `fresh`: ask again when the component appears (the home page).
export function useSituation(me, fresh = false) {
  const current = () => (me && known && known.id === me.id ? known.value : null);
  const [value, setValue] = useState(fresh ? null : current());
  useEffect(() => {
    if (!me) {
      setValue(null);
      return undefined;
    }
    const on = () => setValue(current());
    listeners.add(on);
    loadSituation(me, fresh).then(on, () => {});
    return () => listeners.delete(on);
  }, [me && me.id]);
  return value;
}
