// The words the server and the pages share (GET /api/v1/vocabulary): the kinds of information
// a client can share (access categories) and the disciplines of professionals, by their stored
// names, in the order the pages show them. The server keeps them in one table; the pages keep no
// copies. Their words are in the translation files, keyed by these names.
//
// Asked once, before the first page is shown (main.js waits for loadVocabulary()); after that
// the functions below answer at once.
import { request } from './api.js';

let vocabulary = null;
let asking = null;

// Asks the server once; a failed try is forgotten, so that the next call asks again.
export function loadVocabulary() {
  if (vocabulary) return Promise.resolve(vocabulary);
  if (!asking) {
    asking = request('GET', '/vocabulary').then((v) => {
      vocabulary = v;
      return v;
    }, (e) => {
      asking = null;
      throw e;
    });
  }
  return asking;
}

function loaded() {
  if (!vocabulary) throw new Error('vocabulary.js: used before loadVocabulary() finished');
  return vocabulary;
}

const names = (list) => list.map((c) => c.name);

// Every category a client can share, in the order the client is asked about them.
export const shareableCategories = () => names(loaded().categories.filter((c) => c.shareable));

// The shareable categories that are part of the record itself, as opposed to asking for help and
// talking together.
export const recordCategories = () => names(loaded().categories.filter((c) => c.shareable && c.record));

// The disciplines of a professional, in the order they are offered.
export const disciplines = () => loaded().disciplines;

// The category guarding a part of the record ('goals' -> 'plan'), or null.
export function categoryOfPart(part) {
  const c = loaded().categories.find((x) => x.parts.includes(part));
  return c ? c.name : null;
}
