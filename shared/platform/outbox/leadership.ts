import type { Lease, Leases } from './lease';

export type LeadershipState = 'leading' | 'gained' | 'lost' | 'standing-by';

/**
 * One relay at a time leads a batch subscriber: a lease on `leader|<subscriber>`, renewed while
 * the relay runs. The others stand by and try for it about once per `retryMs`; when the leader
 * dies, one of them takes over once its lease has expired (see Leases).
 */
export class Leadership {
  private lease?: Lease;
  private lastAttempt = 0;

  constructor(
    private readonly leases: Leases,
    subscriber: string,
    private readonly ttlMs: number,
    private readonly owner: string,
    private readonly retryMs = 1_000,
  ) {
    this.key = `leader|${subscriber}`;
  }

  readonly key: string;

  /** Renews or acquires as needed; `gained` and `lost` report a change since the last call. */
  async hold(now = Date.now()): Promise<LeadershipState> {
    if (this.lease) {
      if (this.leases.remainingMs(this.lease, now) > this.ttlMs / 2) return 'leading';
      const renewed = await this.leases.renew(this.lease, this.ttlMs);
      if (renewed) {
        this.lease = renewed;
        return 'leading';
      }
      this.lease = undefined;
      return 'lost';
    }
    if (now - this.lastAttempt < this.retryMs) return 'standing-by';
    this.lastAttempt = now;
    const lease = await this.leases.acquire(this.key, this.ttlMs, this.owner);
    if (!lease) return 'standing-by';
    this.lease = lease;
    return 'gained';
  }

  /** The lease while leading: a batch's claims act under it (the leader takes no stream leases). */
  current(): Lease | undefined {
    return this.lease;
  }

  /** Time left of the current term (0 when not leading). */
  remainingMs(): number {
    return this.lease ? Math.max(0, this.leases.remainingMs(this.lease)) : 0;
  }

  async release(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    if (lease) await this.leases.release(lease);
  }
}
