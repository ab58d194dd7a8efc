import { DiagnosticSeverity, Parser, type Input } from '@asyncapi/parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
// The harness first: it loads the API, whose OpenAPI extension must patch zod before any schema is built.
import { readJson, startApiHarness, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { PUBLIC_MESSAGES } from '../../../shared/domain/message-catalog';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.close();
});

describe('the published language for tools', () => {
  it('GET /catalog/messages lists every type and version with its kind, why, status and personal fields', async () => {
    const res = await api.request('GET', '/catalog/messages');
    expect(res.status).toBe(200);
    const { items } = await readJson(res);
    expect(items.flatMap((t: LooseJson) => t.versions.map((v: LooseJson) => `${t.type}@v${v.version}`)).sort()).toEqual(PUBLIC_MESSAGES.map((d) => `${d.type}@v${d.version}`).sort());
    const payments = items.find((t: LooseJson) => t.type === 'payments.payment-authorized');
    expect(payments.versions).toMatchObject([
      { version: 1, kind: 'domain-event', status: 'deprecated', retiresOn: '2027-06-30', derivedFrom: ['payment-authorized'] },
      { version: 2, kind: 'domain-event', status: 'current' },
    ]);
    const customer = items.find((t: LooseJson) => t.type === 'crm.customer-changed').versions[0];
    expect(customer).toMatchObject({ kind: 'state-transfer', transfer: 'delta', personalData: expect.arrayContaining(['changes.email', 'customerId']) });
    for (const t of items) for (const v of t.versions) expect(v.why.length).toBeGreaterThan(20);
  });

  it('serves each payload JSON Schema, which accepts what the contract accepts', async () => {
    const res = await api.request('GET', '/catalog/messages/payments.payment-authorized/versions/2/schema');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/schema+json');
    const schema = await readJson(res);
    expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', title: 'payments.payment-authorized v2 payload', required: ['orderId', 'amount', 'authorizationId'] });
    const validate = z.fromJSONSchema(schema);
    expect(validate.safeParse({ orderId: 'o-1', amount: { amountCents: 10, currency: 'USD' }, authorizationId: 'auth_1' }).success).toBe(true);
    expect(validate.safeParse({ orderId: 'o-1', amountCents: 10, currency: 'USD', authorizationId: 'auth_1' }).success).toBe(false);
    expect((await api.request('GET', '/catalog/messages/payments.payment-authorized/versions/9/schema')).status).toBe(404);
    expect((await api.request('GET', '/catalog/messages/order-confirmed/versions/1/schema')).status).toBe(404);
  });

  // Fetched once: validating takes seconds, long enough for the server to drop an idle keep-alive socket the next fetch would reuse.
  let asyncApi: LooseJson;

  it('GET /asyncapi.json is a valid AsyncAPI 3 document with a channel per message version', async () => {
    asyncApi = await readJson(await api.request('GET', '/asyncapi.json'));
    const doc = structuredClone(asyncApi);
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels).sort()).toEqual(PUBLIC_MESSAGES.map((d) => `${d.type}.v${d.version}`).sort());
    const diagnostics = await new Parser().validate(doc as Input);
    expect(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.message} @ ${d.path.join('/')}`)).toEqual([]);
    const { document } = await new Parser().parse(doc as Input);
    expect(document?.operations().all().length).toBe(PUBLIC_MESSAGES.length);
  });

  it('the validator bites: a broken document has errors', async () => {
    const doc = structuredClone(asyncApi);
    const channel = Object.values(doc.channels as Record<string, LooseJson>)[0]!;
    const message = Object.values(channel.messages as Record<string, LooseJson>)[0]!;
    message.payload.properties.version.minimum = 'one';
    const diagnostics = await new Parser().validate(doc as Input);
    expect(diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)).toBe(true);
  });
});
