import { stockDecider } from '../../shared/domain/inventory/stock/stock-decider';
import { stockStreamId } from '../../shared/domain/inventory/stock/stock-stream';
import type { OrderFulfilmentActivities } from '../ordering/order-fulfilment-activities';
import { clip } from '../ordering/order-activities';
import type { CommandRunner } from '../kernel/command-runner';
import { isDomainRejection } from '../../shared/domain/kernel/domain-rejection';

type StockActivities = Pick<OrderFulfilmentActivities, 'reserveStock' | 'releaseStock'> & {
  commitStockReservations(input: { orderId: string; correlationId: string; skus: readonly string[] }): Promise<void>;
};

export function createStockActivities(runner: CommandRunner): StockActivities {
  const stock = runner.repository(stockDecider, 'stock-v1');
  return {
    reserveStock: async ({ orderId, correlationId, sku, quantity }) => {
      try {
        await runner.run(stock, stockStreamId(sku), { type: 'reserve-stock', sku, orderId, quantity }, { correlationId });
      } catch (err) {
        if (isDomainRejection(err) && err.code === 'insufficient-stock') {
          // Recorded so the history and the read side show the refusal, then refused. If stock
          // arrived meanwhile the record is itself refused ('stock-available'): nothing to record.
          await runner
            .run(stock, stockStreamId(sku), { type: 'record-stock-reservation-failure', sku, orderId, quantity }, { correlationId, keySuffix: 'failure' })
            .catch((recordErr: unknown) => { if (!isDomainRejection(recordErr)) throw recordErr; });
        }
        throw err;
      }
    },
    // Nothing to undo when the order holds no reservation (the reservation was refused, or released already).
    releaseStock: async ({ orderId, correlationId, sku, reason }) => {
      const { events } = await runner.run(stock, stockStreamId(sku), { type: 'release-stock', sku, orderId, reason: clip(reason) }, { correlationId });
      return { undone: events.length > 0 };
    },
    commitStockReservations: async ({ orderId, correlationId, skus }) => {
      for (const sku of skus) {
        await runner.run(stock, stockStreamId(sku), { type: 'commit-stock-reservation', sku, orderId }, { correlationId, keySuffix: sku });
      }
    },
  };
}
