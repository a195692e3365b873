// The client's network: the roles, the rights a client chooses (the kinds of information come
// from vocabulary.js), what Roer suggests per role, and the invitation code someone brings along
// while they sign in.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import { categoryOfPart, recordCategories, shareableCategories } from './vocabulary.js';
import { PAGE_PARTS } from './record.js';

// Whose network a page manages: 'me' for my own, or the id of a client I represent (the pages of
// the network, help requests and the access log are the same for a representative).
export const ClientPath = createContext('me');
export const useClientPath = () => useContext(ClientPath);

export const ROLES = ['naaste', 'mantelzorger', 'vertegenwoordiger', 'buur', 'vrijwilliger', 'professional'];

export const LEVELS = ['nothing', 'see', 'change'];

// What Roer suggests per role: category -> level. Only a suggestion: the client still chooses
// for every category, so nothing is ever shared because a role implied it.
const SUGGESTIONS = {
  naaste: () => ({ ...Object.fromEntries(recordCategories().map((c) => [c, 'see'])), help_requests: 'change', messages: 'see' }),
  vertegenwoordiger: () => Object.fromEntries(shareableCategories().map((c) => [c, 'change'])),
  buur: () => ({ help_requests: 'see', messages: 'see' }),
  professional: () => Object.fromEntries(['what_matters', 'domains', 'plan', 'checkins', 'decisions', 'thinking_ahead',
    'measurements', 'messages'].map((c) => [c, 'see'])),
};
SUGGESTIONS.mantelzorger = SUGGESTIONS.naaste;
SUGGESTIONS.vrijwilliger = SUGGESTIONS.buur;

// 'nothing', 'see' or 'change' for a role and a category.
export function suggestion(role, category) {
  return (SUGGESTIONS[role] ? SUGGESTIONS[role]() : {})[category] || 'nothing';
}

// Where a member sees what a client shares with them: the client's record page that shows the
// category, and the pages for help requests and messages (which gather those of every client I
// support).
export function sharedLink(clientId, category) {
  const page = Object.keys(PAGE_PARTS).find((p) => categoryOfPart(PAGE_PARTS[p]) === category);
  if (page) return `#/c/${clientId}/${page}`;
  return { help_requests: '#/help', messages: '#/messages', measurements: `#/c/${clientId}/measurements`,
    photos: `#/c/${clientId}/wounds`, alerts: `#/c/${clientId}/alerts` }[category] || null;
}

// The choices of the rights step as the API wants them: only "see" and "change"; what is
// not named is not granted.
export function rightsBody(choices) {
  return Object.fromEntries(shareableCategories().filter((c) => choices[c] === 'see' || choices[c] === 'change')
    .map((c) => [c, choices[c]]));
}

// A member's current rights ({plan: {level, until}}) as choices for every category.
export function choicesOf(rights) {
  return Object.fromEntries(shareableCategories().map((c) => [c, rights && rights[c] ? rights[c].level : 'nothing']));
}

// The categories still without a choice.
export function missingChoices(choices) {
  return shareableCategories().filter((c) => !LEVELS.includes(choices[c]));
}

// The clients who share with me, with what each shares; null while asking.
// Asked again at every page load, so that a right taken back is gone at once.
export function useSupporting() {
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    request('GET', '/supporting').then(setList, (e) => { setError(e); setList([]); });
  }, []);
  return { list, error };
}

// The invitation code of someone who opened an invitation link while signed out. Kept for this
// browser tab only, and only until they are signed in and back on the invitation page.
const PENDING_KEY = 'roer.invitation';

export function rememberInvitation(code) {
  try { sessionStorage.setItem(PENDING_KEY, code); } catch { /* not remembered: they type the code again */ }
}

export function pendingInvitation() {
  try { return sessionStorage.getItem(PENDING_KEY) || ''; } catch { return ''; }
}

export function forgetInvitation() {
  try { sessionStorage.removeItem(PENDING_KEY); } catch { /* nothing was kept */ }
}

// Where to go after signing in: back to the invitation when one is waiting, else home. The
// code is forgotten here (it is in the address now), so that a later sign-in goes home.
export function afterSignIn() {
  const code = pendingInvitation();
  forgetInvitation();
  return code ? `/accept/${encodeURIComponent(code)}` : '/';
}
