/**
 * One reading of the service, taken every second from /metrics and /health/detailed: what the
 * checks and the report's charts are built from.
 */
import type { MetricSample } from './prometheus-text.js';
import { byLabel, single } from './prometheus-text.js';

export interface BreakerReading {
  /** From /health/detailed: closed, open, half_open, forced_open, disabled. */
  state: string;
  /** `circuit_breaker_state`: 0 closed, 1 open, 2 half-open. */
  gauge: number | null;
  /** nextAttemptAt - openedAt while open: the open time the breaker is using. */
  openForMs: number | null;
  /** Epoch ms of the last opening, as the service reports it. */
  openedAtMs: number | null;
}

export interface BulkheadReading {
  active: number;
  queued: number;
  rejected: number;
  maxConcurrent: number | null;
}

export interface PoolReading {
  status: string;
  active: number;
  failed: number;
}

export interface ServiceSample {
  /** Seconds since the run started. */
  t: number;
  /** Overall status of /health/detailed, or "unreachable". */
  status: string;
  breakers: Record<string, BreakerReading>;
  bulkheads: Record<string, BulkheadReading>;
  pools: Record<string, PoolReading>;
  heapUsedBytes: number | null;
  rssBytes: number | null;
  /** Why a reading is missing, when one is. */
  problem?: string;
}

interface HealthDetails {
  status?: string;
  pools?: Record<string, { poolStatus?: string; status?: string; active?: number; failed?: number }>;
  circuitBreakers?: Record<string, { state?: string; openedAt?: string | null; nextAttemptAt?: string | null }>;
  bulkheads?: Record<string, { active?: number; queued?: number; rejected?: number; maxConcurrent?: number }>;
}

/** Combines one scrape and one health answer (either may be missing) into a sample. */
export function toServiceSample(
  t: number,
  metrics: Map<string, MetricSample[]> | undefined,
  health: unknown,
  problem?: string,
): ServiceSample {
  const h = (typeof health === 'object' && health !== null ? health : {}) as HealthDetails;
  const m = metrics ?? new Map<string, MetricSample[]>();
  const breakerGauge = byLabel(m, 'circuit_breaker_state', 'name');
  const activeGauge = byLabel(m, 'bulkhead_active_operations', 'name');
  const rejectedGauge = byLabel(m, 'bulkhead_rejected_operations', 'name');
  const queuedGauge = byLabel(m, 'bulkhead_queued_operations', 'name');
  const poolActive = byLabel(m, 'connection_pool_active_connections', 'pool_name');
  const poolFailed = byLabel(m, 'connection_pool_failed_connections', 'pool_name');

  const breakers: Record<string, BreakerReading> = {};
  for (const name of new Set([...Object.keys(h.circuitBreakers ?? {}), ...Object.keys(breakerGauge)])) {
    const b = h.circuitBreakers?.[name];
    const opened = b?.openedAt ? Date.parse(b.openedAt) : NaN;
    const next = b?.nextAttemptAt ? Date.parse(b.nextAttemptAt) : NaN;
    breakers[name] = {
      state: b?.state ?? gaugeState(breakerGauge[name]),
      gauge: breakerGauge[name] ?? null,
      openForMs: Number.isFinite(opened) && Number.isFinite(next) ? next - opened : null,
      openedAtMs: Number.isFinite(opened) ? opened : null,
    };
  }
  const bulkheads: Record<string, BulkheadReading> = {};
  for (const name of new Set([...Object.keys(h.bulkheads ?? {}), ...Object.keys(activeGauge)])) {
    const b = h.bulkheads?.[name];
    bulkheads[name] = {
      active: b?.active ?? activeGauge[name] ?? 0,
      queued: b?.queued ?? queuedGauge[name] ?? 0,
      rejected: Math.max(b?.rejected ?? 0, rejectedGauge[name] ?? 0),
      maxConcurrent: b?.maxConcurrent ?? null,
    };
  }
  const pools: Record<string, PoolReading> = {};
  for (const name of new Set([...Object.keys(h.pools ?? {}), ...Object.keys(poolActive)])) {
    const p = h.pools?.[name];
    pools[name] = {
      status: p?.poolStatus ?? p?.status ?? 'unknown',
      active: p?.active ?? poolActive[name] ?? 0,
      failed: p?.failed ?? poolFailed[name] ?? 0,
    };
  }
  return {
    t,
    status: h.status ?? (health === undefined ? 'unreachable' : 'unknown'),
    breakers,
    bulkheads,
    pools,
    heapUsedBytes: single(m, 'nodejs_heap_size_used_bytes') ?? null,
    rssBytes: single(m, 'process_resident_memory_bytes') ?? null,
    ...(problem === undefined ? {} : { problem }),
  };
}

function gaugeState(value: number | undefined): string {
  return value === 1 ? 'open' : value === 2 ? 'half_open' : value === 0 ? 'closed' : 'unknown';
}
