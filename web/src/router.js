// Hash routes (#/login, #/, #/plan, #/c/7/plan, #/accept/CODE ...): the server serves one page.
import { useEffect, useState } from 'preact/hooks';

export function currentRoute() {
  const h = window.location.hash.replace(/^#/, '');
  return h === '' ? '/' : h;
}

export function go(route) {
  if (currentRoute() === route) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else window.location.hash = route;
}

export function useRoute() {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const on = () => setRoute(currentRoute());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

// Routes with a value in them: '/c/7/plan' -> { path: '/c/plan', params: { client: '7' } } (a page
// of client 7's record, as a member of their network sees it), '/accept/CODE' -> { path: '/accept',
// params: { code } } (an invitation link); any other route is its own path.
export function routeParams(route) {
  const shared = route.match(/^\/c\/(\d+)\/([a-z]+(?:-[a-z]+)?)$/);
  if (shared) return { path: `/c/${shared[2]}`, params: { client: shared[1] } };
  const accept = route.match(/^\/accept\/([^/]+)$/);
  if (accept) {
    try {
      return { path: '/accept', params: { code: decodeURIComponent(accept[1]) } };
    } catch {
      return { path: '/accept', params: {} };
    }
  }
  return { path: route, params: {} };
}
