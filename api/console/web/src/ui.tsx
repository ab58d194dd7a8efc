import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { asProblem, type ApiProblem } from './api';

/** An API problem as a person reads it: what went wrong, why, which fields, and the id to quote. */
export function ProblemMessage({ problem }: { problem: ApiProblem | null }) {
  if (!problem) return null;
  return (
    <div class="problem" role="alert" data-testid="problem">
      <strong>{problem.title}</strong>
      {problem.status > 0 && <span class="muted"> (HTTP {problem.status})</span>}
      {problem.detail && <p>{problem.detail}</p>}
      {problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.location}.${e.path}`}>
              <code>{e.location === 'body' ? e.path : `${e.location} ${e.path}`}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {problem.correlationId && <p class="muted small">Correlation id: {problem.correlationId}</p>}
    </div>
  );
}

export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

export function Section({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card">
      <header class="card-head">
        <h2>{title}</h2>
        {actions && <div class="actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export interface Loaded<T> {
  readonly data: T | null;
  readonly problem: ApiProblem | null;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Loads `load()` when `deps` change (and every `everyMs`, if given); keeps the last good data
 * while a reload runs, and the problem of the last failure.
 */
export function useApi<T>(load: ((signal: AbortSignal) => Promise<T>) | null, deps: readonly unknown[], everyMs?: number): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  // New arguments show nothing old (a failed new search must not leave the previous one's results); a poll keeps them.
  const argsKey = JSON.stringify(deps);
  const shownFor = useRef(argsKey);
  useEffect(() => {
    if (shownFor.current !== argsKey) {
      shownFor.current = argsKey;
      setData(null);
    }
    const run = loader.current;
    if (!run) {
      setData(null);
      setProblem(null);
      return undefined;
    }
    const abort = new AbortController();
    setLoading(true);
    run(abort.signal)
      .then((d) => { setData(d); setProblem(null); })
      .catch((err: unknown) => { if (!abort.signal.aborted) setProblem(asProblem(err)); })
      .finally(() => { if (!abort.signal.aborted) setLoading(false); });
    return () => abort.abort();
  }, [...deps, tick]);

  useEffect(() => {
    if (!everyMs) return undefined;
    const timer = setInterval(() => setTick((t) => t + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, problem, loading, reload };
}

export const formatTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString(undefined, { hour12: false }) : '–');
export const formatClock = (iso: string): string => new Date(iso).toLocaleTimeString(undefined, { hour12: false });
export const formatSeconds = (s: number | null | undefined): string =>
  s === null || s === undefined ? '–' : s < 1 ? `${Math.round(s * 1000)} ms` : s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;
export const formatDollars = (cents: number): string => `$${(cents / 100).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
