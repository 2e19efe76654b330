import { OptionChecker } from '../validate-options.js';

/** Limits shared by the semaphore bulkhead and the worker-thread bulkhead. */
export interface BulkheadLimits {
  /** Name used in errors, snapshots and metrics. */
  name: string;
  /** Calls allowed to run at once (threads, for the worker bulkhead). */
  maxConcurrent: number;
  /** Calls allowed to wait for a slot; 0 (the default) rejects at once when all slots are busy. */
  maxQueue?: number;
  /** How long a queued call may wait for a slot before it is rejected; unlimited when absent. */
  maxWaitMs?: number;
}

/** Lifetime counters and the current load of a bulkhead. */
export interface BulkheadSnapshot {
  name: string;
  active: number;
  queued: number;
  maxConcurrent: number;
  maxQueue: number;
  /** Calls turned away: no room, or the queued wait ran out. */
  rejected: number;
  /** Calls that ran and succeeded. */
  completed: number;
  /** Calls that ran and failed. */
  failed: number;
}

/** Largest delay a Node timer accepts. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Checks the limits into `checker` (the caller adds its own keys and throws). */
export function checkBulkheadLimits(checker: OptionChecker, options: BulkheadLimits): void {
  checker.rule(typeof options.name === 'string' && options.name.length > 0, 'name', 'must be a non-empty string');
  checker.rule(options.maxConcurrent !== undefined, 'maxConcurrent', 'is required');
  checker.integer('maxConcurrent', options.maxConcurrent, 1);
  checker.integer('maxQueue', options.maxQueue, 0);
  checker.number('maxWaitMs', options.maxWaitMs, 1, MAX_TIMER_MS);
}
