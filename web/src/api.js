// The API client: JSON in and out, the session cookie sent by the browser,
// the anti-forgery token added to every request that changes something.
let csrfToken = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export class ApiError extends Error {
  constructor(status, code, field, retryAfter) {
    super(code);
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.retryAfter = retryAfter || null;
  }
}

// request('POST', '/auth/login', {...}) -> parsed JSON (or null for 204).
// Throws ApiError with the server's error code, or code 'network'.
// options.firstPage: a list's first page only (a chart's table of readings need not hold a year).
export async function request(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  const data = await replyOf(res);
  if (data && typeof data.csrf_token === 'string') setCsrfToken(data.csrf_token);
  // Lists come a page at a time; the pages here show a whole list, so follow the server's next links.
  const next = method === 'GET' && Array.isArray(data) && !options.firstPage ? nextPage(res.headers.get('Link')) : null;
  if (next) return data.concat(await request('GET', next));
  return data;
}

// The JSON of a reply (null when empty), or an ApiError with the server's code when it refused.
async function replyOf(res) {
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || 'internal', err.field, res.headers.get('Retry-After'));
  }
  return data;
}

// upload('/clients/me/wounds/3/photos?note=…', file) -> the parsed JSON reply.
// Sends a file (a Blob) as the raw body with its own Content-Type, and the anti-forgery token.
// Throws ApiError as request() does.
export async function upload(path, blob) {
  const headers = { Accept: 'application/json', 'Content-Type': blob.type || 'application/octet-stream' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method: 'POST', headers, credentials: 'same-origin', body: blob });
  } catch {
    throw new ApiError(0, 'network');
  }
  return replyOf(res);
}

// The path (below /api/v1) of the next page in a Link header, or null.
function nextPage(link) {
  const m = link && /<\/api\/v1([^>]*)>;\s*rel="next"/.exec(link);
  return m ? m[1] : null;
}

// Downloads a GET route as a file the browser saves.
export async function download(path, filename) {
  const res = await fetch(`/api/v1${path}`, { credentials: 'same-origin' });
  if (!res.ok) {
    let code = 'internal';
    try { code = (await res.json()).error.code; } catch { /* keep internal */ }
    throw new ApiError(res.status, code, null, res.headers.get('Retry-After'));
  }
  saveBlob(await res.blob(), filename);
}

// Saves a Blob as a file through a link to it: no inline script, so the content policy allows it.
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
