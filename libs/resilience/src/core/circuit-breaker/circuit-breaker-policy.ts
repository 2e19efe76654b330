/**
 * The circuit breaker state machine (DESIGN §3, §3a).
 *
 * Hot path: a closed breaker without slow-call measurement reads no clock, creates no signal and
 * no closure per call: it passes the caller's signal (or NEVER_ABORTED) through and records the
 * outcome with two `then` handlers made once per generation.
 *
 * Generations: every state change (and every reset) starts a new generation, and each call
 * remembers the generation it started in through the handlers it was given. A result from an
 * older generation still counts in the lifetime totals (success/failure/ignored, so the totals
 * always add up) but never touches the window or the state. That rules out the races seen in
 * other libraries: 100 simultaneous failures open the breaker exactly once; a late failure from
 * the closed state cannot reopen a half-open breaker; a trial still pending when an operator
 * resets the breaker cannot close or reopen it afterwards.
 *
 * No timers: open → half_open is decided on the first call after the recovery timeout. Until
 * that call, `state` reads `open` (with `nextAttemptAt` in the snapshot).
 */
import { CircuitOpenError, type BreakerStateName } from '../errors.js';
import { NEVER_ABORTED, type Operation, type Policy } from '../policy.js';
import { resolveCircuitBreakerOptions, type CircuitBreakerOptions, type ResolvedCircuitBreakerOptions } from './circuit-breaker-options.js';
import type {
  CircuitBreakerSnapshot,
  CircuitFailureEvent,
  CircuitRejectionEvent,
  CircuitState,
  CircuitStateChangeEvent,
  CircuitSuccessEvent,
} from './circuit-breaker-events.js';
import { coarseNow } from './coarse-clock.js';
import { ConsecutiveWindow } from './consecutive-window.js';
import { CountWindow } from './count-window.js';
import { makeErrorClassifier } from './error-classifier.js';
import { ListenerList, type Listener } from './listener-list.js';
import type { OutcomeWindow } from './outcome-window.js';
import { grownRecoveryTimeout, jitteredWait } from './recovery-backoff.js';
import { TimeWindow } from './time-window.js';

const CLOSED = 0;
const OPEN = 1;
const HALF_OPEN = 2;
const FORCED_OPEN = 3;
const DISABLED = 4;
type StateCode = 0 | 1 | 2 | 3 | 4;
const STATE_NAMES: readonly BreakerStateName[] = ['closed', 'open', 'half_open', 'forced_open', 'disabled'];

const SUCCESS = 0;
const FAILURE = 1;
const IGNORED = 2;
type Outcome = 0 | 1 | 2;

/** Marks "duration not measured". */
const UNTIMED = -1;

type Fulfilled = (value: any) => any;
type Rejected = (error: unknown) => never;

const monotonicNow = (): number => performance.now();

export class CircuitBreakerPolicy implements Policy {
  readonly kind = 'circuit_breaker' as const;
  readonly name: string;

  private readonly config: ResolvedCircuitBreakerOptions;
  private readonly window: OutcomeWindow;
  private readonly countsAsFailure: (error: unknown) => boolean;
  private readonly now: () => number;
  /** Clock for call durations: the test clock when given, else performance.now(). */
  private readonly durationClock: () => number;
  private readonly random: () => number;
  /** Slow calls measured: durations are taken (one closure and two clock reads per call). */
  private readonly timed: boolean;

  private stateCode: StateCode = CLOSED;
  /** Closed and untimed: the one field the hot path reads to take the fast path. */
  private fastPath: boolean;
  private generation = 0;
  /** Outcome handlers of the current generation (untimed calls only). */
  private onFulfilled!: Fulfilled;
  private onRejected!: Rejected;

  private successCount = 0;
  private failureCount = 0;
  private ignoredCount = 0;
  private rejectedCount = 0;
  private slowCallCount = 0;

  private openedAt: number | null = null;
  private nextAttemptAt = 0;
  private currentRecoveryTimeout: number;
  private trialsAdmitted = 0;
  private trialsSucceeded = 0;

  // Listener lists are created on first subscription, so an unobserved breaker stays small.
  private stateListeners: ListenerList<CircuitStateChangeEvent> | null = null;
  private successListeners: ListenerList<CircuitSuccessEvent> | null = null;
  private failureListeners: ListenerList<CircuitFailureEvent> | null = null;
  private rejectionListeners: ListenerList<CircuitRejectionEvent> | null = null;

