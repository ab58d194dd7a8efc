import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;
const TOP_LEVEL = ['workflows', 'activities', 'workers', 'api', 'shared'];

async function cruiseTree(baseDir: string, folders: readonly string[]): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
  const { output } = await cruise([...folders], { ...options, baseDir, tsConfig: { fileName: join(ROOT, 'tsconfig.json') } });
  return output as ICruiseResult;
}

/** The rules broken in `baseDir`, as "rule: from -> to". */
async function violations(baseDir: string, folders: readonly string[]): Promise<string[]> {
  return (await cruiseTree(baseDir, folders)).summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('the dependency rule between folders (ARCHITECTURE.md)', () => {
  it('holds for the whole product', async () => {
    const result = await cruiseTree(ROOT, TOP_LEVEL);
    // The check only means something if imports resolved: the relay must be seen reading the store's feed.
    const relay = result.modules.find((m) => m.source === 'shared/platform/outbox/outbox-relay.ts');
    expect(relay?.dependencies.map((d) => d.resolved)).toContain('shared/platform/event-store/commit-feed.ts');
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  describe('bites', () => {
    const dirs: string[] = [];
    afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

    /** A throw-away tree of files whose content is a list of imports. */
    function tree(files: Record<string, string[]>): string {
      const dir = mkdtempSync(join(tmpdir(), 'dependency-rule-'));
      dirs.push(dir);
      for (const [path, imports] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), `${imports.map((i) => `import '${i}';`).join('\n')}\nexport const x = 1;\n`);
      }
      return dir;
    }

    it('when a mechanism imports the domain', async () => {
      const dir = tree({
        'shared/platform/outbox/relay.ts': ['../../domain/ordering/order.ts'],
        'shared/domain/ordering/order.ts': [],
      });
      expect(await violations(dir, ['shared'])).toContainEqual(expect.stringMatching(/^platform-knows-no-domain: shared\/platform\/outbox\/relay.ts/));
    });

    it('when the event store uses another mechanism', async () => {
      const dir = tree({
        'shared/platform/event-store/store.ts': ['../outbox/relay.ts'],
        'shared/platform/outbox/relay.ts': [],
      });
      expect(await violations(dir, ['shared'])).toContainEqual(expect.stringMatching(/^event-store-stands-alone:/));
    });

    it('when the API imports a worker or a workflow\'s internals', async () => {
      const dir = tree({
        'api/routes/orders.ts': ['../../workers/projector.ts', '../../workflows/ordering/saga.ts', '../../workflows/ordering/saga-contract.ts'],
        'workers/projector.ts': [],
        'workflows/ordering/saga.ts': [],
        'workflows/ordering/saga-contract.ts': [],
      });
      const found = await violations(dir, ['api', 'workers', 'workflows']);
      expect(found).toContainEqual(expect.stringMatching(/^nothing-imports-a-worker: api\/routes\/orders.ts -> workers\/projector.ts/));
      expect(found).toContainEqual(expect.stringMatching(/^api-sees-workflow-contracts-only: api\/routes\/orders.ts -> workflows\/ordering\/saga.ts/));
      expect(found.filter((v) => v.includes('saga-contract'))).toEqual([]);
    });

    it("when the console's browser code imports the product, or the product imports it", async () => {
      const dir = tree({
        'api/console/web/src/main.ts': ['../../../../shared/domain/order.ts', './ui.ts'],
        'api/console/web/src/ui.ts': [],
        'api/console/routes.ts': ['./web/src/ui.ts'],
        'shared/domain/order.ts': [],
      });
      const found = await violations(dir, ['api', 'shared']);
      expect(found).toContainEqual('console-front-end-stands-alone: api/console/web/src/main.ts -> shared/domain/order.ts');
      expect(found).toContainEqual('nothing-imports-the-console-front-end: api/console/routes.ts -> api/console/web/src/ui.ts');
      expect(found.filter((v) => v.includes('main.ts -> api/console/web/src/ui.ts'))).toEqual([]);
    });

    it("when a context's view reads another context's internals instead of its published messages", async () => {
      const dir = tree({
        'shared/domain/ordering/views/summary.ts': ['../../payments/payment/payment-events.ts', '../../payments/messages/payment-status-changed.ts', '../order/order-events.ts', '../../kernel/money.ts'],
        'shared/domain/payments/payment/payment-events.ts': [],
        'shared/domain/payments/messages/payment-status-changed.ts': [],
        'shared/domain/ordering/order/order-events.ts': [],
        'shared/domain/kernel/money.ts': [],
      });
      const found = (await violations(dir, ['shared'])).filter((v) => v.startsWith('views-read-other-contexts-through-contracts:'));
      expect(found).toEqual(['views-read-other-contexts-through-contracts: shared/domain/ordering/views/summary.ts -> shared/domain/payments/payment/payment-events.ts']);
    });

    it('when two folders import each other, even with no cycle between files', async () => {
      const dir = tree({
        'shared/platform/a/one.ts': ['../b/one.ts'],
        'shared/platform/b/one.ts': [],
        'shared/platform/b/two.ts': ['../a/two.ts'],
        'shared/platform/a/two.ts': [],
      });
      const found = await violations(dir, ['shared']);
      expect(found).toContainEqual(expect.stringMatching(/^no-folder-cycles: shared\/platform\/a -> shared\/platform\/b/));
      expect(found.filter((v) => v.startsWith('no-module-cycles'))).toEqual([]);
    });
  });
});
