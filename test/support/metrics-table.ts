import { readFileSync } from 'node:fs';

/** One row of the README's metrics table. */
export interface DocumentedMetric {
  readonly process: string;
  readonly name: string;
  readonly type: string;
  readonly labels: readonly string[];
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** The rows of the table between `<!-- metrics-table:start -->` and `<!-- metrics-table:end -->` in README.md. */
export function documentedMetrics(readme = readFileSync(`${ROOT}README.md`, 'utf8')): DocumentedMetric[] {
  const start = readme.indexOf('<!-- metrics-table:start -->');
  const end = readme.indexOf('<!-- metrics-table:end -->');
  if (start < 0 || end < start) throw new Error('README.md has no metrics table markers');
  return readme.slice(start, end).split('\n').filter((l) => l.startsWith('| `')).map((line) => {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const code = (c: string) => [...c.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
    const [processes, name, type, labels] = [code(cells[0] ?? ''), code(cells[1] ?? '')[0], cells[2] ?? '', code(cells[3] ?? '')];
    if (!name) throw new Error(`metrics table row without a name: ${line}`);
    return processes.map((process) => ({ process, name, type, labels }));
  }).flat();
}

/** A served metric: its `# TYPE` and the label names its samples carry. */
export interface ServedMetric {
  readonly type: string;
  readonly labels: Set<string>;
}

/** The metric families of a Prometheus text exposition, by name. */
export function servedMetrics(text: string): Map<string, ServedMetric> {
  const families = new Map<string, ServedMetric>();
  for (const line of text.split('\n')) {
    const typed = /^# TYPE (\S+) (\S+)/.exec(line);
    if (typed) {
      families.set(typed[1] as string, { type: typed[2] as string, labels: families.get(typed[1] as string)?.labels ?? new Set() });
      continue;
    }
    if (line.startsWith('#') || line.trim() === '') continue;
    const sample = /^([A-Za-z_:][\w:]*)(?:\{([^}]*)\})?\s/.exec(line);
    if (!sample) continue;
    const name = sample[1] as string;
    const family = families.get(name) ?? families.get(name.replace(/_(bucket|sum|count|total|created)$/, '')) ?? [...families.entries()].find(([f]) => name.startsWith(`${f}_`))?.[1];
    for (const m of (sample[2] ?? '').matchAll(/([A-Za-z_]\w*)="/g)) if (m[1] !== 'le' && m[1] !== 'quantile') family?.labels.add(m[1] as string);
  }
  return families;
}
