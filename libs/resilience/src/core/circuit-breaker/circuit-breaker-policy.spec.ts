import { jest } from '@jest/globals';
import { CircuitOpenError, isCircuitOpenError } from '../errors.js';
import { NEVER_ABORTED } from '../policy.js';
import type { CircuitBreakerOptions } from './circuit-breaker-options.js';
import type { CircuitState, CircuitStateChangeEvent } from './circuit-breaker-events.js';
import { CircuitBreakerPolicy } from './circuit-breaker-policy.js';
import { isCoarseClockRunning, stopCoarseClock } from './coarse-clock.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { t: number; now: () => number } {
  const c = { t: start, now: () => c.t };
  return c;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}
function deferred<T = string>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise reaction run. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const ok = (): Promise<string> => Promise.resolve('ok');
const boom = (): Promise<never> => Promise.reject(new Error('boom'));

function breaker(options: Partial<CircuitBreakerOptions> = {}): { b: CircuitBreakerPolicy; clock: ReturnType<typeof manualClock> } {
  const clock = manualClock();
  const b = new CircuitBreakerPolicy({ name: 'test', recoveryTimeout: 1000, now: clock.now, ...options });
  return { b, clock };
}

async function failTimes(b: CircuitBreakerPolicy, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await expect(b.execute(boom)).rejects.toThrow('boom');
}

async function rejection(p: Promise<unknown>): Promise<CircuitOpenError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCircuitOpenError(error)).toBe(true);
  return error as CircuitOpenError;
}

function stateLog(b: CircuitBreakerPolicy): CircuitStateChangeEvent[] {
  const events: CircuitStateChangeEvent[] = [];
  b.onStateChange((e) => events.push(e));
  return events;
}

