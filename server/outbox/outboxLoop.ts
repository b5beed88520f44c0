/**
 * The loop of an outbox worker (order e-mails, webhooks): a round (`tick`: claim what is due
 * under a lease, send it, record the outcome) every `pollMs` after the previous one ends, never two
 * at once; a round that throws is logged and the loop goes on. `stop()` waits for the round in
 * flight. Everything else lives in the database, so a restart or a second instance carries on.
 */
export class OutboxLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly tick: () => Promise<unknown>,
    private readonly pollMs: number,
    private readonly onError: (e: unknown) => void,
  ) {}

  get isRunning(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .then(() => undefined)
        .catch(this.onError)
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(loop, this.pollMs).unref();
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** The delay before attempt `attempts + 1`, after `attempts` failures: base · 2^(attempts−1), capped. */
export function backoff(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}
