/**
 * The log-event bridge: listens to breakers, bulkheads and pools and writes DESIGN §4's events
 * through a Nest logger. Transitions and recoveries at info (`log`), failures and rejections at
 * `warn`. Rejections are sampled per breaker/bulkhead (default at most one line a second, carrying
 * how many were suppressed), so an open breaker under load cannot flood the log.
 *
 * Messages are the event name and the fields are a structured param: with a JSON `ConsoleLogger`
 * (`createResilienceLogger`, `flattenParams`) each event is one JSON object with the fields at the root.
 */
import { Logger, type LoggerService } from '@nestjs/common';
import type { CircuitRejectionEvent, CircuitStateChangeEvent } from '../core/circuit-breaker/circuit-breaker-events.js';
import type { PoolHealthCheckFailure, PoolStatusChange } from '../core/pools/pool-types.js';
import type { ObservedBreaker, ObservedBulkhead, ObservedPool } from '../metrics/resilience-sources.js';
import {
  bulkheadRejectedFields,
  circuitRejectionFields,
  circuitStateChangeFields,
  poolHealthCheckFailedFields,
  poolStatusChangeFields,
  type LogEventFields,
} from './log-event-fields.js';
import { RateSampler } from './rate-sampler.js';

type Dispose = () => void;

export interface WatchableBreaker extends ObservedBreaker {
  onStateChange(listener: (change: CircuitStateChangeEvent) => void): Dispose;
  onRejection(listener: (rejection: CircuitRejectionEvent) => void): Dispose;
}

export interface WatchableBulkhead extends ObservedBulkhead {
  /** The event's shape is not read: the bulkhead's snapshot is, after the rejection. */
  onRejection?(listener: (rejection: unknown) => void): Dispose;
}

export interface WatchablePool extends ObservedPool {
  onStatusChange(listener: (change: PoolStatusChange) => void): Dispose;
  onHealthCheckFailed(listener: (failure: PoolHealthCheckFailure) => void): Dispose;
}

export interface ResilienceEventLoggerOptions {
  /** Where events go. Default `new Logger('Resilience')`, which follows the app's logger. */
  logger?: LoggerService;
  /** At most one rejection line per breaker/bulkhead per this many ms (0: log every one). Default 1000. */
  sampleRejectionsMs?: number;
  /** Clock for sampling, for tests. Default `Date.now`. */
  now?: () => number;
}

export const RESILIENCE_LOGGER_CONTEXT = 'Resilience';

export class ResilienceEventLogger {
  private readonly logger: LoggerService;
  private readonly sampler: RateSampler;
  /** What each watched instance's listeners are, so watching twice is harmless. */
  private readonly watched = new Map<object, Dispose>();

  constructor(options: ResilienceEventLoggerOptions = {}) {
    this.logger = options.logger ?? new Logger(RESILIENCE_LOGGER_CONTEXT);
    this.sampler = new RateSampler(options.sampleRejectionsMs ?? 1000, options.now);
  }

  watchCircuitBreaker(breaker: WatchableBreaker): Dispose {
    return this.watch(breaker, () => {
      const offState = breaker.onStateChange((change) => {
        const fields = circuitStateChangeFields(change);
        // Opening is a transition caused by failures: warn, so it stands out from routine recoveries.
        this.write(change.to === 'open' ? 'warn' : 'log', fields);
      });
      const key = `circuit_breaker:${breaker.name}`;
      const offRejection = breaker.onRejection((rejection) => {
        const suppressed = this.sampler.admit(key);
        if (suppressed >= 0) this.write('warn', circuitRejectionFields(rejection, suppressed));
      });
      return () => {
        offState();
        offRejection();
      };
    });
  }

  watchBulkhead(bulkhead: WatchableBulkhead): Dispose {
    if (typeof bulkhead.onRejection !== 'function') return () => undefined;
    const subscribe = bulkhead.onRejection.bind(bulkhead);
    return this.watch(bulkhead, () => {
      const key = `bulkhead:${bulkhead.name}`;
      return subscribe(() => {
        const suppressed = this.sampler.admit(key);
        if (suppressed >= 0) this.write('warn', bulkheadRejectedFields(bulkhead.name, bulkhead.snapshot(), suppressed));
      });
    });
  }

  watchPool(pool: WatchablePool): Dispose {
    return this.watch(pool, () => {
      const offFailed = pool.onHealthCheckFailed((failure) => this.write('warn', poolHealthCheckFailedFields(failure)));
      const offStatus = pool.onStatusChange((change) => {
        const fields = poolStatusChangeFields(change);
        // Recoveries are good news (info); getting worse is covered by the failed-check warning too.
        this.write(change.to === 'up' ? 'log' : 'warn', fields);
      });
      return () => {
        offFailed();
        offStatus();
      };
    });
  }

  /** Stops listening to everything. */
  dispose(): void {
    for (const off of this.watched.values()) off();
    this.watched.clear();
  }

  private watch(instance: object, attach: () => Dispose): Dispose {
    const existing = this.watched.get(instance);
    if (existing) return existing;
    const off = attach();
    const dispose = (): void => {
      if (this.watched.get(instance) !== dispose) return;
      this.watched.delete(instance);
      off();
    };
    this.watched.set(instance, dispose);
    return dispose;
  }

  private write(level: 'log' | 'warn', fields: LogEventFields): void {
    this.logger[level](fields.event, fields);
  }
}
