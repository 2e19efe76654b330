/**
 * One shared, unref'd 1 ms timer for every timeout policy, running only while some policy has a
 * call in flight. Per-call `setTimeout` costs ~0.6 µs (DESIGN 3a); this costs one timer firing per
 * millisecond of activity, whatever the call rate and however many policies there are.
 */
export const TICK_MS = 1;

export interface TickClient {
  /** Called on every tick with Date.now(); returns false when the client no longer needs ticks. */
  tick(now: number): boolean;
}

class CoarseTicker {
  private clients: TickClient[] = [];
  private spare: TickClient[] = [];
  private timer: NodeJS.Timeout | undefined = undefined;
  private readonly onTimer = (): void => this.fire();

  /** Adds a client until its `tick` returns false. The caller ensures it is not added twice. */
  add(client: TickClient): void {
    this.clients.push(client);
    // Unref'd: pending deadlines must not keep the process alive on their own.
    if (this.timer === undefined) this.timer = setTimeout(this.onTimer, TICK_MS).unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = Date.now();
    const current = this.clients;
    // Swap lists so clients added during this tick (by code the tick runs) are kept.
    this.clients = this.spare;
    for (const client of current) if (client.tick(now)) this.clients.push(client);
    current.length = 0;
    this.spare = current;
    if (this.clients.length > 0 && this.timer === undefined) this.timer = setTimeout(this.onTimer, TICK_MS).unref();
  }
}

export const coarseTicker = new CoarseTicker();
