import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { PUBLIC_MESSAGES, publicMessageCatalogue, STORED_EVENT_TYPES } from '../../../shared/domain/message-catalog';
import { CatalogueError, MessageCatalogue } from '../../../shared/platform/messaging/message-catalogue';
import { defineMessage, MESSAGE_KINDS, personalData, type MessageDefinition } from '../../../shared/platform/messaging/message-definition';

type Thing = { readonly type: 'thing-happened'; readonly payload: { readonly id: string } };
const base = {
  type: 'things.thing-happened', version: 1, context: 'things', kind: 'domain-event', description: 'd', why: 'w',
  schema: z.object({ id: z.string() }), derivedFrom: ['thing-happened'], translate: () => ({ id: 'x' }),
} as const;
const make = (over: Record<string, unknown>): MessageDefinition => defineMessage<Thing, z.ZodType>({ ...base, ...over } as never);

describe('the public message catalogue', () => {
  it('publishes at least one message of each kind, and something from every context', () => {
    expect(new Set(PUBLIC_MESSAGES.map((d) => d.kind))).toEqual(new Set(MESSAGE_KINDS));
    expect(new Set(PUBLIC_MESSAGES.map((d) => d.context))).toEqual(new Set(['ordering', 'inventory', 'payments', 'shipping', 'loyalty', 'crm']));
    expect(PUBLIC_MESSAGES.filter((d) => d.kind === 'state-transfer').map((d) => 'transfer' in d && d.transfer).sort()).toEqual(['delta', 'delta', 'delta', 'delta', 'delta', 'full', 'full']);
  });

  it('derives every message from stored event types, never naming a public type after one', () => {
    for (const d of PUBLIC_MESSAGES) {
      for (const t of d.derivedFrom) expect(STORED_EVENT_TYPES.has(t), `${d.type} derives from ${t}`).toBe(true);
      expect(STORED_EVENT_TYPES.has(d.type)).toBe(false);
    }
  });

  it('finds the personal fields marked in the schemas, and none in notifications', () => {
    const personal = (type: string, version = 1) => publicMessageCatalogue.personalDataOf(publicMessageCatalogue.find(type, version) as MessageDefinition);
    expect(personal('crm.customer-changed')).toEqual(['changes.email', 'changes.name', 'changes.phone', 'changes.shippingAddress', 'customerId']);
    expect(personal('ordering.order-confirmed')).toEqual(['customerId']);
    for (const d of PUBLIC_MESSAGES.filter((m) => m.kind === 'notification')) expect(publicMessageCatalogue.personalDataOf(d)).toEqual([]);
  });

  it('says which versions are current, deprecated or retired', () => {
    const v1 = publicMessageCatalogue.find('payments.payment-authorized', 1) as MessageDefinition;
    expect(v1.retiresOn).toBe('2027-06-30');
    expect(publicMessageCatalogue.status(v1, new Date('2027-06-30T23:59:59Z'))).toBe('deprecated');
    expect(publicMessageCatalogue.status(v1, new Date('2027-07-01T00:00:00Z'))).toBe('retired');
    expect(publicMessageCatalogue.published(new Date('2027-07-01T00:00:00Z')).some((d) => d === v1)).toBe(false);
  });

  it('classifies what a subscription may not name', () => {
    const refusals = publicMessageCatalogue.refusals(
      [
        { type: 'ordering.order-status-changed', version: 1 },
        { type: 'order-confirmed', version: 1 },
        { type: 'ordering.nothing-happened', version: 1 },
        { type: 'ordering.order-status-changed', version: 9 },
        { type: 'payments.payment-authorized', version: 1 },
      ],
      STORED_EVENT_TYPES,
      new Date('2030-01-01T00:00:00Z'),
    );
    expect(refusals.map((r) => r.reason)).toEqual(['stored-event-type', 'unknown-type', 'unknown-version', 'retired-version']);
  });

  it('enforces the governance rules when it is built', () => {
    expect(() => new MessageCatalogue([make({})])).not.toThrow();
    const refused = (over: Record<string, unknown>) => () => new MessageCatalogue([make(over)]);
    expect(refused({ type: 'thing-happened' })).toThrow(CatalogueError);
    expect(refused({ type: 'other.thing-happened' })).toThrow(/owning context/);
    expect(refused({ derivedFrom: [] })).toThrow(/stored event/);
    expect(refused({ retiresOn: '2030-01-01' })).toThrow(/no newer version/);
    expect(refused({ kind: 'notification', schema: z.object({ id: z.string(), link: z.string(), email: personalData(z.string()) }) })).toThrow(/personal data/);
    expect(refused({ kind: 'notification' })).toThrow(/link/);
    expect(refused({ schema: z.object({ at: z.date() }) })).toThrow(/JSON Schema/);
    expect(() => new MessageCatalogue([make({}), make({})])).toThrow(/twice/);
  });
});
