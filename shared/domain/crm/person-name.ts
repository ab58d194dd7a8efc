import { z } from 'zod';
import { parseValue } from '../kernel/validation-error';

/** A first or a last name: starts with a letter; letters, marks, spaces, apostrophes, dots, hyphens. */
export const NamePartSchema = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(100)
  .regex(/^\p{L}[\p{L}\p{M}'’. -]*$/u, 'must start with a letter and hold only letters, spaces, apostrophes, dots or hyphens')
  .meta({ description: 'First or last name of a person (personal data)', example: 'Casey' });

export const PersonNameSchema = z.object({ firstName: NamePartSchema, lastName: NamePartSchema });

export type PersonNameData = z.infer<typeof PersonNameSchema>;

/** A person's first and last name, trimmed. Immutable, compared by value. Personal data. */
export class PersonName {
  declare private readonly brand: 'PersonName';

  private constructor(
    readonly firstName: string,
    readonly lastName: string,
  ) {
    Object.freeze(this);
  }

  static of(raw: { readonly firstName: string; readonly lastName: string }): PersonName {
    const { firstName, lastName } = parseValue(PersonNameSchema, raw, 'name');
    return new PersonName(firstName, lastName);
  }

  equals(other: PersonName): boolean {
    return other.firstName === this.firstName && other.lastName === this.lastName;
  }

  toString(): string {
    return `${this.firstName} ${this.lastName}`;
  }

  toJSON(): PersonNameData {
    return { firstName: this.firstName, lastName: this.lastName };
  }
}
