import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from 'mongodb';
import { CARD_VAULT_COLLECTION, CardVault } from '../../../shared/adapters/card-vault';
import { KeyRing } from '../../../shared/platform/crypto/key-ring';
import { SealedBoxError } from '../../../shared/platform/crypto/sealed-box';
import { TEST_DATA_KEYS } from '../../support/data-keys';
import { useTestDatabase } from '../../support/mongo';

const CARD = { number: '4000000000009995', expiryMonth: 11, expiryYear: 2031 };
let db: Db;
beforeAll(async () => { db = (await useTestDatabase('vault')).db; });

describe('card vault', () => {
  it('keeps the card encrypted at rest and gives it back for its token', async () => {
    const vault = new CardVault(db, TEST_DATA_KEYS);
    const { cardToken, cardLast4 } = await vault.store(CARD);
    expect(cardLast4).toBe('9995');
    const stored = JSON.stringify(await db.collection(CARD_VAULT_COLLECTION).find({}).toArray());
    expect(stored).not.toContain(CARD.number);
    expect(stored).toContain('AES-256-GCM');
    expect(await vault.reveal(cardToken)).toEqual(CARD);
    expect(await vault.reveal('card_unknown')).toBeNull();
  });

  it('stores one copy however often the same card is stored, and a copy per card', async () => {
    const vault = new CardVault(db, TEST_DATA_KEYS);
    const card = { number: '4242424242424242', expiryMonth: 1, expiryYear: 2032 };
    const tokens = await Promise.all(Array.from({ length: 5 }, () => vault.store(card)));
    expect(new Set(tokens.map((t) => t.cardToken)).size).toBe(1);
    const other = await vault.store({ ...card, expiryYear: 2033 });
    expect(other.cardToken).not.toBe(tokens[0]?.cardToken);
    expect(await db.collection(CARD_VAULT_COLLECTION).countDocuments({ _id: { $in: [tokens[0]?.cardToken, other.cardToken] } } as never)).toBe(2);
  });

  it('opens cards stored before a key rotation, and refuses a sealed card moved under another token', async () => {
    const before = await new CardVault(db, TEST_DATA_KEYS).store({ ...CARD, expiryYear: 2040 });
    const rotated = new KeyRing([{ id: 'test2', key: randomBytes(32) }, ...TEST_DATA_KEYS.keys]);
    const vault = new CardVault(db, rotated);
    expect(await vault.reveal(before.cardToken)).toEqual({ ...CARD, expiryYear: 2040 });
    const after = await vault.store({ ...CARD, expiryYear: 2040 });
    expect(after.cardToken).not.toBe(before.cardToken);

    const cards = db.collection<{ _id: string; card: unknown }>(CARD_VAULT_COLLECTION);
    const box = (await cards.findOne({ _id: before.cardToken }))?.card;
    await cards.insertOne({ _id: 'card_moved', card: box });
    await expect(vault.reveal('card_moved')).rejects.toThrow(SealedBoxError);
  });
});
