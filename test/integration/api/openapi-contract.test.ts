import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, startApiHarness, type ApiHarness, type LooseJson } from '../../support/api-harness';

let api: ApiHarness;
let doc: LooseJson;
beforeAll(async () => {
  api = await startApiHarness();
  doc = await readJson(await api.request('GET', '/openapi.json'));
});
afterAll(async () => { await api.close(); });

/** Every `pattern` in the document with where it is. */
function patterns(node: unknown, path = '#', out: { path: string; pattern: string }[] = []): { path: string; pattern: string }[] {
  if (Array.isArray(node)) node.forEach((v, i) => patterns(v, `${path}/${i}`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'pattern' && typeof v === 'string') out.push({ path: `${path}/${k}`, pattern: v });
      patterns(v, `${path}/${k}`, out);
    }
  }
  return out;
}

const operations = () =>
  Object.entries(doc.paths as LooseJson).flatMap(([path, item]) => Object.entries(item as LooseJson).map(([method, op]) => ({ path, method, op: op as LooseJson })));

describe('the OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const result = await new Validator({ allErrors: true }).validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('holds only patterns that compile as ECMA-262 expressions with the u flag, without JavaScript flags', () => {
    const found = patterns(doc);
    expect(found.length).toBeGreaterThan(5);
    const broken = found.filter(({ pattern }) => {
      try {
        new RegExp(pattern, 'u');
        return /[^\\]\/[a-z]+$/.test(pattern);
      } catch {
        return true;
      }
    });
    expect(broken).toEqual([]);
    expect(found.map((p) => p.pattern)).toContain("^\\p{L}[\\p{L}\\p{M}'’. -]*$");
  });

  it('declares for every operation the errors it can give, as problem documents', () => {
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses as LooseJson);
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['500', '503']));
      expect(statuses, `${method} ${path}`).not.toContain('default');
      if (op.security) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403', '429']));
      if (op.requestBody) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (path.includes('{')) expect(statuses, `${method} ${path}`).toContain('404');
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(Object.keys(op.responses[status].content), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
      expect(op.responses['503'].headers['Retry-After'], `${method} ${path}`).toBeDefined();
    }
  });

  it('documents the Idempotency-Key header where a command reads it', () => {
    const receipts = doc.paths['/inventory/{sku}/receipts'].post;
    const header = (receipts.parameters as LooseJson[]).find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
    expect(header?.description).toMatch(/at most once/);
    expect(doc.info.description).toMatch(/503 with Retry-After/);
  });

  it('says what the code enforces: a rejection needs a reason, a change needs a field, minVersion needs orderId', () => {
    const schemas = doc.components.schemas as LooseJson;
    expect(JSON.stringify(schemas.ReviewOrderRequest)).toContain('"required":["reason"]');
    expect(schemas.CustomerChanges.minProperties).toBe(1);
    const salesParams = doc.paths['/reports/sales-by-state'].get.parameters as LooseJson[];
    expect(salesParams.find((p) => p.name === 'minVersion')?.description).toMatch(/needs orderId/);
  });
});
