/**
 * The fused run (one layer for adjacent breakers, bulkheads and a timeout) must behave exactly as
 * the same policies nested. Each test drives two identically configured stacks in lockstep: one
 * composed normally (fused), one whose policies are hidden behind plain wrappers so that
 * `composePolicies` can only nest them. Outcomes, signals and snapshots must match.
 */
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { BulkheadPolicy } from './bulkhead/bulkhead-policy.js';
import { CircuitBreakerPolicy } from './circuit-breaker/circuit-breaker-policy.js';
import { isTimeoutError } from './errors.js';
import { FusedRun } from './fused-run.js';
import { composePolicies, NEVER_ABORTED, type ComposedPolicy, type Operation, type Policy } from './policy.js';
import { ArityCache } from './timeout/arity-cache.js';
import { TimeoutPolicy } from './timeout/timeout-policy.js';

interface Config {
  timeoutMs: number;
  maxConcurrent: number;
  maxQueue: number;
  failureThreshold: number;
  halfOpenMaxCalls: number;
  window: 'consecutive' | 'count';
  /** Where the timeout sits: outside the bulkhead (the fixed order) or absent. */
  withTimeout: boolean;
}

interface Stack {
  composed: Policy;
  breaker: CircuitBreakerPolicy;
  bulkhead: BulkheadPolicy;
}

/** Hides the fast-lane hooks, so the composition nests this policy as a layer of its own. */
const opaque = (p: Policy): Policy => ({ kind: p.kind, execute: <T>(fn: Operation<T>, s?: AbortSignal) => p.execute(fn, s) });

function stack(c: Config, fused: boolean): Stack {
  const breaker = new CircuitBreakerPolicy({
    name: 'b',
    failureThreshold: c.failureThreshold,
    slidingWindow: c.window === 'count' ? { type: 'count', size: 4 } : { type: 'consecutive' },
    minimumCalls: c.window === 'count' ? 2 : undefined,
    failureRateThreshold: c.window === 'count' ? 50 : undefined,
    recoveryTimeout: 40,
    halfOpenMaxCalls: c.halfOpenMaxCalls,
  });
  const bulkhead = new BulkheadPolicy({ name: 'k', maxConcurrent: c.maxConcurrent, maxQueue: c.maxQueue });
  const policies: Policy[] = [breaker, bulkhead];
  if (c.withTimeout) policies.push(new TimeoutPolicy({ timeoutMs: c.timeoutMs }));
  return { composed: composePolicies(...(fused ? policies : policies.map(opaque))), breaker, bulkhead };
}

/** An HTTP 404-like error: the breaker ignores it by default. */
class NotFound extends Error {
  readonly status = 404;
}

interface CallRecord {
  state: 'pending' | 'resolved' | 'rejected';
  value?: unknown;
  error?: string;
  signal?: 'none' | 'never' | 'fresh' | 'aborted';
  settle?: (ok: boolean, error?: unknown) => void;
  caller?: AbortController;
}

type Mode = 'async' | 'syncValue' | 'syncThrow' | 'never';

/** Starts one call and records how it goes; never leaves a rejection unhandled. */
function start(s: Stack, id: number, mode: Mode, takesSignal: boolean, withCallerSignal: boolean): CallRecord {
  const rec: CallRecord = { state: 'pending' };
  let seen: AbortSignal | undefined;
  const body = (): unknown => {
    switch (mode) {
      case 'syncValue':
        return id;
      case 'syncThrow':
        throw new Error(`sync ${id}`);
      case 'never':
        return new Promise(() => undefined);
      case 'async':
        return new Promise((resolve, reject) => {
          rec.settle = (ok, error) => (ok ? resolve(id) : reject(error));
        });
    }
  };
  const fn = takesSignal
    ? (signal: AbortSignal) => {
        seen = signal;
        return body();
      }
    : () => body();
  if (withCallerSignal) rec.caller = new AbortController();
  (s.composed.execute(fn as Operation<unknown>, rec.caller?.signal) as Promise<unknown>).then(
    (value) => Object.assign(rec, { state: 'resolved', value }),
    (error: unknown) => Object.assign(rec, { state: 'rejected', error: `${(error as Error).name}: ${(error as Error).message}` }),
  );
  rec.signal = seen === undefined ? 'none' : seen === NEVER_ABORTED ? 'never' : 'fresh';
  Object.defineProperty(rec, 'signalNow', { get: () => (seen !== undefined && seen.aborted ? 'aborted' : rec.signal) });
  return rec;
}

/** What a comparison sees of a call (not its settle hook or controller). */
const view = (r: CallRecord) => ({
  state: r.state,
  value: r.value,
  error: r.error,
  signal: (r as unknown as { signalNow: string }).signalNow,
});

const flush = async (): Promise<void> => {
  for (let i = 0; i < 30; i++) await Promise.resolve();
};

