/**
 * What the observability layer (health, metrics, log events) reads: the live breakers, bulkheads
 * and pools. Structural types, so any object with these members works (the registries' instances,
 * or plain test doubles), and the readers never depend on how the instances are created.
 */
import type { CircuitBreakerSnapshot } from '../core/circuit-breaker/circuit-breaker-events.js';
import type { PoolKind, PoolStats, PoolStatus } from '../core/pools/pool-types.js';

export interface ObservedBreaker {
  readonly name: string;
  snapshot(): CircuitBreakerSnapshot;
}

/** The fields of a bulkhead snapshot that health and metrics read. */
export interface ObservedBulkheadSnapshot {
  active: number;
  queued: number;
  maxConcurrent: number;
  maxQueue: number;
  /** Lifetime total of rejected calls. */
  rejected: number;
  /** Lifetime total of calls that ran to the end (success or failure). */
  completed: number;
}

export interface ObservedBulkhead {
  readonly name: string;
  snapshot(): ObservedBulkheadSnapshot;
}

export interface ObservedPool {
  readonly name: string;
  readonly kind: PoolKind;
  readonly status: PoolStatus;
  stats(): PoolStats;
}

/** Read at every scrape or health request, so instances created after start-up are seen too. */
export interface ResilienceSources {
  breakers(): Iterable<ObservedBreaker>;
  bulkheads(): Iterable<ObservedBulkhead>;
  pools(): Iterable<ObservedPool>;
}

/** Sources backed by fixed lists or getters (tests, benchmarks, apps without the Nest module). */
export function staticSources(parts: {
  breakers?: Iterable<ObservedBreaker> | (() => Iterable<ObservedBreaker>);
  bulkheads?: Iterable<ObservedBulkhead> | (() => Iterable<ObservedBulkhead>);
  pools?: Iterable<ObservedPool> | (() => Iterable<ObservedPool>);
}): ResilienceSources {
  const read = <T>(p: Iterable<T> | (() => Iterable<T>) | undefined): Iterable<T> =>
    p === undefined ? [] : typeof p === 'function' ? p() : p;
  return {
    breakers: () => read(parts.breakers),
    bulkheads: () => read(parts.bulkheads),
    pools: () => read(parts.pools),
  };
}

/** Nest token of the `ResilienceSources` the health indicators and the metrics collector read. */
export const RESILIENCE_SOURCES = Symbol.for('nest-resilience.observed-sources');
