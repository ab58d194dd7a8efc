import type { Row } from './context';
import type { SectionReport } from './report';

interface Pick {
  readonly label: string;
  readonly section: string;
  /** Matches the row's case (prefix). */
  readonly casePrefix: string;
  readonly column: string;
  readonly better: 'higher' | 'lower';
}

const PICKS: readonly Pick[] = [
  { label: 'append, 1 ev, 1 writer (commits/s)', section: 'append', casePrefix: '1 ev/commit, 1 writer', column: 'append commits/s', better: 'higher' },
  { label: 'append, 1 ev, 64 writers (commits/s)', section: 'append', casePrefix: '1 ev/commit, 64 writers', column: 'append commits/s', better: 'higher' },
  { label: 'append, 10 ev, 8 writers (commits/s)', section: 'append', casePrefix: '10 ev/commit, 8 writers', column: 'append commits/s', better: 'higher' },
  { label: 'raw insertOne, 1 writer (/s)', section: 'append', casePrefix: '1 ev/commit, 1 writer', column: 'raw insertOne/s', better: 'higher' },
  { label: 'contended stream, 8 writers (commits/s)', section: 'contention', casePrefix: 'AggregateRepository, 8 writers, ONE', column: 'commits/s', better: 'higher' },
  { label: 'load long stream with snapshot (ms)', section: 'load', casePrefix: '', column: 'load ms (p50)', better: 'lower' },
  { label: 'relay backlog drain (events/s)', section: 'relay', casePrefix: 'drain', column: 'events/s', better: 'higher' },
  { label: 'relay e2e latency p50, default poll (ms)', section: 'relay', casePrefix: '', column: 'e2e p50 ms', better: 'lower' },
  { label: 'readStream(20) on the small store (ms)', section: 'read-growth', casePrefix: '', column: 'readStream(20 ev) p50 ms', better: 'lower' },
  { label: 'readStream(20) on the large store (ms)', section: 'read-growth', casePrefix: '', column: 'readStream(20 ev) p50 ms', better: 'lower' },
  { label: 'append on the large store (ms)', section: 'read-growth', casePrefix: '', column: 'append p50 ms', better: 'lower' },
];

/** Key figures per target in one table, to choose the local default backend by the numbers. */
export function backendSummary(reports: readonly SectionReport[], targets: readonly string[]): SectionReport {
  const rows: Row[] = PICKS.map((pick) => {
    const report = reports.find((r) => r.key === pick.section);
    const candidates = (report?.rows ?? []).filter((r) => String(r.case).startsWith(pick.casePrefix) && typeof r[pick.column] === 'number');
    const row: Row = { figure: `${pick.label}, ${pick.better} is better` };
    for (const target of targets) {
      const mine = candidates.filter((r) => r.target === target);
      // "large store" picks the last row of the section, every other figure the first.
      const chosen = pick.label.includes('large') ? mine[mine.length - 1] : mine[0];
      row[target] = chosen ? (chosen[pick.column] ?? null) : null;
    }
    const [a, b] = targets;
    const va = a === undefined ? null : row[a];
    const vb = b === undefined ? null : row[b];
    row[`${b}/${a}`] = typeof va === 'number' && typeof vb === 'number' ? vb / va : null;
    return row;
  });
  const ratio = `${targets[1]}/${targets[0]}`;
  return {
    key: 'summary',
    title: 'Backends side by side (key figures from the tables above)',
    columns: ['figure', ...targets, ratio],
    legend: [`${ratio} > 1 means ${targets[1]} has the larger number (better when higher is better).`],
    rows,
    notes: [],
  };
}
