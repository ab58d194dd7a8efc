import { afterAll, describe, expect, it } from 'vitest';
import { dataProductCatalogue } from '../../../shared/domain/data-product-catalog';
import { stockMovementsDataProduct } from '../../../shared/domain/inventory/data-products/stock-movements-data-product';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { localPort, type LocalPort } from './local-port';

const opened: LocalPort[] = [];
afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
});

describe('named queries', () => {
  it.each(dataProductCatalogue.products.flatMap((p) => p.queries.map((q) => [p.name, q.name] as const)))('%s %s runs with its default parameters on an empty port', async (name, query) => {
    const port = await localPort(dataProductCatalogue.find(name)!, []);
    opened.push(port);
    const rows = await port.query(query);
    expect(Array.isArray(rows)).toBe(true);
  });

  it('inventory.stock-movements: units per movement and day, net change on hand, refused reservations', async () => {
    const source = stockMovementsDataProduct.source;
    if (source.kind !== 'stored-events') throw new Error('stored-events expected');
    const at = (day: string) => new Date(`${day}T10:00:00.000Z`);
    const events = [
      ['stock-received', { sku: 'WIDGET', quantity: 10, availableAfter: 10 }, '2025-03-03'],
      ['stock-reserved', { sku: 'WIDGET', orderId: 'o1', quantity: 3, availableAfter: 7 }, '2025-03-03'],
      ['stock-reservation-committed', { sku: 'WIDGET', orderId: 'o1', quantity: 3, onHandAfter: 7 }, '2025-03-04'],
      ['stock-reserved', { sku: 'WIDGET', orderId: 'o2', quantity: 2, availableAfter: 5 }, '2025-03-04'],
      ['stock-released', { sku: 'WIDGET', orderId: 'o2', quantity: 2, reason: 'payment-declined', availableAfter: 7 }, '2025-03-04'],
      ['stock-reservation-failed', { sku: 'WIDGET', orderId: 'o3', requested: 50, available: 7 }, '2025-03-04'],
    ] as const;
    const entries = await Promise.all(events.map(async ([type, payload, day], i) => {
      const event = { type, payload, streamId: 'stock-WIDGET', version: i + 1, timestamp: at(day) } as unknown as EventEnvelope;
      return { streamId: event.streamId, version: event.version, rows: await source.rows(event, { history: async () => [] }) };
    }));
    const port = await localPort(stockMovementsDataProduct, entries);
    opened.push(port);
    expect(await port.query('movements-by-sku', { from: '2025-03-01', to: '2025-03-31' })).toEqual([
      { period: '2025-03-03', sku: 'WIDGET', received: 10, reserved: 3, released: 0, committed: 0, onHandChange: 10 },
      { period: '2025-03-04', sku: 'WIDGET', received: 0, reserved: 2, released: 2, committed: 3, onHandChange: -3 },
    ]);
    expect(await port.query('movements-by-sku', { from: '2025-03-01', to: '2025-03-31', groupBy: 'month', sku: 'WIDGET' })).toEqual([
      { period: '2025-03-01', sku: 'WIDGET', received: 10, reserved: 5, released: 2, committed: 3, onHandChange: 7 },
    ]);
    expect(await port.query('reservation-failures', { from: '2025-03-01', to: '2025-03-31', groupBy: 'week' })).toEqual([{ period: '2025-03-03', sku: 'WIDGET', failures: 1, unitsRequested: 50 }]);
  });
});
