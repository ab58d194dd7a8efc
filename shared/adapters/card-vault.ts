import { createHmac, hkdfSync } from 'node:crypto';
import type { Db } from 'mongodb';
import type { KeyRing } from '../platform/crypto/key-ring';
import { openText, sealText, type SealedBox } from '../platform/crypto/sealed-box';
import { insertOnce } from '../platform/mongo/insert-once';
import type { PaymentCard } from '../domain/payments/payment-gateway';

export const CARD_VAULT_COLLECTION = 'payment_card_vault';

interface VaultDocument {
  _id: string;
  /** The card as JSON, sealed under the data key ring (a plain PaymentCard in vaults written before encryption). */
  card: SealedBox | PaymentCard;
  storedAt: Date;
}

/**
 * Stand-in for a payment provider's tokenization: the API exchanges card details for a
 * token at the edge, so the card number never enters workflow history, events or logs.
 * With a real provider the client tokenizes directly and this vault is not used.
 *
 * Cards are encrypted at rest (AES-256-GCM under the data keys). The token is a keyed hash of
 * the card, so storing the same card again (an idempotent repeat of an order) finds the
 * document already there and writes no second copy; after a key rotation a card gets a new
 * token, while tokens issued before still open under the older key.
 */
export class CardVault {
  private readonly cards;

  constructor(
    db: Db,
    private readonly keys: KeyRing,
  ) {
    this.cards = db.collection<VaultDocument>(CARD_VAULT_COLLECTION);
  }

  async store(card: PaymentCard): Promise<{ cardToken: string; cardLast4: string }> {
    const plain: PaymentCard = { number: card.number, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear };
    const cardToken = this.tokenFor(plain);
    await insertOnce(this.cards, { _id: cardToken, card: sealText(this.keys, JSON.stringify(plain), sealContext(cardToken)), storedAt: new Date() });
    return { cardToken, cardLast4: card.number.slice(-4) };
  }

  async reveal(cardToken: string): Promise<PaymentCard | null> {
    const doc = await this.cards.findOne({ _id: cardToken });
    if (!doc) return null;
    if ('number' in doc.card) return doc.card;
    return JSON.parse(openText(this.keys, doc.card, sealContext(cardToken))) as PaymentCard;
  }

  private tokenFor(card: PaymentCard): string {
    const { id, key } = this.keys.current;
    const tokenKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'card-vault-token', 32));
    const digest = createHmac('sha256', tokenKey).update(`${card.number}|${card.expiryMonth}|${card.expiryYear}`).digest('base64url');
    return `card_${id}_${digest.slice(0, 32)}`;
  }
}

/** Bound into each sealed card, so a box copied under another token does not open. */
function sealContext(cardToken: string): string {
  return `${CARD_VAULT_COLLECTION}:${cardToken}`;
}
