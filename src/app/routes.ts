import { useEffect, useState } from 'react';

export const ROUTES = [
  { path: 'train', label: 'Train' },
  { path: 'search', label: 'Search' },
  { path: 'data', label: 'Data' },
  { path: 'compress', label: 'Compress' },
  { path: 'audit', label: 'Audit' },
] as const;

export type RoutePath = (typeof ROUTES)[number]['path'];

function currentRoute(): RoutePath {
  const hash = window.location.hash.replace(/^#\/?/, '');
  return (ROUTES.find((r) => r.path === hash)?.path ?? 'train') as RoutePath;
}

/** Hash routing: `#/data` etc. The query string stays free for the experiment state. */
export function useRoute(): RoutePath {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
