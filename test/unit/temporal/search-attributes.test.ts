import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_SEARCH_ATTRIBUTES } from '../../../shared/temporal/search-attributes';

describe('search attributes', () => {
  it('are registered by the stack scripts exactly as the code defines them', () => {
    const registered = readFileSync(new URL('../../../scripts/search-attributes.txt', import.meta.url), 'utf8')
      .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const typeNames: Record<string, string> = { DOUBLE: 'Double', KEYWORD: 'Keyword', INT: 'Int', BOOL: 'Bool', TEXT: 'Text', DATETIME: 'Datetime' };
    const defined = ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name}=${typeNames[k.type] ?? String(k.type)}`);
    expect(registered.sort()).toEqual(defined.sort());
  });
});
