import type { DataProduct } from './data-product-definition';
import { governanceViolations, type GovernanceViolation, type PersonalFieldsOf } from './governance-rules';

export class GovernanceError extends Error {
  override readonly name = 'GovernanceError';
  constructor(readonly violations: readonly GovernanceViolation[]) {
    super(`data products break the governance rules:\n  ${violations.map((v) => `${v.product} [${v.rule}] ${v.detail}`).join('\n  ')}`);
  }
}

/**
 * Every data product of the platform: what `GET /data-products` lists and the analytical worker
 * keeps. Built only from products that obey the governance rules (a process refuses to start
 * otherwise; CI runs the same check with fixtures that break each rule).
 */
export class DataProductCatalogue {
  private readonly byName: ReadonlyMap<string, DataProduct>;

  constructor(
    readonly products: readonly DataProduct[],
    personalFieldsOf?: PersonalFieldsOf,
  ) {
    const violations = products.flatMap((p) => governanceViolations(p, personalFieldsOf));
    const names = products.map((p) => p.name);
    for (const name of new Set(names)) {
      if (names.filter((n) => n === name).length > 1) violations.push({ product: name, rule: 'names', detail: 'declared twice' });
    }
    if (violations.length > 0) throw new GovernanceError(violations);
    this.byName = new Map(products.map((p) => [p.name, p]));
  }

  find(name: string): DataProduct | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
