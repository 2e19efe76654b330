/** Names and shapes shared by the HTTP pool, the Redis pool and the manager. */

/** `up`: checks pass. `degraded`: some checks or connections fail. `down`: `unhealthyThreshold` checks in a row failed. */
export type PoolStatus = 'up' | 'degraded' | 'down';

export type PoolKind = 'http' | 'redis';

/**
 * Plain counters a pool keeps for the metrics layer to read at scrape time (DESIGN section 4).
 * Cumulative counts never go down; gauges (`active`, `idle`, `waiting`) are read live.
 */
export interface PoolStats {
  name: string;
  kind: PoolKind;
  status: PoolStatus;
  /** Connections in use now: HTTP requests in flight; Redis leased connections. */
  active: number;
  /** Open connections not in use now. */
  idle: number;
  /** Callers waiting for a connection now. */
  waiting: number;
  /** Connections (or requests, for HTTP) that failed at the transport level, since start. */
  failed: number;
  healthCheckFailures: number;
  consecutiveFailures: number;
  /** The last error seen (secrets redacted), or null. */
  lastError: string | null;
  /** When the last health check finished (epoch ms), or null before the first one. */
  lastCheckAt: number | null;
  lastCheckLatencyMs: number | null;
  /** Successful acquisitions since start. */
  totalAcquired: number;
  /** Sum of the time callers waited to acquire, ms (divide by `totalAcquired` for the mean). */
  acquireWaitMsTotal: number;
  /** Acquisitions that gave up after `acquireTimeout`. */
  acquireTimeouts: number;
}

/** Emitted when a pool's status changes (the log layer turns these into `connection_pool_*` events). */
export interface PoolStatusChange {
  poolName: string;
  kind: PoolKind;
  from: PoolStatus;
  to: PoolStatus;
  /** The error of the check that caused the change (redacted), or null on recovery. */
  error: string | null;
  consecutiveFailures: number;
}

/** Emitted for every failed health check. */
export interface PoolHealthCheckFailure {
  poolName: string;
  kind: PoolKind;
  error: string;
  consecutiveFailures: number;
  status: PoolStatus;
}

export type Disposer = () => void;

/** What the manager needs from any pool. */
export interface ManagedPool {
  readonly name: string;
  readonly kind: PoolKind;
  readonly status: PoolStatus;
  stats(): PoolStats;
  /** Runs one health check now and resolves with the status after it. */
  checkHealth(): Promise<PoolStatus>;
  onStatusChange(listener: (change: PoolStatusChange) => void): Disposer;
  onHealthCheckFailed(listener: (failure: PoolHealthCheckFailure) => void): Disposer;
  close(): Promise<void>;
}