  constructor(options: CircuitBreakerOptions) {
    const config = resolveCircuitBreakerOptions(options);
    this.config = config;
    this.name = config.name;
    this.countsAsFailure = makeErrorClassifier(options.recordOn, options.ignoreOn);
    this.now = options.now ?? Date.now;
    this.durationClock = options.now ?? monotonicNow;
    this.random = options.random ?? Math.random;
    this.timed = config.slowCallDurationThreshold !== Number.POSITIVE_INFINITY;
    this.currentRecoveryTimeout = config.recoveryTimeout;
    this.fastPath = !this.timed;
    const slowRate = this.timed ? config.slowCallRateThreshold : Number.POSITIVE_INFINITY;
    switch (config.windowType) {
      case 'consecutive':
        this.window = new ConsecutiveWindow(config.failureThreshold);
        break;
      case 'count':
        this.window = new CountWindow(config.windowSize, config.minimumCalls, config.failureRateThreshold, slowRate);
        break;
      case 'time':
        this.window = new TimeWindow(
          config.windowSize,
          config.minimumCalls,
          config.failureRateThreshold,
          slowRate,
          options.now ?? coarseNow,
        );
        break;
    }
    this.bindHandlers();
  }

  get state(): CircuitState {
    return STATE_NAMES[this.stateCode];
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    if (this.fastPath) {
      // The untimed branch of run(), kept inline on purpose: this is the closed breaker's whole cost
      // (about 1.4x a bare await against a 1.6x target), so it makes no extra call.
      // Take this generation's handlers before running fn: fn might change the state.
      const fulfilled = this.onFulfilled;
      const rejected = this.onRejected;
      let result: PromiseLike<T> | T;
      try {
        result = fn(signal ?? NEVER_ABORTED);
      } catch (error) {
        return settleSyncThrow(rejected, error);
      }
      return Promise.resolve(result).then(fulfilled, rejected);
    }
    return this.executeOther(fn, signal);
  }

  /**
   * @internal Fast lane for fused chains (fused-run.ts): on the closed untimed fast path, admits the
   * call and returns its generation as the ticket; otherwise returns -1 (take `execute`). Changes nothing.
   */
  tryEnter(): number {
    return this.fastPath ? this.generation : -1;
  }

  /** @internal Nothing to give back: admission on the fast path records nothing. */
  cancelEnter(_ticket: number): void {}

  /** @internal The call admitted by `tryEnter` ended: records it as this generation's handlers would. */
  leave(generation: number, ok: boolean, outcome: unknown): void {
    if (ok) this.settleUntimedSuccess(generation);
    else this.settle(generation, this.countsAsFailure(outcome) ? FAILURE : IGNORED, outcome, UNTIMED);
  }

  /** Every state but the closed untimed fast path. */
  private executeOther<T>(fn: Operation<T>, signal: AbortSignal | undefined): Promise<T> {
    switch (this.stateCode) {
      case CLOSED:
        return this.run(fn, signal);
      case OPEN: {
        const now = this.now();
        if (now < this.nextAttemptAt) return this.reject(Math.ceil(this.nextAttemptAt - now));
        this.transition(HALF_OPEN, now);
        // A state listener may have changed the state again: dispatch on what it is now.
        return this.executeOther(fn, signal);
      }
      case HALF_OPEN:
        if (this.trialsAdmitted >= this.config.halfOpenMaxCalls) return this.reject(0);
        this.trialsAdmitted++;
        return this.run(fn, signal);
      case FORCED_OPEN:
        return this.reject(0);
      case DISABLED:
        try {
          return Promise.resolve(fn(signal ?? NEVER_ABORTED));
        } catch (error) {
          return Promise.reject(error);
        }
    }
  }

