/** What an order accepts as an attachment: documents (a signed purchase order, a delivery note) and images. */
export const ATTACHMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/tiff'] as const;

export const MAX_ATTACHMENTS_PER_ORDER = 20;

/** Who may read an order's attachments (API scopes). */
export const ATTACHMENT_READERS = ['queries', 'admin'] as const;

export function isAcceptedAttachmentType(contentType: string): boolean {
  return (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(contentType);
}
