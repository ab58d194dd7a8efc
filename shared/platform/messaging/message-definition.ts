import type { z } from 'zod';
import type { EventEnvelope } from '../event-store/event-envelope';

/**
 * The three kinds of public message (the messaging-patterns talk):
 * - `notification`: thin; what happened to which entity and a link to fetch the details, no business or personal data;
 * - `state-transfer`: the entity's state after the change (`full`) or its changed fields (`delta`), with the entity version;
 * - `domain-event`: the business fact in the domain's terms, modelled for consumers in other contexts.
 */
export type MessageKind = 'notification' | 'state-transfer' | 'domain-event';
export type StateTransferForm = 'full' | 'delta';
export const MESSAGE_KINDS: readonly MessageKind[] = ['notification', 'state-transfer', 'domain-event'];

/** A stored event as a mapping sees it: the envelope with its type and payload narrowed to one event type. */
export type StoredEvent<E extends { readonly type: string; readonly payload: object }> = E extends unknown
  ? Omit<EventEnvelope, 'type' | 'payload'> & { readonly type: E['type']; readonly payload: E['payload'] }
  : never;

/** What a mapping may ask for besides the event itself. */
export interface TranslationContext {
  /** The events of the event's stream up to and including it (current shapes); read at most once per event. */
  history(): Promise<readonly EventEnvelope[]>;
}

type KindOf = { readonly kind: 'notification' | 'domain-event' } | { readonly kind: 'state-transfer'; readonly transfer: StateTransferForm };

interface DefinitionFields {
  /** `<context>.<past-tense-kebab-name>`, e.g. `ordering.order-confirmed`. */
  readonly type: string;
  /** Major version of the contract: a consumer is pinned to one. */
  readonly version: number;
  /** Owning bounded context. */
  readonly context: string;
  readonly description: string;
  /** One sentence: why this kind for this message. */
  readonly why: string;
  /** Last day (YYYY-MM-DD) this version is published; a newer version of the type is published beside it until then. */
  readonly retiresOn?: string;
}

/** A public message type at one version, as a bounded context declares it (see `defineMessage`). */
export type PublicMessageDefinition<E extends { readonly type: string; readonly payload: object }, S extends z.ZodType> = DefinitionFields &
  KindOf & {
    /** The payload schema: the contract. Mark personal fields with `personalData(...)`. */
    readonly schema: S;
    /** The stored event types it is derived from; nothing else is translated. */
    readonly derivedFrom: readonly E['type'][];
    /** The payload for one stored event, or null when this event publishes nothing of this message. */
    readonly translate: (event: StoredEvent<E>, context: TranslationContext) => z.input<S> | null | Promise<z.input<S> | null>;
  };

/** The same definition with its event and schema types erased, as the catalogue holds it. */
export type MessageDefinition = DefinitionFields &
  KindOf & {
    readonly schema: z.ZodType;
    readonly derivedFrom: readonly string[];
    readonly translate: (event: EventEnvelope, context: TranslationContext) => unknown;
  };

/** Declares a public message; the typed mapping only ever receives the event types it derives from. */
export function defineMessage<E extends { readonly type: string; readonly payload: object }, S extends z.ZodType>(
  definition: PublicMessageDefinition<E, S>,
): MessageDefinition {
  return definition as unknown as MessageDefinition;
}

/** JSON Schema keyword that marks a field as personal data (in the schemas, the catalogue and AsyncAPI). */
export const PERSONAL_DATA_KEYWORD = 'x-personal-data';

/** Marks a payload field as personal data. */
export function personalData<S extends z.ZodType>(schema: S): S {
  return schema.meta({ [PERSONAL_DATA_KEYWORD]: true }) as S;
}
