import { useEffect, useState } from 'preact/hooks';

/** The console's location, in the URL's hash (`#/streams?key=o-1`) so the server needs a single page. */
export interface Route {
  readonly page: string;
  readonly params: URLSearchParams;
}

function current(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [page = '', query = ''] = hash.split('?');
  return { page: page || 'streams', params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function href(page: string, params: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const query = q.toString();
  return `#/${page}${query ? `?${query}` : ''}`;
}

export function navigate(page: string, params: Record<string, string | number | undefined | null> = {}): void {
  location.hash = href(page, params);
}
