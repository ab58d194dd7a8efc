import { createHmac } from 'node:crypto';

/**
 * Keyed hashes for personal values in analytical outputs: HMAC-SHA256 under a secret key,
 * truncated to 128 bits. The same value gives the same pseudonym (counting distinct customers
 * and joining products still work); without the key nobody can test a guess. `of` separates
 * kinds of value, so a customer id and a lead id that happen to be equal do not collide.
 */
export class Pseudonymiser {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new RangeError('a pseudonymisation key needs at least 32 bytes');
  }

  pseudonym(of: string, value: string): string {
    return createHmac('sha256', this.key).update(of).update('\0').update(value).digest('hex').slice(0, 32);
  }
}
