// Live events of the signed-in person (GET /api/v1/events, Server-Sent Events): one EventSource for
// the whole page, opened once someone is signed in and closed when they sign out. Pages and the
// header listen through useLive(); the events only say that something changed, and whoever listens
// asks the API again for the truth (the store is the truth, an event is a nudge).
//
// The browser reconnects by itself after a dropped connection and says where it was
// (Last-Event-ID), so nothing is missed while the stream was away.
import { useEffect, useRef } from 'preact/hooks';

// The events the server sends (docs/api.md, "Alerts").
export const LIVE_EVENTS = ['alert', 'alert.acknowledged', 'alert.closed'];

let source = null;
const listeners = new Set();

function deliver(name, e) {
  let data;
  try { data = JSON.parse(e.data); } catch { return; }
  for (const fn of [...listeners]) fn(name, data);
}

// Opens the stream (once; again after stopLive). Safe to call at every change of the signed-in person.
export function startLive() {
  if (source || typeof EventSource !== 'function') return;
  source = new EventSource('/api/v1/events');
  for (const name of LIVE_EVENTS) source.addEventListener(name, (e) => deliver(name, e));
  // Connected (at first, and again after a break): listeners ask again, so that whatever happened
  // between a page's first look and the stream being there is shown too.
  source.addEventListener('open', () => { for (const fn of [...listeners]) fn('open', {}); });
}

// Closes the stream: at signing out, so that nothing of the person stays open.
export function stopLive() {
  if (source) source.close();
  source = null;
}

// Calls fn(name, data) for every live event while the calling component is shown, and
// fn('open', {}) when the stream (re)connects; fn may change between renders (the newest is called).
export function useLive(fn) {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    const listener = (name, data) => latest.current(name, data);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
}
