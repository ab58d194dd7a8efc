import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { promisify } from 'node:util';
import ipaddr from 'ipaddr.js';
import { Agent, type Dispatcher } from 'undici';

export interface WebhookTargetPolicyOptions {
  /** Plain http targets are accepted: local use only. */
  readonly httpAllowed: boolean;
  /** Host names, addresses and CIDR ranges a webhook may reach although they are not public (local receivers, an internal partner). */
  readonly allowed: readonly string[];
}

export class WebhookTargetRefusedError extends Error {
  override readonly name = 'WebhookTargetRefusedError';
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const lookupAll = promisify((host: string, options: LookupAllOptions, cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) =>
  dnsLookup(host, options, cb),
);

/**
 * Where webhooks may be delivered, against server-side request forgery: `https` only (unless
 * local use allows `http`), and only to public unicast addresses, never to private, loopback,
 * link-local, carrier-grade NAT, unique-local, multicast or reserved ones (an IPv4 address
 * inside IPv6 is judged as IPv4), unless the allow-list names the host or the range.
 *
 * `check` is for the moment a subscription is made and each delivery; `dispatcher` makes the
 * delivery's own connection re-check every address it resolves, so a name that resolved to a
 * public address during the check cannot switch to an internal one for the connection (DNS
 * rebinding).
 */
export class WebhookTargetPolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly ranges: readonly Cidr[];
  readonly dispatcher: Dispatcher;

  constructor(private readonly options: WebhookTargetPolicyOptions) {
    const hosts = new Set<string>();
    const ranges: Cidr[] = [];
    for (const entry of options.allowed.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
      const bare = entry.replace(/^\[|\]$/g, '');
      if (ipaddr.isValidCIDR(bare)) ranges.push(ipaddr.parseCIDR(bare));
      else if (ipaddr.isValid(bare)) {
        const address = ipaddr.process(bare);
        ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else hosts.add(entry);
    }
    this.hosts = hosts;
    this.ranges = ranges;
    this.dispatcher = new Agent({ connect: { lookup: this.connectLookup } });
  }

  /**
   * Refuses (WebhookTargetRefusedError) a URL whose scheme or any resolved address the policy does
   * not allow. `unresolvable: 'accept'` lets a host that does not resolve (yet) pass, for a
   * subscription whose receiver is not set up yet: each delivery checks again.
   */
  async check(url: string, options: { readonly unresolvable?: 'accept' | 'refuse' } = {}): Promise<void> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new WebhookTargetRefusedError('not a URL');
    }
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && this.options.httpAllowed)) {
      throw new WebhookTargetRefusedError(this.options.httpAllowed ? 'the URL must use http or https' : 'the URL must use https');
    }
    const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.hosts.has(host)) return;
    const addresses = ipaddr.isValid(host) ? [host] : await this.resolve(host, options.unresolvable === 'accept');
    for (const address of addresses) this.assertAllowed(host, address);
  }

  private async resolve(host: string, acceptUnresolvable: boolean): Promise<string[]> {
    try {
      return (await lookupAll(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (acceptUnresolvable && (code === 'ENOTFOUND' || code === 'ENODATA')) return [];
      throw new WebhookTargetRefusedError(`the host ${host} does not resolve (${code ?? 'error'})`);
    }
  }

  private assertAllowed(host: string, address: string): void {
    const parsed = ipaddr.process(address);
    const range = parsed.range();
    if (range === 'unicast') return;
    if (this.ranges.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits))) return;
    throw new WebhookTargetRefusedError(
      `${host} resolves to ${parsed.toString()}, a ${range} address; webhooks go to public addresses only (WEBHOOK_ALLOWED_HOSTS lists exceptions)`,
    );
  }

  /** dns.lookup for the delivery's connection: the same rule for every address it is about to use. */
  private readonly connectLookup = (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    const host = hostname.toLowerCase();
    dnsLookup(hostname, { ...options, all: true, verbatim: true } as LookupAllOptions, (err, addresses) => {
      if (err) return callback(err, []);
      try {
        if (!this.hosts.has(host)) for (const a of addresses) this.assertAllowed(host, a.address);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
