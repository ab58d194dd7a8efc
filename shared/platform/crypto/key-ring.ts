/** A named 256-bit data key. */
export interface DataKey {
  readonly id: string;
  readonly key: Buffer;
}

export class KeyRingError extends Error {
  override readonly name = 'KeyRingError';
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * The data keys of a deployment: the first encrypts, every key decrypts, so that after a
 * rotation (a new key put first) what was written under an older key stays readable. Parsed
 * from `id:base64key,olderid:base64key` (each key 32 bytes).
 */
export class KeyRing {
  private readonly byId: ReadonlyMap<string, DataKey>;

  constructor(readonly keys: readonly DataKey[]) {
    if (keys.length === 0) throw new KeyRingError('a key ring needs at least one key');
    const byId = new Map<string, DataKey>();
    for (const k of keys) {
      if (!KEY_ID.test(k.id)) throw new KeyRingError(`key id '${k.id}' must be 1-32 letters, digits, _ or -`);
      if (k.key.length !== 32) throw new KeyRingError(`key '${k.id}' must be 32 bytes (base64 of 32 random bytes), not ${k.key.length}`);
      if (byId.has(k.id)) throw new KeyRingError(`key id '${k.id}' appears twice`);
      byId.set(k.id, k);
    }
    this.byId = byId;
  }

  static parse(spec: string): KeyRing {
    const keys = spec.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
      const sep = entry.indexOf(':');
      if (sep <= 0) throw new KeyRingError('each key must be written id:base64key');
      return { id: entry.slice(0, sep), key: Buffer.from(entry.slice(sep + 1), 'base64') };
    });
    return new KeyRing(keys);
  }

  /** The key new data is encrypted with. */
  get current(): DataKey {
    return this.keys[0] as DataKey;
  }

  get(id: string): DataKey | undefined {
    return this.byId.get(id);
  }
}
