/** Sizes of one run; the full run stays well under ten minutes on 2 cores (quick: about a minute). */
export interface OrderSagaBenchConfig {
  readonly quick: boolean;
  /** Measured operations per workload (orders; bare workflows; direct sagas). */
  readonly orders: number;
  /** Operations in flight at once, per workload (closed loop). */
  readonly concurrency: number;
  /** Measured operations are split into this many rounds, alternating the workloads. */
  readonly rounds: number;
  /** Unmeasured operations per workload before the first round. */
  readonly warmup: number;
  /** Activities of the bare workflow: as many as the saga runs for a one-line order. */
  readonly bareActivities: number;
  /** Sagas started through the Temporal client directly, to isolate the REST layer's share (0: none). */
  readonly directOrders: number;
}

const USAGE = 'usage: npx tsx bench/order-saga.ts [--quick] [--orders N] [--concurrency C] [--rounds R] [--direct N]';

export function parseArgs(argv: readonly string[]): OrderSagaBenchConfig {
  const quick = argv.includes('--quick');
  const number = (flag: string, fallback: number, min: number, max: number): number => {
    const at = argv.indexOf(flag);
    if (at < 0) return fallback;
    const value = Number(argv[at + 1]);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${flag} must be an integer in [${min}, ${max}]\n${USAGE}`);
    return value;
  };
  const known = new Set(['--quick', '--orders', '--concurrency', '--rounds', '--direct']);
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a) && !known.has(argv[i - 1] ?? ''));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')}\n${USAGE}`);

  const orders = number('--orders', quick ? 40 : 200, 1, 5_000);
  const concurrency = number('--concurrency', 8, 1, 256);
  const rounds = Math.min(orders, number('--rounds', quick ? 2 : 4, 1, 20));
  return {
    quick,
    orders,
    concurrency,
    rounds,
    warmup: Math.max(concurrency, quick ? 8 : 2 * concurrency),
    bareActivities: 8,
    // A tenth of the orders (at least 2C): enough for a mean; each saga costs seconds of CPU.
    directOrders: number('--direct', Math.min(orders, Math.max(2 * concurrency, Math.ceil(orders / 10))), 0, 5_000),
  };
}
