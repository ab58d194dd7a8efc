import type { Payload, PayloadCodec } from '@temporalio/common';
// A CommonJS module: a named import of it fails under Node's ESM loader (tsx), the default import works everywhere.
import proto from '@temporalio/proto';
import { z } from 'zod';
import type { ClaimStorageDriver } from './claim-storage-driver';
import { CLAIM_DRIVER_NAME } from './claim-storage-driver';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** A payload in the codec-server protocol: proto3 JSON, bytes as base64. */
export const JsonPayloadSchema = z.object({
  metadata: z.record(z.string(), base64).nullish(),
  data: base64.nullish(),
  externalPayloads: z.array(z.object({ sizeBytes: z.union([z.string(), z.number()]).optional() }).passthrough()).nullish(),
});
/** proto3 JSON omits an empty list: the CLI sends `{}` for no payloads. */
export const CodecRequestSchema = z.object({ payloads: z.array(JsonPayloadSchema).max(1_000).default([]) });
export type JsonPayload = z.infer<typeof JsonPayloadSchema>;

const REFERENCE_TYPE = 'temporal.api.sdk.v1.ExternalStorageReference';
const ReferenceSchema = z.object({ driverName: z.string(), claimData: z.record(z.string(), z.string()) });

export class CodecRequestError extends Error {
  override readonly name = 'CodecRequestError';
}

/**
 * Temporal's codec-server operations for the Web UI and the CLI: `decode` decrypts (and, unless
 * asked to keep storage references as the Web UI does, also fetches referenced claims), `encode`
 * encrypts, `download` fetches and decrypts a referenced payload.
 */
export class CodecService {
  constructor(
    private readonly codec: PayloadCodec,
    private readonly driver: ClaimStorageDriver,
  ) {}

  async decode(payloads: JsonPayload[], options: { preserveStorageRefs: boolean }): Promise<JsonPayload[]> {
    const parsed = payloads.map(fromJson);
    const resolved = options.preserveStorageRefs ? parsed : await Promise.all(parsed.map((p) => this.resolve(p)));
    return (await this.codec.decode(resolved)).map(toJson);
  }

  async encode(payloads: JsonPayload[]): Promise<JsonPayload[]> {
    return (await this.codec.encode(payloads.map(fromJson))).map(toJson);
  }

  async download(payloads: JsonPayload[]): Promise<JsonPayload[]> {
    return this.decode(payloads, { preserveStorageRefs: false });
  }

  private async resolve(payload: Payload): Promise<Payload> {
    const reference = parseReference(payload);
    if (!reference) return payload;
    if (reference.driverName !== CLAIM_DRIVER_NAME) throw new CodecRequestError(`payload stored by an unknown driver '${reference.driverName}'`);
    return this.driver.retrieveOne(reference.claimData);
  }
}

function parseReference(payload: Payload): z.infer<typeof ReferenceSchema> | undefined {
  const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);
  if (text(payload.metadata?.messageType) !== REFERENCE_TYPE) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text(payload.data) ?? '');
  } catch {
    throw new CodecRequestError('malformed external storage reference');
  }
  const parsed = ReferenceSchema.safeParse(json);
  if (!parsed.success) throw new CodecRequestError('malformed external storage reference');
  return parsed.data;
}

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
    ...(p.externalPayloads ? { externalPayloads: p.externalPayloads.map((e) => proto.temporal.api.common.v1.Payload.ExternalPayloadDetails.fromObject({ sizeBytes: e.sizeBytes ?? 0 })) } : {}),
  };
}

function toJson(p: Payload): JsonPayload {
  const external = p.externalPayloads?.length ? { externalPayloads: p.externalPayloads.map((e) => ({ sizeBytes: String(e.sizeBytes ?? 0) })) } : {};
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
    ...external,
  };
}
