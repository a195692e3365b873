// Hash routes (#/login, #/register, #/, #/account, #/audit): the server serves one page.
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
