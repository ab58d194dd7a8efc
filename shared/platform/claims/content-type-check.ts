import { fileTypeFromBuffer } from 'file-type';
import { ClaimContentTypeMismatchError } from './claim-errors';

/** Bytes from the start of the content that content-type detection looks at. */
export const CONTENT_SNIFF_BYTES = 4_100;

/** The media type without parameters, lower case: `Image/PNG; x=1` -> `image/png`. */
export function essence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * Refuses content whose first bytes say it is something else than the declared type
 * (a renamed executable sent as `application/pdf`). Detection by magic numbers (file-type).
 */
export async function assertContentMatches(declared: string, head: Uint8Array): Promise<void> {
  const detected = (await fileTypeFromBuffer(head.subarray(0, CONTENT_SNIFF_BYTES)))?.mime;
  if (detected !== essence(declared)) throw new ClaimContentTypeMismatchError(essence(declared), detected);
}
