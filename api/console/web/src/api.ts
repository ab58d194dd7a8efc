import { session } from './session';

export interface FieldError {
  readonly location: string;
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem the API answered (or one made up for a network failure), readable by a person. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly type: string,
    readonly errors: readonly FieldError[] = [],
    readonly correlationId?: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }

  static async from(res: Response): Promise<ApiProblem> {
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      try {
        const p = JSON.parse(text) as Record<string, unknown>;
        const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
        const errors = Array.isArray(p.errors) ? (p.errors as FieldError[]) : [];
        return new ApiProblem(res.status, str(p.title) ?? `HTTP ${res.status}`, str(p.detail), str(p.type) ?? 'about:blank', errors, str(p.correlationId));
      } catch {
        // not JSON after all: fall through to the text
      }
    }
    return new ApiProblem(res.status, `HTTP ${res.status} ${res.statusText}`, text.slice(0, 300) || undefined, 'about:blank');
  }
}

export function asProblem(err: unknown): ApiProblem {
  if (err instanceof ApiProblem) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiProblem(0, 'The API could not be reached', message, 'network-error');
}

/** Fired when the API refuses the stored key (401), so the app returns to the key form. */
export const UNAUTHENTICATED_EVENT = 'console:unauthenticated';

export interface CallOptions {
  readonly method?: 'GET' | 'POST';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** A key to use instead of the stored one (signing in). */
  readonly key?: string;
}

/** Every call goes to this origin's API with `Authorization: Bearer <key>`; errors become ApiProblem. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const key = options.key ?? session.key();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw asProblem(err);
  }
  if (!res.ok) {
    const problem = await ApiProblem.from(res);
    if (res.status === 401 && options.key === undefined) window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT, { detail: problem }));
    throw problem;
  }
  return res;
}

export async function getJson<T>(path: string, options: CallOptions = {}): Promise<T> {
  return (await (await call(path, options)).json()) as T;
}

export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  return (await (await call(path, { method: 'POST', ...(body === undefined ? {} : { body }) })).json()) as T;
}

/** A path with its query string, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}
