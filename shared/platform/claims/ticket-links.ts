import { ClaimTicketSchema } from './claim-ticket';

/**
 * A copy of `message` in which every claim ticket (an object of exactly the ticket's fields)
 * also carries `href`, the link to redeem it: public messages hold the ticket and a link while
 * the stored event holds only the ticket.
 */
export function withTicketLinks<T>(message: T, href: (claimId: string) => string): T {
  return link(message, href) as T;
}

function link(value: unknown, href: (claimId: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => link(v, href));
  if (value === null || typeof value !== 'object') return value;
  const ticket = ClaimTicketSchema.strict().safeParse(value);
  if (ticket.success) return { ...ticket.data, href: href(ticket.data.claimId) };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, link(v, href)]));
}
