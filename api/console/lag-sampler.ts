/** The read side's lag at one instant, per view. */
export interface LagSample {
  readonly at: Date;
  /** Streams with events the projector has not applied yet. */
  readonly backlogStreams: number;
  /** Age of the oldest of them (null: none). */
  readonly oldestPendingSeconds: number | null;
  /** Per view: seconds behind the event store (0 when the projector waits for nothing); null for a view never applied. */
  readonly views: Readonly<Record<string, number | null>>;
}

export interface LagSamplerOptions {
  readonly intervalMs: number;
  /** Samples older than this are dropped. */
  readonly keepMs: number;
  /** With nobody asking for this long, sampling stops (it starts again on the next request). */
  readonly idleMs: number;
}

/**
 * Keeps a short in-memory history of the read side's lag for the console's charts. It samples
 * only while someone looks: the first request starts it, and it stops when nobody has asked for
 * `idleMs`. Each API process keeps its own history.
 */
export class LagSampler {
  private samples: LagSample[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight: Promise<void> | undefined;
  private lastAsked = 0;

  constructor(
    private readonly measure: () => Promise<LagSample>,
    private readonly options: LagSamplerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The samples of the last `windowMs`, oldest first, with a fresh one if the newest is an interval old. */
  async recent(windowMs: number): Promise<LagSample[]> {
    this.lastAsked = this.now();
    this.start();
    const newest = this.samples.at(-1);
    if (!newest || this.now() - newest.at.getTime() >= this.options.intervalMs) await this.sample();
    const from = this.now() - windowMs;
    return this.samples.filter((s) => s.at.getTime() >= from);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.now() - this.lastAsked > this.options.idleMs) return this.stop();
      // A failed sample (database briefly unreachable) leaves a gap in the chart, nothing more.
      this.sample().catch(() => undefined);
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private sample(): Promise<void> {
    this.inFlight ??= this.measure()
      .then((s) => {
        const from = this.now() - this.options.keepMs;
        this.samples = [...this.samples.filter((x) => x.at.getTime() >= from), s];
      })
      .finally(() => { this.inFlight = undefined; });
    return this.inFlight;
  }
}
