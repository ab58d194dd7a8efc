import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEAD_SEARCH_ATTRIBUTES } from '../../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { ORDER_SEARCH_ATTRIBUTES } from '../../../workflows/ordering/order-fulfilment/order-fulfilment-contract';

const ALL_SEARCH_ATTRIBUTES = [...ORDER_SEARCH_ATTRIBUTES, ...LEAD_SEARCH_ATTRIBUTES];

describe('search attributes', () => {
  it('are registered by the stack scripts exactly as the code defines them', () => {
    const registered = readFileSync(new URL('../../../scripts/search-attributes.txt', import.meta.url), 'utf8')
      .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const typeNames: Record<string, string> = { DOUBLE: 'Double', KEYWORD: 'Keyword', INT: 'Int', BOOL: 'Bool', TEXT: 'Text', DATETIME: 'Datetime' };
    const defined = ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name}=${typeNames[k.type] ?? String(k.type)}`);
    expect(registered.sort()).toEqual(defined.sort());
  });
});
