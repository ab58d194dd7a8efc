import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Cell, Row, Section, SectionResult } from './context';

export interface SectionReport {
  readonly key: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly legend: readonly string[];
  readonly rows: Row[];
  readonly notes: string[];
}

/** Merges the per-target results of a section so that each case lists its targets next to each other. */
export function mergeSection(section: Section, results: readonly SectionResult[]): SectionReport {
  const rows = results.flatMap((r) => r.rows);
  const order = [...new Set(rows.map((r) => String(r.case)))];
  rows.sort((a, b) => order.indexOf(String(a.case)) - order.indexOf(String(b.case)));
  return { key: section.key, title: section.title, columns: section.columns, legend: section.legend ?? [], rows, notes: results.flatMap((r) => r.notes) };
}

function format(value: Cell | undefined): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(2);
}

/** A plain-text table; consecutive rows of the same case show the case once. */
export function renderSection(report: SectionReport): string {
  const header = [...report.columns];
  let previousCase: string | undefined;
  const body = report.rows.map((row) => {
    const cells = header.map((c) => format(row[c]));
    if (row.case !== undefined && row.case === previousCase) cells[0] = '';
    previousCase = row.case === undefined ? undefined : String(row.case);
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  const out = [`== ${report.title}`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  for (const l of report.legend) out.push(`   ${l}`);
  for (const n of report.notes) out.push(` * ${n}`);
  return out.join('\n');
}

export function writeJson(path: string, content: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
}
