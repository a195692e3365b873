// A Server-Sent Events reader for the API tests: opens GET /api/v1/events as
// a person (their session cookie) and parses the stream as it comes, so a
// test can wait for an event (a state), never for time.
import { API } from './api.mjs';

// openEvents(person, { after }) -> { events, waitFor(predicate, what, ms), close(), status }
export async function openEvents(person, { after, lastEventId } = {}) {
  const controller = new AbortController();
  const headers = { Cookie: person.cookieHeader(), Accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
  const q = after !== undefined ? `?after=${after}` : '';
  const res = await fetch(`${person.baseUrl}${API}/events${q}`, { headers, signal: controller.signal });
  const stream = { status: res.status, headers: res.headers, events: [], comments: 0, ended: false };
  const waiters = new Set();
  const check = () => {
    for (const w of waiters) {
      const found = stream.events.find(w.predicate);
      if (found) { waiters.delete(w); clearTimeout(w.timer); w.resolve(found); }
    }
  };
  if (res.status !== 200) {
    stream.body = await res.text();
    stream.close = () => {};
    stream.waitFor = () => Promise.reject(new Error(`no stream: ${res.status} ${stream.body}`));
    return stream;
  }
  (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body) {
        buf += decoder.decode(chunk, { stream: true });
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const e = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) { stream.comments++; continue; }
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'data') e.data = (e.data ? e.data + '\n' : '') + value;
            else e[field] = value;
          }
          if (e.event || e.data) {
            e.data = e.data ? JSON.parse(e.data) : null;
            e.id = Number(e.id);
            stream.events.push(e);
            check();
          }
        }
      }
    } catch { /* aborted */ }
    stream.ended = true;
  })();
  stream.waitFor = (predicate, what = 'an event', ms = 20000) => new Promise((resolve, reject) => {
    const w = { predicate, resolve };
    w.timer = setTimeout(() => { waiters.delete(w); reject(new Error(`no ${what} within ${ms} ms; got ${JSON.stringify(stream.events)}`)); }, ms);
    waiters.add(w);
    check();
  });
  stream.close = () => controller.abort();
  return stream;
}
