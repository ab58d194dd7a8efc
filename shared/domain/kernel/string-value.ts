/**
 * Base of the string-valued value objects (Sku, OrderId, EmailAddress...): immutable,
 * compared by value, serialised as the bare string so that it can sit in a JSON payload.
 */
export abstract class StringValue {
  protected constructor(readonly value: string) {
    Object.freeze(this);
  }

  equals(other: StringValue): boolean {
    return other.constructor === this.constructor && other.value === this.value;
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}
