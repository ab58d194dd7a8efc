import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import type { PaymentCard } from '../domain/payments/payment-gateway';

/**
 * Stand-in for a payment provider's tokenization: the API exchanges card details for a
 * token at the edge, so the card number never enters workflow history, events or logs.
 * With a real provider the client tokenizes directly and this vault is not used.
 */
export class CardVault {
  private readonly cards;

  constructor(db: Db) {
    this.cards = db.collection<{ _id: string; card: PaymentCard; storedAt: Date }>('payment_card_vault');
  }

  async store(card: PaymentCard): Promise<{ cardToken: string; cardLast4: string }> {
    const cardToken = `card_${randomBytes(18).toString('base64url')}`;
    await this.cards.insertOne({ _id: cardToken, card, storedAt: new Date() });
    return { cardToken, cardLast4: card.number.slice(-4) };
  }

  async reveal(cardToken: string): Promise<PaymentCard | null> {
    const doc = await this.cards.findOne({ _id: cardToken });
    return doc?.card ?? null;
  }
}
