// Demo data for the CRM: `npx tsx scripts/generate-leads.ts N` runs N sales leads through the real API
// with varied journeys (bought at once, bought after follow-ups, not interested, payment deadline
// missed and tried again, still open...), so GET /leads and GET /analytics/leads show something.
// Target: API_URL (default http://HOST:PORT from the configuration), API_KEY (default .data/api-key).
// CONCURRENCY (default 8) leads run at a time; SEED makes a run repeatable. Progress goes to stderr.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../shared/app/app-config';
import { runMain } from '../shared/platform/process/run-main';

const FIRST_NAMES = ['Sean', 'Sarah', 'Stephanie', 'Sami', 'Sian', 'Casey', 'Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Tim', 'Hedy', 'John'];
const LAST_NAMES = ['Callahan', 'Estrada', 'Brown', 'Calhoun', 'Espinoza', 'David', 'Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman', 'Berners-Lee', 'Lamarr', 'McCarthy'];
const CLOSE_REASONS = ['not interested', 'went with a competitor', 'no budget this year', 'asked not to be called again'];

type Step =
  | { kind: 'contact' }
  | { kind: 'followup'; inDays: number }
  | { kind: 'details' }
  | { kind: 'order'; deadlineMs: number }
  | { kind: 'confirm' }
  | { kind: 'close' }
  | { kind: 'await-payment-failure' };

interface Journey {
  readonly name: string;
  readonly weight: number;
  steps(rnd: Random): Step[];
}

const DAY = 24 * 60 * 60_000;
const MISSED_DEADLINE_MS = 4_000;

const contact = (): Step => ({ kind: 'contact' });
const followups = (rnd: Random, max: number): Step[] =>
  Array.from({ length: rnd.int(1, max) }, () => [{ kind: 'followup', inDays: rnd.int(1, 14) } as Step, contact()]).flat();

const JOURNEYS: readonly Journey[] = [
  { name: 'bought at once', weight: 18, steps: () => [contact(), { kind: 'order', deadlineMs: 3 * DAY }, { kind: 'confirm' }] },
  {
    name: 'bought after follow-ups',
    weight: 20,
    steps: (rnd) => [contact(), ...followups(rnd, 3), ...(rnd.chance(0.3) ? [{ kind: 'details' } as Step] : []), { kind: 'order', deadlineMs: 3 * DAY }, { kind: 'confirm' }],
  },
  { name: 'not interested at the first call', weight: 15, steps: () => [contact(), { kind: 'close' }] },
  { name: 'not interested after follow-ups', weight: 12, steps: (rnd) => [contact(), ...followups(rnd, 4), { kind: 'close' }] },
  { name: 'missed the payment deadline', weight: 8, steps: () => [contact(), { kind: 'order', deadlineMs: MISSED_DEADLINE_MS }, { kind: 'await-payment-failure' }] },
  {
    name: 'missed the deadline, then paid',
    weight: 5,
    steps: () => [contact(), { kind: 'order', deadlineMs: MISSED_DEADLINE_MS }, { kind: 'await-payment-failure' }, contact(), { kind: 'order', deadlineMs: 3 * DAY }, { kind: 'confirm' }],
  },
  { name: 'waiting for a follow-up', weight: 10, steps: (rnd) => [contact(), ...followups(rnd, 2).slice(0, -1)] },
  { name: 'waiting for payment', weight: 5, steps: () => [contact(), { kind: 'order', deadlineMs: 3 * DAY }] },
  { name: 'never reached', weight: 7, steps: () => [] },
];
const TOTAL_WEIGHT = JOURNEYS.reduce((n, j) => n + j.weight, 0);