describe('CircuitBreakerPolicy', () => {
  describe('consecutive window (default)', () => {
    it('passes results and errors through while closed', async () => {
      const { b } = breaker();
      await expect(b.execute(ok)).resolves.toBe('ok');
      await expect(b.execute(() => 7)).resolves.toBe(7);
      await expect(b.execute(boom)).rejects.toThrow('boom');
      expect(b.state).toBe('closed');
      expect(b.kind).toBe('circuit_breaker');
    });

    it('opens after failureThreshold consecutive failures and rejects with how long to wait', async () => {
      const { b, clock } = breaker({ failureThreshold: 3 });
      await failTimes(b, 2);
      expect(b.state).toBe('closed');
      await failTimes(b, 1);
      expect(b.state).toBe('open');
      clock.t += 400;
      const error = await rejection(b.execute(ok));
      expect(error).toMatchObject({ breakerName: 'test', state: 'open', retryAfterMs: 600, code: 'CIRCUIT_OPEN' });
      expect(b.snapshot()).toMatchObject({ failureCount: 3, rejectedCount: 1, openedAt: 1_000_000, nextAttemptAt: 1_001_000 });
    });

    it('a success resets the run of failures', async () => {
      const { b } = breaker({ failureThreshold: 2 });
      await failTimes(b, 1);
      await b.execute(ok);
      await failTimes(b, 1);
      expect(b.state).toBe('closed');
      expect(b.snapshot().consecutiveFailures).toBe(1);
    });

    it('does not call the function while open', async () => {
      const { b } = breaker({ failureThreshold: 1 });
      await failTimes(b, 1);
      let called = false;
      await rejection(
        b.execute(() => {
          called = true;
          return 1;
        }),
      );
      expect(called).toBe(false);
    });

    it('goes half-open lazily on the first call after the recovery timeout, and closes when the trial succeeds', async () => {
      const { b, clock } = breaker({ failureThreshold: 1 });
      const events = stateLog(b);
      await failTimes(b, 1);
      clock.t += 999;
      await rejection(b.execute(ok));
      clock.t += 1;
      expect(b.state).toBe('open'); // no timer: nothing happens until a call arrives
      await expect(b.execute(ok)).resolves.toBe('ok');
      expect(b.state).toBe('closed');
      expect(events.map((e) => `${e.from}->${e.to}@${e.at - 1_000_000}`)).toEqual([
        'closed->open@0',
        'open->half_open@1000',
        'half_open->closed@1000',
      ]);
      expect(events[0].snapshot).toMatchObject({ state: 'open', failureCount: 1 });
      expect(b.snapshot()).toMatchObject({ openedAt: null, nextAttemptAt: null, consecutiveFailures: 0 });
    });

    it('a failed trial reopens at once with the next, longer recovery timeout', async () => {
      const { b, clock } = breaker({ failureThreshold: 1, backoffMultiplier: 2 });
      await failTimes(b, 1);
      clock.t += 1000;
      await failTimes(b, 1);
      expect(b.state).toBe('open');
      expect(b.snapshot()).toMatchObject({ currentRecoveryTimeout: 2000, nextAttemptAt: clock.t + 2000 });
    });

    it('counts a synchronous throw as a failure and returns it as a rejection', async () => {
      const { b } = breaker({ failureThreshold: 1 });
      const p = b.execute(() => {
        throw new Error('sync');
      });
      expect(b.state).toBe('open');
      await expect(p).rejects.toThrow('sync');
    });

    it("passes the caller's signal through, or NEVER_ABORTED when there is none", async () => {
      const { b } = breaker();
      const controller = new AbortController();
      const seen: AbortSignal[] = [];
      await b.execute((s) => seen.push(s), controller.signal);
      await b.execute((s) => seen.push(s));
      expect(seen[0]).toBe(controller.signal);
      expect(seen[1]).toBe(NEVER_ABORTED);
    });
  });

  describe('count window', () => {
    it('trips on the failure rate only once minimumCalls are buffered', async () => {
      const { b } = breaker({ slidingWindow: { type: 'count', size: 10 }, minimumCalls: 4, failureRateThreshold: 50 });
      await failTimes(b, 3);
      expect(b.state).toBe('closed');
      expect(b.snapshot()).toMatchObject({ bufferedCalls: 3, failureRate: -1 });
      await b.execute(ok); // 3 of 4 failed
      expect(b.state).toBe('open');
    });

    it('stays closed below the threshold and empties the window when it closes', async () => {
      const { b, clock } = breaker({ slidingWindow: { type: 'count', size: 4 }, failureRateThreshold: 50 });
      await b.execute(ok);
      await b.execute(ok);
      await b.execute(ok);
      await failTimes(b, 1);
      expect(b.snapshot()).toMatchObject({ state: 'closed', failureRate: 25, bufferedCalls: 4 });
      await failTimes(b, 1); // [ok, ok, fail, fail]
      expect(b.state).toBe('open');
      clock.t += 1000;
      await b.execute(ok);
      expect(b.snapshot()).toMatchObject({ state: 'closed', bufferedCalls: 0, failureRate: -1 });
    });
  });

  describe('time window', () => {
    it('trips on the rate of the last N seconds and forgets older calls', async () => {
      const { b, clock } = breaker({ slidingWindow: { type: 'time', size: 10 }, minimumCalls: 4, failureRateThreshold: 50 });
      await failTimes(b, 3);
      clock.t += 11_000; // those failures fall out of the window
      await b.execute(ok);
      await b.execute(ok);
      await failTimes(b, 1);
      expect(b.snapshot()).toMatchObject({ state: 'closed', bufferedCalls: 3 });
      await failTimes(b, 1); // 2 of 4 in the window
      expect(b.state).toBe('open');
    });
  });

  describe('time window on the shared coarse clock (no `now` given)', () => {
    beforeEach(() => {
      stopCoarseClock();
      jest.useFakeTimers({ now: 5_000_000 });
    });
    afterEach(() => {
      stopCoarseClock();
      jest.useRealTimers();
    });

    it('buckets calls by the coarse clock and forgets them as it advances', async () => {
      const b = new CircuitBreakerPolicy({
        name: 'coarse',
        slidingWindow: { type: 'time', size: 5 },
        minimumCalls: 2,
        failureRateThreshold: 100,
      });
      await failTimes(b, 1);
      expect(isCoarseClockRunning()).toBe(true);
      jest.advanceTimersByTime(6000);
      expect(b.snapshot().bufferedCalls).toBe(0);
      await failTimes(b, 1);
      expect(b.state).toBe('closed');
      await failTimes(b, 1);
      expect(b.state).toBe('open');
    });
  });

  describe('slow calls', () => {
    /** An operation that takes `ms` on the manual clock. */
    const takes =
      (clock: { t: number }, ms: number, fail = false) =>
      (): Promise<string> => {
        clock.t += ms;
        return fail ? Promise.reject(new Error('slow failure')) : Promise.resolve('done');
      };

    it('counts calls at or above the threshold as slow and trips on the slow-call rate', async () => {
      const { b, clock } = breaker({
        slidingWindow: { type: 'count', size: 4 },
        slowCallDurationThreshold: 100,
        slowCallRateThreshold: 50,
        failureRateThreshold: 100,
      });
      const durations: Array<number | undefined> = [];
      b.onSuccess((e) => durations.push(e.durationMs));
      await b.execute(takes(clock, 99));
      await b.execute(takes(clock, 100));
      await b.execute(takes(clock, 10));
      expect(b.state).toBe('closed');
      await b.execute(takes(clock, 500));
      expect(b.state).toBe('open');
      expect(durations).toEqual([99, 100, 10, 500]);
      expect(b.snapshot()).toMatchObject({ slowCallCount: 2, successCount: 4 });
    });

    it('in a consecutive window, slow or failed calls in a row trip the breaker', async () => {
      const { b, clock } = breaker({ failureThreshold: 3, slowCallDurationThreshold: 100 });
      await b.execute(takes(clock, 150));
      await expect(b.execute(takes(clock, 1, true))).rejects.toThrow('slow failure');
      expect(b.state).toBe('closed');
      await b.execute(takes(clock, 200));
      expect(b.state).toBe('open');
    });

    it('a slow trial counts as a failed trial', async () => {
      const { b, clock } = breaker({ failureThreshold: 1, slowCallDurationThreshold: 100 });
      await failTimes(b, 1);
      clock.t += 1000;
      await expect(b.execute(takes(clock, 150))).resolves.toBe('done');
      expect(b.state).toBe('open');
    });

    it('does not measure durations when no threshold is set', async () => {
      const { b, clock } = breaker();
      const durations: Array<number | undefined> = [];
      b.onSuccess((e) => durations.push(e.durationMs));
      await b.execute(takes(clock, 10_000));
      expect(durations).toEqual([undefined]);
      expect(b.snapshot()).toMatchObject({ slowCallCount: 0, slowCallDurationThreshold: null, slowCallRate: -1 });
    });
  });

  describe('recovery backoff', () => {
    it('grows by the multiplier on each failed trial, is capped, and resets to the base when it closes', async () => {
      const { b, clock } = breaker({ failureThreshold: 1, recoveryTimeout: 1000, backoffMultiplier: 2, maxRecoveryTimeout: 5000 });
      await failTimes(b, 1);
      const waits: number[] = [];
      for (let i = 0; i < 5; i++) {
        const s = b.snapshot();
        waits.push((s.nextAttemptAt as number) - (s.openedAt as number));
        clock.t = s.nextAttemptAt as number;
        await failTimes(b, 1);
      }
      expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
      clock.t = b.snapshot().nextAttemptAt as number;
      await b.execute(ok);
      expect(b.snapshot()).toMatchObject({ state: 'closed', currentRecoveryTimeout: 1000 });
      await failTimes(b, 1);
      expect(b.snapshot().nextAttemptAt).toBe(clock.t + 1000);
    });

    it('takes up to jitter × timeout off the wait, using the random source', async () => {
      let r = 0;
      const { b, clock } = breaker({ failureThreshold: 1, recoveryTimeout: 1000, jitter: 0.2, random: () => r });
      await failTimes(b, 1);
      expect(b.snapshot().nextAttemptAt).toBe(clock.t + 1000);
      clock.t += 1000;
      r = 0.5;
      await failTimes(b, 1);
      expect(b.snapshot().nextAttemptAt).toBe(clock.t + 900);
      clock.t += 900;
      r = 0.999999;
      await failTimes(b, 1);
      expect(b.snapshot().nextAttemptAt).toBeCloseTo(clock.t + 800, 2);
    });
  });

  describe('half-open under concurrency', () => {
    async function openThenWait(b: CircuitBreakerPolicy, clock: { t: number }): Promise<void> {
      await failTimes(b, b.snapshot().failureThreshold);
      expect(b.state).toBe('open');
      clock.t += b.snapshot().currentRecoveryTimeout;
    }

    it('admits exactly halfOpenMaxCalls of 100 concurrent callers and rejects the rest at once', async () => {
      const { b, clock } = breaker({ failureThreshold: 1, halfOpenMaxCalls: 3 });
      await openThenWait(b, clock);
      const trials: Deferred<string>[] = [];
      const calls = Array.from({ length: 100 }, () =>
        b.execute(() => {
          const d = deferred();
          trials.push(d);
          return d.promise;
        }),
      );
      expect(trials).toHaveLength(3);
      expect(b.state).toBe('half_open');
      const settled = await Promise.allSettled(calls.slice(3));
      expect(settled.every((s) => s.status === 'rejected' && isCircuitOpenError(s.reason) && s.reason.state === 'half_open')).toBe(true);
      trials[0].resolve('a');
      trials[1].resolve('b');
      await flush();
      expect(b.state).toBe('half_open'); // all three must succeed
      expect(b.snapshot().halfOpenTrials).toEqual({ admitted: 3, succeeded: 2 });
      trials[2].resolve('c');
      await expect(Promise.all(calls.slice(0, 3))).resolves.toEqual(['a', 'b', 'c']);
      expect(b.state).toBe('closed');
      expect(b.snapshot()).toMatchObject({ rejectedCount: 97, successCount: 3 });
    });

    it('a failed trial reopens with a longer timeout while the other 99 callers are rejected', async () => {
      const { b, clock } = breaker({ failureThreshold: 1, backoffMultiplier: 3 });
      await openThenWait(b, clock);
      const events = stateLog(b);
      const trial = deferred();
      const calls = [b.execute(() => trial.promise), ...Array.from({ length: 99 }, () => b.execute(ok))];
      trial.reject(new Error('still down'));
      const settled = await Promise.allSettled(calls);
      expect(settled.filter((s) => s.status === 'rejected' && isCircuitOpenError(s.reason))).toHaveLength(99);
      expect(b.state).toBe('open');
      expect(b.snapshot()).toMatchObject({ currentRecoveryTimeout: 3000, nextAttemptAt: clock.t + 3000, rejectedCount: 99 });
      expect(events.map((e) => e.to)).toEqual(['half_open', 'open']);
    });

    it('100 concurrent failures while closed open the breaker exactly once', async () => {
      const { b } = breaker({ failureThreshold: 5 });
      const events = stateLog(b);
      const pending = Array.from({ length: 100 }, () => deferred());
      const calls = pending.map((d) => b.execute(() => d.promise));
      for (const d of pending) d.reject(new Error('down'));
      await Promise.allSettled(calls);
      expect(events.map((e) => `${e.from}->${e.to}`)).toEqual(['closed->open']);
      expect(b.snapshot()).toMatchObject({ state: 'open', failureCount: 100 });
    });

    it('a late failure of a call started while closed does not reopen a half-open breaker', async () => {
      const { b, clock } = breaker({ failureThreshold: 2 });
      const late = deferred();
      const lateCall = b.execute(() => late.promise);
      await failTimes(b, 2);
      clock.t += 1000;
      const trial = deferred();
      const trialCall = b.execute(() => trial.promise);
      expect(b.state).toBe('half_open');
      late.reject(new Error('late'));
      await expect(lateCall).rejects.toThrow('late');
      expect(b.state).toBe('half_open');
      trial.resolve('fine');
      await expect(trialCall).resolves.toBe('fine');
      expect(b.state).toBe('closed');
      expect(b.snapshot()).toMatchObject({ failureCount: 3, successCount: 1, consecutiveFailures: 0 });
    });

    it('late successes from the closed state do not close a half-open breaker', async () => {
      const { b, clock } = breaker({ failureThreshold: 1 });
      const late = deferred();
      const lateCall = b.execute(() => late.promise);
      await failTimes(b, 1);
      clock.t += 1000;
      const trial = deferred();
      const trialCall = b.execute(() => trial.promise);
      late.resolve('late');
      await lateCall;
      expect(b.state).toBe('half_open');
      trial.reject(new Error('x'));
      await expect(trialCall).rejects.toThrow('x');
      expect(b.state).toBe('open');
    });

    it('an ignored error frees its trial slot without deciding', async () => {
      const { b, clock } = breaker({ failureThreshold: 1 });
      await openThenWait(b, clock);
      await expect(b.execute(() => Promise.reject({ status: 404 }))).rejects.toEqual({ status: 404 });
      expect(b.state).toBe('half_open');
      await b.execute(ok);
      expect(b.state).toBe('closed');
      expect(b.snapshot().ignoredCount).toBe(1);
    });

    it('a trial pending when the breaker is reset is counted but changes nothing', async () => {
      const { b, clock } = breaker({ failureThreshold: 1 });
      await openThenWait(b, clock);
      const trial = deferred();
      const call = b.execute(() => trial.promise);
      b.reset();
      trial.reject(new Error('late trial'));
      await expect(call).rejects.toThrow('late trial');
      expect(b.snapshot()).toMatchObject({ state: 'closed', failureCount: 2, consecutiveFailures: 0 });
    });

    it('a state listener that forces the breaker open on half-open gets the triggering call rejected', async () => {
      const { b, clock } = breaker({ failureThreshold: 1 });
      await openThenWait(b, clock);
      b.onStateChange((e) => {
        if (e.to === 'half_open') b.forceOpen();
      });
      const error = await rejection(b.execute(ok));
      expect(error.state).toBe('forced_open');
    });
  });

  describe('which errors count', () => {
    class Business extends Error {}
    class Outage extends Error {}

    it('does not count HTTP 4xx errors by default', async () => {
      const { b } = breaker({ failureThreshold: 1 });
      await expect(b.execute(() => Promise.reject(Object.assign(new Error('nf'), { status: 404 })))).rejects.toThrow('nf');
      await expect(b.execute(() => Promise.reject({ response: { status: 422 } }))).rejects.toBeDefined();
      expect(b.snapshot()).toMatchObject({ state: 'closed', ignoredCount: 2, failureCount: 0 });
      await expect(b.execute(() => Promise.reject({ response: { status: 503 } }))).rejects.toBeDefined();
      expect(b.state).toBe('open');
    });

    it('ignoreOn classes and predicates', async () => {
      const byClass = breaker({ failureThreshold: 1, ignoreOn: [Business] }).b;
      await expect(byClass.execute(() => Promise.reject(new Business()))).rejects.toBeInstanceOf(Business);
      expect(byClass.state).toBe('closed');
      const byPredicate = breaker({ failureThreshold: 1, ignoreOn: (e) => (e as Error).message === 'meh' }).b;
      await expect(byPredicate.execute(() => Promise.reject(new Error('meh')))).rejects.toThrow('meh');
      expect(byPredicate.state).toBe('closed');
      await expect(byPredicate.execute(boom)).rejects.toThrow('boom');
      expect(byPredicate.state).toBe('open');
    });

    it('recordOn classes and predicates', async () => {
      const byClass = breaker({ failureThreshold: 1, recordOn: [Outage] }).b;
      await expect(byClass.execute(boom)).rejects.toThrow('boom');
      expect(byClass.state).toBe('closed');
      await expect(byClass.execute(() => Promise.reject(new Outage()))).rejects.toBeInstanceOf(Outage);
      expect(byClass.state).toBe('open');
      const byPredicate = breaker({ failureThreshold: 1, recordOn: (e) => e instanceof Outage }).b;
      await expect(byPredicate.execute(() => Promise.reject(new Business()))).rejects.toBeInstanceOf(Business);
      expect(byPredicate.snapshot()).toMatchObject({ state: 'closed', ignoredCount: 1 });
    });
  });

  describe('operator actions', () => {
    it('forceOpen rejects everything with retryAfterMs 0 until reset', async () => {
      const { b, clock } = breaker();
      b.forceOpen();
      clock.t += 1e9;
      const error = await rejection(b.execute(ok));
      expect(error).toMatchObject({ state: 'forced_open', retryAfterMs: 0 });
      expect(b.state).toBe('forced_open');
      b.reset();
      await expect(b.execute(ok)).resolves.toBe('ok');
    });

    it('disable lets everything through and records nothing', async () => {
      const { b } = breaker({ failureThreshold: 1 });
      b.disable();
      await failTimes(b, 10);
      await b.execute(ok);
      await expect(
        b.execute(() => {
          throw new Error('sync');
        }),
      ).rejects.toThrow('sync');
      expect(b.snapshot()).toMatchObject({ state: 'disabled', failureCount: 0, successCount: 0, rejectedCount: 0 });
    });

    it('reset returns an open breaker to closed with an empty window and the base timeout; close() does the same', async () => {
      const { b, clock } = breaker({ failureThreshold: 2, backoffMultiplier: 2 });
      await failTimes(b, 2);
      clock.t += 1000;
      await failTimes(b, 1); // failed trial: timeout grows
      expect(b.snapshot().currentRecoveryTimeout).toBe(2000);
      b.reset();
      expect(b.snapshot()).toMatchObject({ state: 'closed', currentRecoveryTimeout: 1000, consecutiveFailures: 0, openedAt: null });
      await failTimes(b, 1);
      expect(b.state).toBe('closed');
      await failTimes(b, 1);
      expect(b.state).toBe('open');
      b.close();
      expect(b.state).toBe('closed');
      expect(b.snapshot().failureCount).toBe(5); // lifetime totals survive a reset
    });

    it('announces operator transitions, but not a reset of a closed breaker', () => {
      const { b } = breaker();
      const events = stateLog(b);
      b.reset();
      b.forceOpen();
      b.disable();
      b.reset();
      expect(events.map((e) => `${e.from}->${e.to}`)).toEqual(['closed->forced_open', 'forced_open->disabled', 'disabled->closed']);
    });
  });

  describe('listeners', () => {
    it('report success, failure (with the error) and rejection, and stop after dispose', async () => {
      const { b } = breaker({ failureThreshold: 1 });
      const seen: string[] = [];
      const offSuccess = b.onSuccess((e) => seen.push(`success ${e.name}`));
      const offFailure = b.onFailure((e) => seen.push(`failure ${(e.error as Error).message}`));
      const offRejection = b.onRejection((e) => seen.push(`rejection ${e.state} ${e.retryAfterMs}`));
      await b.execute(ok);
      await failTimes(b, 1);
      await rejection(b.execute(ok));
      expect(seen).toEqual(['success test', 'failure boom', 'rejection open 1000']);
      offSuccess();
      offFailure();
      offRejection();
      offRejection(); // disposing twice is harmless
      b.reset();
      await b.execute(ok);
      await failTimes(b, 1);
      await rejection(b.execute(ok));
      expect(seen).toHaveLength(3);
    });

    it('a throwing listener never breaks a call or the state machine', async () => {
      const { b } = breaker({ failureThreshold: 1 });
      const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const states: CircuitState[] = [];
      b.onStateChange(() => {
        throw new Error('listener bug');
      });
      b.onStateChange((e) => states.push(e.to));
      b.onFailure(() => {
        throw new Error('listener bug');
      });
      await failTimes(b, 1);
      expect(b.state).toBe('open');
      expect(states).toEqual(['open']);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        'Circuit breaker "test" onFailure listener threw: listener bug',
        'Circuit breaker "test" onStateChange listener threw: listener bug',
      ]);
      warn.mockRestore();
    });

    it('disposing one of two identical listeners keeps the other', async () => {
      const { b } = breaker();
      let n = 0;
      const listener = (): void => {
        n++;
      };
      const off = b.onSuccess(listener);
      b.onSuccess(listener);
      off();
      await b.execute(ok);
      expect(n).toBe(1);
    });
  });

  it('snapshot shows the options a health page needs', () => {
    const b = new CircuitBreakerPolicy({ name: 'payments', slidingWindow: { type: 'count', size: 20 }, recoveryTimeout: 5000 });
    expect(b.snapshot()).toEqual({
      name: 'payments',
      state: 'closed',
      windowType: 'count',
      successCount: 0,
      failureCount: 0,
      ignoredCount: 0,
      rejectedCount: 0,
      slowCallCount: 0,
      consecutiveFailures: 0,
      failureRate: -1,
      slowCallRate: -1,
      bufferedCalls: 0,
      openedAt: null,
      nextAttemptAt: null,
      halfOpenTrials: { admitted: 0, succeeded: 0 },
      failureThreshold: 5,
      failureRateThreshold: 50,
      minimumCalls: 20,
      windowSize: 20,
      slowCallDurationThreshold: null,
      slowCallRateThreshold: 100,
      recoveryTimeout: 5000,
      currentRecoveryTimeout: 5000,
      maxRecoveryTimeout: 50_000,
      halfOpenMaxCalls: 1,
    });
  });

  it('validates its options at construction', () => {
    expect(() => new CircuitBreakerPolicy({ name: 'x', halfOpenMaxCalls: 0 })).toThrow(/halfOpenMaxCalls: must be an integer >= 1/);
  });
});
