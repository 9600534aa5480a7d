// router.ts: hash-based routing ("#/plans/3?q=khoa+hoc"). Hash routes need no
// server fallback, survive reloads, and keep the query of a page (filters,
// search) in the address so a view can be bookmarked and shared.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  path: string;
  parts: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  return { path, parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(queryPart) };
}

let navigations = 0;
/** True once the user has moved from the first page to another one. */
export function hasNavigated(): boolean {
  return navigations > 0;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => {
      navigations++;
      setRoute(parseHash(location.hash));
    };
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function href(path: string, query?: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function navigate(path: string, query?: Record<string, string | number | undefined | null>): void {
  location.hash = href(path, query).slice(1);
}

/** Change the query of the current page without adding a history entry per keystroke. */
export function replaceQuery(path: string, query: Record<string, string | number | undefined | null>): void {
  history.replaceState(null, '', href(path, query));
}
