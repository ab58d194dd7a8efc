/**
 * A command refused by an aggregate for a business reason (insufficient stock, payment
 * declined, invalid transition...). Events are never rejected; only commands are.
 * `code` is stable kebab-case and becomes the Temporal failure type and the API's problem type.
 */
export class DomainRejection extends Error {
  override readonly name = 'DomainRejection';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isDomainRejection(err: unknown): err is DomainRejection {
  return err instanceof DomainRejection;
}