  /** Runs an admitted call and records its outcome against the current generation. */
  private run<T>(fn: Operation<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!this.timed) {
      const fulfilled = this.onFulfilled;
      const rejected = this.onRejected;
      let result: PromiseLike<T> | T;
      try {
        result = fn(signal ?? NEVER_ABORTED);
      } catch (error) {
        return settleSyncThrow(rejected, error);
      }
      return Promise.resolve(result).then(fulfilled, rejected);
    }
    const generation = this.generation;
    const clock = this.durationClock;
    const start = clock();
    let result: PromiseLike<T> | T;
    try {
      result = fn(signal ?? NEVER_ABORTED);
    } catch (error) {
      this.settle(generation, this.countsAsFailure(error) ? FAILURE : IGNORED, error, clock() - start);
      return Promise.reject(error);
    }
    return Promise.resolve(result).then(
      (value) => {
        this.settle(generation, SUCCESS, undefined, clock() - start);
        return value;
      },
      (error: unknown) => {
        this.settle(generation, this.countsAsFailure(error) ? FAILURE : IGNORED, error, clock() - start);
        throw error;
      },
    );
  }

  /** Makes the outcome handlers of the current generation (once per state change, not per call). */
  private bindHandlers(): void {
    const generation = this.generation;
    this.onFulfilled = (value) => {
      this.settleUntimedSuccess(generation);
      return value;
    };
    this.onRejected = (error) => {
      this.settle(generation, this.countsAsFailure(error) ? FAILURE : IGNORED, error, UNTIMED);
      throw error;
    };
  }

  /** Counts an outcome, and lets it move the window and the state if its call began in the current generation. */
  private settle(generation: number, outcome: Outcome, error: unknown, durationMs: number): void {
    const slow = outcome !== IGNORED && durationMs >= this.config.slowCallDurationThreshold;
    if (slow) this.slowCallCount++;
    if (outcome === SUCCESS) {
      this.successCount++;
      const listeners = this.successListeners;
      if (listeners !== null && listeners.size > 0) listeners.emit({ name: this.name, durationMs: timedOrUndefined(durationMs), slow });
    } else if (outcome === FAILURE) {
      this.failureCount++;
      const listeners = this.failureListeners;
      if (listeners !== null && listeners.size > 0)
        listeners.emit({ name: this.name, error, durationMs: timedOrUndefined(durationMs), slow });
    } else {
      this.ignoredCount++;
    }
    // A listener above may have changed the state; the generation check covers that too.
    if (generation !== this.generation) return;
    if (this.stateCode === CLOSED) {
      if (outcome !== IGNORED && this.window.record(outcome === FAILURE, slow)) this.open(this.now());
    } else if (this.stateCode === HALF_OPEN) {
      this.settleTrial(outcome, slow);
    }
  }

  /** `settle` for the commonest outcome, without the checks an untimed success does not need. */
  private settleUntimedSuccess(generation: number): void {
    this.successCount++;
    const listeners = this.successListeners;
    if (listeners !== null && listeners.size > 0) listeners.emit({ name: this.name, durationMs: undefined, slow: false });
    if (generation !== this.generation) return;
    if (this.stateCode === CLOSED) {
      if (this.window.record(false, false)) this.open(this.now());
    } else if (this.stateCode === HALF_OPEN) {
      this.settleTrial(SUCCESS, false);
    }
  }

  /**
   * Half-open: the first failed (or slow) trial reopens at once with a longer timeout; the breaker
   * closes when all `halfOpenMaxCalls` trials succeeded. An ignored error frees its trial slot.
   */
  private settleTrial(outcome: Outcome, slow: boolean): void {
    if (outcome === IGNORED) {
      this.trialsAdmitted--;
    } else if (outcome === FAILURE || slow) {
      const c = this.config;
      this.currentRecoveryTimeout = grownRecoveryTimeout(this.currentRecoveryTimeout, c.backoffMultiplier, c.maxRecoveryTimeout);
      this.open(this.now());
    } else if (++this.trialsSucceeded >= this.config.halfOpenMaxCalls) {
      this.closeCircuit(this.now());
    }
  }

  private open(now: number): void {
    this.openedAt = now;
    this.nextAttemptAt = now + jitteredWait(this.currentRecoveryTimeout, this.config.jitter, this.random);
    this.transition(OPEN, now);
  }

  private closeCircuit(now: number): void {
    this.currentRecoveryTimeout = this.config.recoveryTimeout;
    this.openedAt = null;
    this.window.clear();
    this.transition(CLOSED, now);
  }

  /** Starts a new generation in `to` and tells the listeners (if the state really changed). */
  private transition(to: StateCode, now: number): void {
    const from = this.stateCode;
    this.stateCode = to;
    this.fastPath = to === CLOSED && !this.timed;
    this.generation++;
    this.trialsAdmitted = 0;
    this.trialsSucceeded = 0;
    this.bindHandlers();
    const listeners = this.stateListeners;
    if (from !== to && listeners !== null && listeners.size > 0) {
      listeners.emit({ name: this.name, from: STATE_NAMES[from], to: STATE_NAMES[to], at: now, snapshot: this.snapshot() });
    }
  }

  private reject(retryAfterMs: number): Promise<never> {
    this.rejectedCount++;
    const state = STATE_NAMES[this.stateCode];
    const listeners = this.rejectionListeners;
    if (listeners !== null && listeners.size > 0) listeners.emit({ name: this.name, state, retryAfterMs });
    return Promise.reject(CircuitOpenError.create(this.name, state, retryAfterMs));
  }

  // ---- operator actions ----

  /** Rejects every call (with retryAfterMs 0) until `reset()`/`close()`. */
  forceOpen(): void {
    this.openedAt = this.now();
    this.transition(FORCED_OPEN, this.openedAt);
  }

  /** Lets every call through and records nothing until `reset()`/`close()`. */
  disable(): void {
    this.openedAt = null;
    this.transition(DISABLED, this.now());
  }

  /**
   * Back to closed with an empty window and the base recovery timeout, from any state. Calls still
   * in flight from before count in the totals but no longer affect the state. Lifetime counts are kept.
   */
  reset(): void {
    this.closeCircuit(this.now());
  }

  /** The operator's "close the circuit": the same as `reset()`. */
  close(): void {
    this.reset();
  }

  // ---- observation ----

  snapshot(): CircuitBreakerSnapshot {
    const c = this.config;
    const w = this.window.stats();
    return {
      name: this.name,
      state: STATE_NAMES[this.stateCode],
      windowType: c.windowType,
      successCount: this.successCount,
      failureCount: this.failureCount,
      ignoredCount: this.ignoredCount,
      rejectedCount: this.rejectedCount,
      slowCallCount: this.slowCallCount,
      consecutiveFailures: w.consecutiveFailures,
      failureRate: w.failureRate,
      slowCallRate: w.slowCallRate,
      bufferedCalls: w.bufferedCalls,
      openedAt: this.openedAt,
      nextAttemptAt: this.stateCode === OPEN ? this.nextAttemptAt : null,
      halfOpenTrials: {
        admitted: this.stateCode === HALF_OPEN ? this.trialsAdmitted : 0,
        succeeded: this.stateCode === HALF_OPEN ? this.trialsSucceeded : 0,
      },
      failureThreshold: c.failureThreshold,
      failureRateThreshold: c.failureRateThreshold,
      minimumCalls: c.minimumCalls,
      windowSize: c.windowSize,
      slowCallDurationThreshold: this.timed ? c.slowCallDurationThreshold : null,
      slowCallRateThreshold: c.slowCallRateThreshold,
      recoveryTimeout: c.recoveryTimeout,
      currentRecoveryTimeout: this.currentRecoveryTimeout,
      maxRecoveryTimeout: c.maxRecoveryTimeout,
      halfOpenMaxCalls: c.halfOpenMaxCalls,
    };
  }

  /** Called on every state change (not for a reset of an already closed breaker). Returns a disposer. */
  onStateChange(listener: Listener<CircuitStateChangeEvent>): () => void {
    return (this.stateListeners ??= new ListenerList(`Circuit breaker "${this.name}" onStateChange`)).add(listener);
  }

  /** Called when a recorded call succeeds. Returns a disposer. */
  onSuccess(listener: Listener<CircuitSuccessEvent>): () => void {
    return (this.successListeners ??= new ListenerList(`Circuit breaker "${this.name}" onSuccess`)).add(listener);
  }

  /** Called when a call fails with an error that counts (not for ignored errors). Returns a disposer. */
  onFailure(listener: Listener<CircuitFailureEvent>): () => void {
    return (this.failureListeners ??= new ListenerList(`Circuit breaker "${this.name}" onFailure`)).add(listener);
  }

  /** Called when the breaker rejects a call. Returns a disposer. */
  onRejection(listener: Listener<CircuitRejectionEvent>): () => void {
    return (this.rejectionListeners ??= new ListenerList(`Circuit breaker "${this.name}" onRejection`)).add(listener);
  }
}

/** A synchronous throw is recorded like a rejection and returned as one. */
function settleSyncThrow(rejected: Rejected, error: unknown): Promise<never> {
  try {
    rejected(error);
  } catch {
    // `rejected` always rethrows `error` after recording it.
  }
  return Promise.reject(error);
}

function timedOrUndefined(durationMs: number): number | undefined {
  return durationMs === UNTIMED ? undefined : durationMs;
}
