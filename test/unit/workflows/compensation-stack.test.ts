import { describe, expect, it } from 'vitest';
import { CompensationStack } from '../../../workflows/kernel/compensation-stack';

const describeError = (err: unknown) => (err instanceof Error ? err.message : String(err));

function stackOf(...steps: string[]) {
  const ran: string[] = [];
  const stack = new CompensationStack();
  for (const step of steps) stack.register(step, async () => { ran.push(step); return { undone: true }; });
  return { stack, ran };
}

describe('CompensationStack', () => {
  it('runs compensations newest first, each once', async () => {
    const { stack, ran } = stackOf('reserve-stock:A', 'authorize-payment', 'schedule-shipment');
    const heard: [string, unknown][] = [];
    const outcome = await stack.unwind(describeError, (step, result) => heard.push([step, result]));
    expect(ran).toEqual(['schedule-shipment', 'authorize-payment', 'reserve-stock:A']);
    expect(outcome).toEqual({ compensated: ['schedule-shipment', 'authorize-payment', 'reserve-stock:A'], failed: [] });
    expect(heard).toEqual([['schedule-shipment', { undone: true }], ['authorize-payment', { undone: true }], ['reserve-stock:A', { undone: true }]]);
    expect(await stack.unwind(describeError)).toEqual({ compensated: [], failed: [] });
    expect(ran).toHaveLength(3);
  });

  it('does nothing when nothing was registered', async () => {
    expect(await new CompensationStack().unwind(describeError)).toEqual({ compensated: [], failed: [] });
  });

  it('keeps going past a failed compensation, reports it, and retries only what failed', async () => {
    let fixed = false;
    const ran: string[] = [];
    const stack = new CompensationStack();
    stack.register('reserve-stock:A', async () => { ran.push('release'); });
    stack.register('authorize-payment', async () => {
      ran.push('void');
      if (!fixed) throw new Error('gateway refused');
    });
    stack.register('award-loyalty-points', async () => { ran.push('revoke'); });

    expect(await stack.unwind(describeError)).toEqual({ compensated: ['award-loyalty-points', 'reserve-stock:A'], failed: [{ step: 'authorize-payment', reason: 'gateway refused' }] });
    expect(stack.failures).toEqual([{ step: 'authorize-payment', reason: 'gateway refused' }]);

    expect(await stack.unwind(describeError)).toEqual({ compensated: [], failed: [{ step: 'authorize-payment', reason: 'gateway refused' }] });
    fixed = true;
    expect(await stack.unwind(describeError)).toEqual({ compensated: ['authorize-payment'], failed: [] });
    expect(stack.failures).toEqual([]);
    expect(ran).toEqual(['revoke', 'void', 'release', 'void', 'void']);
  });

  it('lets a later step change how an earlier one is undone, keeping its place', async () => {
    const ran: string[] = [];
    const stack = new CompensationStack();
    stack.register('authorize-payment', async () => { ran.push('void'); });
    stack.register('schedule-shipment', async () => { ran.push('cancel shipment'); });
    stack.replace('authorize-payment', async () => { ran.push('refund'); });
    await stack.unwind(describeError);
    expect(ran).toEqual(['cancel shipment', 'refund']);
    expect(stack.has('authorize-payment')).toBe(true);
    expect(() => stack.replace('capture-payment', async () => undefined)).toThrow(/no compensation registered/);
  });
});