class Random {
  constructor(private seed: number) {}
  /** mulberry32: small, fast, good enough for demo data. */
  next(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  journey(): Journey {
    let r = this.next() * TOTAL_WEIGHT;
    for (const j of JOURNEYS) if ((r -= j.weight) < 0) return j;
    return JOURNEYS[0] as Journey;
  }
}

class Api {
  constructor(private readonly baseUrl: string, private readonly key: string) {}

  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${String(json.type ?? '')} ${String(json.detail ?? '')}`.trim());
    return json;
  }
}

async function runJourney(api: Api, leadId: string, journey: Journey, rnd: Random): Promise<void> {
  const phone = () => `+1415555${String(rnd.int(0, 9999)).padStart(4, '0')}`;
  await api.call('POST', '/leads', { leadId, firstName: rnd.pick(FIRST_NAMES), lastName: rnd.pick(LAST_NAMES), phoneNumber: phone() });
  for (const step of journey.steps(rnd)) {
    const at = `/leads/${leadId}`;
    switch (step.kind) {
      case 'contact':
        await api.call('POST', `${at}/contacts`, {});
        break;
      case 'followup':
        await api.call('POST', `${at}/followups`, { followupOn: new Date(Date.now() + step.inDays * DAY).toISOString() });
        break;
      case 'details':
        await api.call('POST', `${at}/contact-details`, { firstName: rnd.pick(FIRST_NAMES), lastName: rnd.pick(LAST_NAMES), phoneNumber: phone() });
        break;
      case 'order':
        await api.call('POST', `${at}/orders`, { paymentDeadline: new Date(Date.now() + step.deadlineMs).toISOString() });
        break;
      case 'confirm':
        await api.call('POST', `${at}/payment-confirmations`, {});
        break;
      case 'close':
        await api.call('POST', `${at}/close`, { reason: rnd.pick(CLOSE_REASONS) });
        break;
      case 'await-payment-failure':
        // The process manager's durable timer records the failure once the deadline has passed.
        for (;;) {
          const view = (await api.call('GET', at)) as { lead?: { status?: string } };
          if (view.lead?.status === 'PAYMENT_FAILED') break;
          await new Promise((r) => setTimeout(r, 500));
        }
        break;
    }
  }
}

class ProgressBar {
  private done = 0;
  private failed = 0;
  private readonly started = Date.now();
  private lastLine = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly total: number) {}

  tick(ok: boolean): void {
    this.done += 1;
    if (!ok) this.failed += 1;
    this.render(false);
  }

  render(final: boolean): void {
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    const rate = this.done / Math.max(0.001, (Date.now() - this.started) / 1000);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} leads  ${rate.toFixed(1)}/s  ${this.failed} failed`;
    if (this.tty) {
      process.stderr.write(`\r${line}${final ? '\n' : ''}`);
    } else if ((final && this.lastLine < 10) || Math.floor((this.done * 10) / this.total) > this.lastLine) {
      // Not a terminal (a log file, CI): one line per tenth instead of redrawing.
      this.lastLine = Math.floor((this.done * 10) / this.total);
      process.stderr.write(`${line}\n`);
    }
  }
}

function target(): { baseUrl: string; key: string } {
  const config = loadConfig();
  const baseUrl = (process.env.API_URL ?? `http://${config.api.host}:${config.api.port}`).replace(/\/$/, '');
  return { baseUrl, key: apiKey(config) };
}

/** API_KEY, or the key `npm start` generated when API_KEYS is unset. */
function apiKey(config: ReturnType<typeof loadConfig>): string {
  if (process.env.API_KEY) return process.env.API_KEY;
  const file = join(config.dataDir, 'api-key');
  if (config.api.apiKeys !== undefined) {
    throw new ConfigError([{ variable: 'API_KEY', message: 'must be set when API_KEYS is: one of its keys with the commands and queries scopes' }]);
  }
  if (!existsSync(file)) {
    throw new ConfigError([{ variable: 'API_KEY', message: `is unset and ${file} does not exist: start the platform with npm start first, or set API_KEY` }]);
  }
  return readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? '50');
  if (!Number.isInteger(count) || count < 1 || count > 100_000) {
    console.error('usage: tsx scripts/generate-leads.ts N   (N: 1-100000 leads)');
    process.exitCode = 2;
    return;
  }
  const concurrency = Math.max(1, Number(process.env.CONCURRENCY ?? '8'));
  const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
  const { baseUrl, key } = target();
  const api = new Api(baseUrl, key);
  const rnd = new Random(seed);
  const runId = Date.now().toString(36);
  const plan = Array.from({ length: count }, (_, i) => ({ leadId: `gen-${runId}-${i + 1}`, journey: rnd.journey(), rnd: new Random(seed + i + 1) }));

  // One request first, so an unreachable API or a wrong key is one clear line rather than N failed leads.
  await api.call('GET', '/leads?limit=1');
  console.error(`generating ${count} leads against ${baseUrl} (seed ${seed}, ${concurrency} at a time)`);
  const bar = new ProgressBar(count);
  const errors: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < plan.length) {
        const { leadId, journey, rnd: own } = plan[next++] as (typeof plan)[number];
        try {
          await runJourney(api, leadId, journey, own);
          bar.tick(true);
        } catch (err) {
          errors.push(`${leadId} (${journey.name}): ${err instanceof Error ? err.message : String(err)}`);
          bar.tick(false);
        }
      }
    }),
  );
  bar.render(true);

  const planned = new Map<string, number>();
  for (const { journey } of plan) planned.set(journey.name, (planned.get(journey.name) ?? 0) + 1);
  console.log('journeys:');
  for (const [name, n] of planned) console.log(`  ${String(n).padStart(6)}  ${name}`);
  if (errors.length > 0) {
    console.log(`${errors.length} lead(s) failed; first ones:`);
    for (const e of errors.slice(0, 5)) console.log(`  ${e}`);
  }
  const report = (await api.call('GET', '/analytics/leads')) as { totalLeads: number; byStatus: Record<string, number> };
  console.log(`GET /analytics/leads: ${report.totalLeads} leads, by status ${JSON.stringify(report.byStatus)}`);
  if (errors.length > 0) process.exitCode = 1;
}

await runMain('generate-leads', main, { unreachable: 'start the platform with npm start, or point API_URL at a running API' });