type Action =
  | { kind: 'start'; mode: Mode; takesSignal: boolean; withCallerSignal: boolean }
  | { kind: 'settle'; pick: number; outcome: 'ok' | 'fail' | 'ignored' }
  | { kind: 'abort'; pick: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'operator'; op: 'reset' | 'forceOpen' };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('start' as const),
      mode: fc.constantFrom<Mode>('async', 'async', 'async', 'syncValue', 'syncThrow', 'never'),
      takesSignal: fc.boolean(),
      withCallerSignal: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), outcome: fc.constantFrom('ok', 'fail', 'ignored') }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 60 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('operator' as const), op: fc.constantFrom('reset' as const, 'forceOpen' as const) }),
  },
);

const configArb: fc.Arbitrary<Config> = fc.record({
  timeoutMs: fc.integer({ min: 5, max: 50 }),
  maxConcurrent: fc.integer({ min: 1, max: 3 }),
  maxQueue: fc.integer({ min: 0, max: 2 }),
  failureThreshold: fc.integer({ min: 1, max: 3 }),
  halfOpenMaxCalls: fc.integer({ min: 1, max: 2 }),
  window: fc.constantFrom('consecutive' as const, 'count' as const),
  withTimeout: fc.boolean(),
});

describe('FusedRun (composed breaker + bulkhead + timeout on one fast lane)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    // The shared ticker stops once nothing is in flight or remembered.
    jest.advanceTimersByTime(10);
    expect(jest.getTimerCount()).toBe(0);
    jest.useRealTimers();
  });

  it('behaves as the nested chain for random calls, settlements, aborts, clock steps and operator actions', async () => {
    await fc.assert(
      fc.asyncProperty(configArb, fc.array(actionArb, { maxLength: 40 }), async (config, actions) => {
        const fused = stack(config, true);
        const nested = stack(config, false);
        const calls: [CallRecord, CallRecord][] = [];
        for (const action of actions) {
          switch (action.kind) {
            case 'start': {
              const id = calls.length;
              calls.push([
                start(fused, id, action.mode, action.takesSignal, action.withCallerSignal),
                start(nested, id, action.mode, action.takesSignal, action.withCallerSignal),
              ]);
              break;
            }
            case 'settle': {
              const open = calls.filter(([f]) => f.settle !== undefined);
              if (open.length === 0) break;
              const pair = open[action.pick % open.length];
              for (const rec of pair) {
                const settle = rec.settle!;
                rec.settle = undefined;
                if (action.outcome === 'ok') settle(true);
                else settle(false, action.outcome === 'fail' ? new Error('boom') : new NotFound('gone'));
              }
              break;
            }
            case 'abort': {
              const withSignal = calls.filter(([f]) => f.caller !== undefined);
              if (withSignal.length === 0) break;
              for (const rec of withSignal[action.pick % withSignal.length]) rec.caller!.abort(new Error('caller left'));
              break;
            }
            case 'tick':
              // Async: microtasks run after each timer, as in a real event loop (the nested chain records a
              // timeout a microtask after the tick; synchronous advancing would stamp it at the end of the step).
              await jest.advanceTimersByTimeAsync(action.ms);
              break;
            case 'operator':
              for (const s of [fused, nested]) s.breaker[action.op]();
              break;
          }
          await flush();
          expect(calls.map(([f]) => view(f))).toEqual(calls.map(([, n]) => view(n)));
          expect(fused.breaker.snapshot()).toEqual(nested.breaker.snapshot());
          expect(fused.bulkhead.snapshot()).toEqual(nested.bulkhead.snapshot());
        }
        // Let every call end, so nothing stays in flight for the next run.
        for (const pair of calls) for (const rec of pair) rec.settle?.(true);
        jest.advanceTimersByTime(100);
        await flush();
      }),
      { numRuns: 150 },
    );
  });

  it('takes the fast lane while the breaker is closed and a slot is free, the nested chain otherwise', async () => {
    const breaker = new CircuitBreakerPolicy({ name: 'b', failureThreshold: 1, recoveryTimeout: 1000 });
    const bulkhead = new BulkheadPolicy({ name: 'k', maxConcurrent: 1, maxQueue: 1 });
    const composed = composePolicies(new TimeoutPolicy({ timeoutMs: 100 }), breaker, bulkhead);
    const breakerExecute = jest.spyOn(breaker, 'execute');
    const bulkheadExecute = jest.spyOn(bulkhead, 'execute');

    await expect(composed.execute(async () => 1)).resolves.toBe(1);
    expect(breakerExecute).not.toHaveBeenCalled();
    expect(bulkheadExecute).not.toHaveBeenCalled();

    // Slot taken: the second call queues through the nested chain, and runs after the first.
    let release!: (v: number) => void;
    const first = composed.execute(() => new Promise<number>((resolve) => (release = resolve)));
    const second = composed.execute(async () => 2);
    expect(bulkheadExecute).toHaveBeenCalledTimes(1);
    expect(bulkhead.snapshot()).toMatchObject({ active: 1, queued: 1 });
    release(1);
    await expect(first).resolves.toBe(1);
    await expect(second).resolves.toBe(2);
    expect(bulkhead.snapshot()).toMatchObject({ active: 0, queued: 0, completed: 3 });

    // Open breaker: the nested chain rejects with CircuitOpenError.
    await expect(composed.execute(async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    await expect(composed.execute(async () => 3)).rejects.toMatchObject({ name: 'CircuitOpenError' });
    expect(breakerExecute).toHaveBeenCalledTimes(2);
  });

  it('at the deadline rejects an operation that ignores its signal and counts the failure, but frees the slot only when it ends', async () => {
    const breaker = new CircuitBreakerPolicy({ name: 'b', failureThreshold: 5 });
    const bulkhead = new BulkheadPolicy({ name: 'k', maxConcurrent: 2 });
    const timeout = new TimeoutPolicy({ timeoutMs: 50 });
    const composed = composePolicies(timeout, breaker, bulkhead);
    let finish!: (error: Error) => void;
    let args: unknown[] = [];
    const call = composed
      .execute(function (...rest: unknown[]) {
        args = rest;
        return new Promise<never>((_, reject) => (finish = reject));
      })
      .catch((e: unknown) => e);
    expect(args).toEqual([NEVER_ABORTED]);
    jest.advanceTimersByTime(50 + timeout.resolutionMs);
    expect(isTimeoutError(await call)).toBe(true);
    expect(breaker.snapshot()).toMatchObject({ failureCount: 1, consecutiveFailures: 1 });
    expect(bulkhead.snapshot()).toMatchObject({ active: 1, failed: 0 });
    // The late rejection frees the slot, is not counted again by the breaker, and is not unhandled.
    finish(new Error('late'));
    await flush();
    expect(bulkhead.snapshot()).toMatchObject({ active: 0, failed: 1 });
    expect(breaker.snapshot()).toMatchObject({ failureCount: 1 });
  });

  it('creates a signal only for an operation that declares one, and aborts it at the deadline', async () => {
    const composed = composePolicies(new TimeoutPolicy({ timeoutMs: 20 }), new CircuitBreakerPolicy({ name: 'b' }));
    let seen: AbortSignal | undefined;
    const call = composed
      .execute((signal) => {
        seen = signal;
        return new Promise<never>(() => undefined);
      })
      .catch((e: unknown) => e);
    expect(seen).toBeInstanceOf(AbortSignal);
    expect(seen).not.toBe(NEVER_ABORTED);
    jest.advanceTimersByTime(30);
    const error = await call;
    expect(isTimeoutError(error)).toBe(true);
    expect(seen!.aborted).toBe(true);
    expect(seen!.reason).toBe(error);
  });

  it('does not let a late result from before a state change move the window (generation guard)', async () => {
    const breaker = new CircuitBreakerPolicy({ name: 'b', failureThreshold: 1, recoveryTimeout: 1000 });
    const composed = composePolicies(breaker, new BulkheadPolicy({ name: 'k', maxConcurrent: 5 }));
    let fail!: (e: Error) => void;
    const old = composed.execute(() => new Promise<never>((_, reject) => (fail = reject))).catch((e: unknown) => e);
    breaker.forceOpen();
    breaker.reset();
    fail(new Error('from the old generation'));
    await old;
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot()).toMatchObject({ failureCount: 1, consecutiveFailures: 0 });
  });

  it('keeps many overlapping calls apart while it reuses finished call objects', async () => {
    const composed = composePolicies(
      new TimeoutPolicy({ timeoutMs: 1000 }),
      new CircuitBreakerPolicy({ name: 'b', failureThreshold: 1000 }),
      new BulkheadPolicy({ name: 'k', maxConcurrent: 1000 }),
    );
    for (let round = 0; round < 3; round++) {
      const settles: (() => void)[] = [];
      const results = Array.from({ length: 200 }, (_, i) =>
        composed.execute(
          () =>
            new Promise<number>((resolve, reject) => {
              settles.push(() => (i % 3 === 0 ? reject(new Error(`e${i}`)) : resolve(i)));
            }),
        ),
      );
      // Settle in a scrambled order.
      for (let k = 0; k < settles.length; k++) settles[(k * 7) % settles.length]();
      const outcomes = await Promise.allSettled(results);
      outcomes.forEach((o, i) => {
        if (i % 3 === 0) expect(o).toEqual({ status: 'rejected', reason: new Error(`e${i}`) });
        else expect(o).toEqual({ status: 'fulfilled', value: i });
      });
    }
  });

  it('executeInline: a plain value comes back as it is, with the gates left and the deadline dropped; anything else as execute', async () => {
    const breaker = new CircuitBreakerPolicy({ name: 'b', failureThreshold: 1, recoveryTimeout: 1000 });
    const bulkhead = new BulkheadPolicy({ name: 'k', maxConcurrent: 1 });
    const timeout = new TimeoutPolicy({ timeoutMs: 100 });
    const fused = (composePolicies(timeout, breaker, bulkhead) as ComposedPolicy).fused!;
    expect(fused).toBeInstanceOf(FusedRun);
    const timersBefore = jest.getTimerCount();

    const value = { ok: true };
    expect(fused.executeInline(() => value)).toBe(value); // the same object, no promise
    expect(bulkhead.snapshot()).toMatchObject({ active: 0, completed: 1 });
    expect(breaker.snapshot()).toMatchObject({ successCount: 1, failureCount: 0 });
    jest.advanceTimersByTime(200 + timeout.resolutionMs); // nothing left to time out
    expect(breaker.snapshot()).toMatchObject({ failureCount: 0 });
    expect(jest.getTimerCount()).toBe(timersBefore);

    // A promise goes the usual way, deadline included.
    const pending = fused.executeInline(() => new Promise<never>(() => undefined));
    expect(pending).toBeInstanceOf(Promise);
    jest.advanceTimersByTime(100 + timeout.resolutionMs);
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(breaker.state).toBe('open');

    // Refused: a rejected promise with the policy's error, and the operation never ran.
    let ran = false;
    const refused = fused.executeInline(() => (ran = true));
    await expect(refused).rejects.toMatchObject({ name: 'CircuitOpenError' });
    expect(ran).toBe(false);
  });

  it('executeInline with takesSignal: the caller decides the signal, and a synchronous answer starts no timer at all', async () => {
    const timeout = new TimeoutPolicy({ timeoutMs: 100 });
    const breaker = new CircuitBreakerPolicy({ name: 'b', failureThreshold: 5 });
    const fused = (composePolicies(timeout, breaker) as ComposedPolicy).fused!;
    expect(jest.getTimerCount()).toBe(0);

    let seen: AbortSignal | undefined;
    // Declares a signal, but the caller says it does not read it.
    expect(fused.executeInline((signal: AbortSignal) => ((seen = signal), 1), false)).toBe(1);
    expect(seen).toBe(NEVER_ABORTED);
    expect(jest.getTimerCount()).toBe(0); // no watch, no arity cache: the shared ticker never started

    // Declares none (a rest parameter has length 0), but the caller says it reads it.
    const pending = fused.executeInline((...args: AbortSignal[]) => {
      seen = args[0];
      return new Promise<never>(() => undefined);
    }, true);
    expect(seen).not.toBe(NEVER_ABORTED);
    expect(seen!.aborted).toBe(false);
    jest.advanceTimersByTime(100 + timeout.resolutionMs);
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(seen!.aborted).toBe(true);
  });

  it('executeInline: a synchronous throw is a rejected promise and a counted failure', async () => {
    const breaker = new CircuitBreakerPolicy({ name: 'b', failureThreshold: 5 });
    const bulkhead = new BulkheadPolicy({ name: 'k', maxConcurrent: 1 });
    const fused = (composePolicies(breaker, bulkhead) as ComposedPolicy).fused!;
    const result = fused.executeInline(() => {
      throw new Error('sync');
    });
    await expect(result).rejects.toThrow('sync');
    expect(breaker.snapshot()).toMatchObject({ failureCount: 1 });
    expect(bulkhead.snapshot()).toMatchObject({ active: 0 });
  });

  it('is not used for a single policy or for policies that cannot be fused', () => {
    expect(() => new FusedRun([{ kind: 'retry', execute: () => Promise.resolve() } as Policy], () => Promise.resolve() as never)).toThrow(
      'cannot be fused',
    );
  });
});

describe('ArityCache', () => {
  afterEach(() => jest.useRealTimers());

  it('reads fn.length once per function until the next tick, then forgets the function', () => {
    jest.useFakeTimers();
    const cache = new ArityCache();
    let reads = 0;
    const fn = (_signal: AbortSignal): void => undefined;
    Object.defineProperty(fn, 'length', {
      get: () => {
        reads++;
        return 1;
      },
    });
    expect(cache.of(fn)).toBe(1);
    expect(cache.of(fn)).toBe(1);
    expect(reads).toBe(1);
    expect(cache.of(() => undefined)).toBe(0);
    expect(cache.of(fn)).toBe(1);
    expect(reads).toBe(2);
    jest.advanceTimersByTime(5);
    expect(jest.getTimerCount()).toBe(0);
    expect(cache.of(fn)).toBe(1);
    expect(reads).toBe(3);
    jest.advanceTimersByTime(5);
  });
});
