import type { AcquireQueue } from './acquire-queue.js';
import type { Disposer, PoolHealthCheckFailure, PoolKind, PoolStats, PoolStatus, PoolStatusChange } from './pool-types.js';

/** The outcome of one health check. `partial`: some connections answered, some did not. */
export type CheckOutcome = { result: 'ok' } | { result: 'partial' | 'failed'; error: string };

/**
 * Runs a pool's health check every `intervalMs` (one at a time, on an unref'd timer), keeps the
 * status and its counters, and tells listeners about failed checks and status changes.
 * Status starts `up`: an idle pool that has never connected is up as long as its checks pass.
 */
export class PoolHealth {
  status: PoolStatus = 'up';
  healthCheckFailures = 0;
  consecutiveFailures = 0;
  lastError: string | null = null;
  lastCheckAt: number | null = null;
  lastCheckLatencyMs: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PoolStatus> | undefined;
  private stopped = false;
  private readonly statusListeners = new Set<(change: PoolStatusChange) => void>();
  private readonly failureListeners = new Set<(failure: PoolHealthCheckFailure) => void>();

  constructor(
    private readonly poolName: string,
    private readonly kind: PoolKind,
    private readonly check: () => Promise<CheckOutcome>,
    private readonly intervalMs: number,
    /** Failed checks in a row before the status is `down` (before that: `degraded`). */
    private readonly unhealthyThreshold: number,
  ) {}

  /** Starts the periodic checks, the first one now. A zero interval disables them. */
  start(): void {
    if (this.intervalMs <= 0 || this.stopped) return;
    void this.runCheck().finally(() => this.schedule());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs a check now (or joins the one in progress) and resolves with the status after it. */
  runCheck(): Promise<PoolStatus> {
    this.running ??= this.checkOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Records an error seen outside the checks (e.g. a connection error). */
  noteError(error: string): void {
    this.lastError = error;
  }

  onStatusChange(listener: (change: PoolStatusChange) => void): Disposer {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onHealthCheckFailed(listener: (failure: PoolHealthCheckFailure) => void): Disposer {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runCheck().finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  private async checkOnce(): Promise<PoolStatus> {
    const started = performance.now();
    let outcome: CheckOutcome;
    try {
      outcome = await this.check();
    } catch (err) {
      outcome = { result: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
    if (this.stopped) return this.status;
    this.lastCheckLatencyMs = performance.now() - started;
    this.lastCheckAt = Date.now();
    const from = this.status;
    if (outcome.result === 'ok') {
      this.consecutiveFailures = 0;
      this.setStatus(from, 'up', null);
      return this.status;
    }
    this.healthCheckFailures++;
    this.lastError = outcome.error;
    if (outcome.result === 'partial') this.consecutiveFailures = 0;
    else this.consecutiveFailures++;
    const to: PoolStatus = outcome.result === 'failed' && this.consecutiveFailures >= this.unhealthyThreshold ? 'down' : 'degraded';
    const failure: PoolHealthCheckFailure = {
      poolName: this.poolName,
      kind: this.kind,
      error: outcome.error,
      consecutiveFailures: this.consecutiveFailures,
      status: to,
    };
    for (const listener of this.failureListeners) safeCall(listener, failure);
    this.setStatus(from, to, outcome.error);
    return this.status;
  }

  private setStatus(from: PoolStatus, to: PoolStatus, error: string | null): void {
    if (from === to) return;
    this.status = to;
    const change: PoolStatusChange = {
      poolName: this.poolName,
      kind: this.kind,
      from,
      to,
      error,
      consecutiveFailures: this.consecutiveFailures,
    };
    for (const listener of this.statusListeners) safeCall(listener, change);
  }
}

/** A listener that throws must not break the pool's checks. */
function safeCall<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch {
    // ignored on purpose: listeners belong to the log and metrics layers
  }
}

/** The counters every pool reports: its health monitor's and its acquire queue's, around the pool's own socket counts. */
export function poolStats(
  pool: { readonly name: string; readonly kind: PoolStats['kind']; readonly failed: number },
  health: PoolHealth,
  queue: Pick<AcquireQueue, 'waiting' | 'totalAcquired' | 'acquireWaitMsTotal' | 'acquireTimeouts'>,
  sockets: { active: number; idle: number },
): PoolStats {
  return {
    name: pool.name,
    kind: pool.kind,
    status: health.status,
    active: sockets.active,
    idle: sockets.idle,
    waiting: queue.waiting,
    failed: pool.failed,
    healthCheckFailures: health.healthCheckFailures,
    consecutiveFailures: health.consecutiveFailures,
    lastError: health.lastError,
    lastCheckAt: health.lastCheckAt,
    lastCheckLatencyMs: health.lastCheckLatencyMs,
    totalAcquired: queue.totalAcquired,
    acquireWaitMsTotal: queue.acquireWaitMsTotal,
    acquireTimeouts: queue.acquireTimeouts,
  };
}
