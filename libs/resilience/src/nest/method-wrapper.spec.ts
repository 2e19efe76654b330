import { Observable, Subject, firstValueFrom, isObservable, of, throwError, toArray } from 'rxjs';
import { BulkheadPolicy } from '../core/bulkhead/bulkhead-policy.js';
import { CircuitBreakerPolicy } from '../core/circuit-breaker/circuit-breaker-policy.js';
import { CircuitOpenError } from '../core/errors.js';
import { composePolicies, type Policy } from '../core/policy.js';
import { RetryPolicy } from '../core/retry/retry-policy.js';
import { wrapMethod, type FallbackHandler, type ResultKind } from './method-wrapper.js';

/** Lets every pending promise callback run (a macrotask comes after all microtasks). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type AnyMethod = (this: unknown, ...args: any[]) => any;
const wrap = (method: AnyMethod, policy: Policy, kind: ResultKind, fallback?: FallbackHandler) =>
  wrapMethod(method, { policy, kind, fallback });

/** A cold Observable that counts subscriptions and teardowns, and emits what the test pushes. */
class Source {
  subscriptions = 0;
  teardowns = 0;
  readonly feed = new Subject<number>();
  observable(): Observable<number> {
    return new Observable<number>((subscriber) => {
      this.subscriptions++;
      const inner = this.feed.subscribe(subscriber);
      return () => {
        this.teardowns++;
        inner.unsubscribe();
      };
    });
  }
}

describe('wrapMethod', () => {
  describe("kind 'detect' (no usable return-type metadata)", () => {
    it('returns an Observable for a method that returns one, lazily, each subscription through the policies', async () => {
      const breaker = new CircuitBreakerPolicy({ name: 'detect-obs' });
      let calls = 0;
      const method = function (this: { base: number }, n: number): Observable<number> {
        calls++;
        return of(this.base + n, this.base + n + 1);
      };
      const wrapped = wrap(method as AnyMethod, breaker, 'detect');
      const self = { base: 10 };

      const first = wrapped.call(self, 1) as Observable<number>;
      expect(isObservable(first)).toBe(true);
      // The probe called the method once (a cold Observable: nothing ran); the policies have not run.
      expect(calls).toBe(1);
      expect(breaker.snapshot().successCount).toBe(0);

      await expect(firstValueFrom(first.pipe(toArray()))).resolves.toEqual([11, 12]);
      // The first subscription reused the probed Observable: no second call.
      expect(calls).toBe(1);
      expect(breaker.snapshot().successCount).toBe(1);
      await expect(firstValueFrom(first.pipe(toArray()))).resolves.toEqual([11, 12]);
      expect(calls).toBe(2);
      expect(breaker.snapshot().successCount).toBe(2);

      // The kind is known now: later calls do not call the method until subscription.
      const second = wrapped.call(self, 5) as Observable<number>;
      expect(isObservable(second)).toBe(true);
      expect(calls).toBe(2);
      await expect(firstValueFrom(second.pipe(toArray()))).resolves.toEqual([15, 16]);
      expect(calls).toBe(3);
    });

    it('runs nothing of a cold Observable until subscription', async () => {
      const source = new Source();
      const wrapped = wrap(() => source.observable(), new CircuitBreakerPolicy({ name: 'detect-cold' }), 'detect');
      const stream = wrapped() as Observable<number>;
      expect(source.subscriptions).toBe(0);
      const values = firstValueFrom(stream.pipe(toArray()));
      expect(source.subscriptions).toBe(1);
      source.feed.next(1);
      source.feed.complete();
      await expect(values).resolves.toEqual([1]);
    });

    it('returns a Promise for a method that returns a value or a Promise, the first result counted by the policies', async () => {
      const breaker = new CircuitBreakerPolicy({ name: 'detect-promise' });
      let calls = 0;
      const wrapped = wrap(
        (n: number) => {
          calls++;
          return n * 2;
        },
        breaker,
        'detect',
      );
      const first = wrapped(21);
      expect(first).toBeInstanceOf(Promise);
      await expect(first).resolves.toBe(42);
      expect(calls).toBe(1);
      expect(breaker.snapshot().successCount).toBe(1);
      await expect(wrapped(1, 2, 3, 4, 5)).resolves.toBe(2);
      expect(calls).toBe(2);
    });

    it('retries a failed probed first call by calling the method again', async () => {
      const retry = new RetryPolicy({ maxAttempts: 3, sleep: () => Promise.resolve() });
      let calls = 0;
      const wrapped = wrap(
        async () => {
          calls++;
          if (calls < 3) throw new Error(`attempt ${calls} failed`);
          return 'third time';
        },
        retry,
        'detect',
      );
      await expect(wrapped()).resolves.toBe('third time');
      expect(calls).toBe(3);
    });

    it('turns a synchronous throw of the first call into a rejection that the fallback receives with the arguments', async () => {
      const wrapped = wrap(
        (id: string) => {
          throw new Error(`no ${id}`);
        },
        new CircuitBreakerPolicy({ name: 'detect-throw' }),
        'detect',
        (_self, error, args) => `fallback for ${String(args[0])}: ${(error as Error).message}`,
      );
      let pending: unknown;
      expect(() => (pending = wrapped('x'))).not.toThrow();
      await expect(pending).resolves.toBe('fallback for x: no x');
      await expect(wrapped('y')).resolves.toBe('fallback for y: no y');
    });

    it("rejects the first call of an open breaker with CircuitOpenError and leaves the probe's rejection handled", async () => {
      const breaker = new CircuitBreakerPolicy({ name: 'detect-open' });
      breaker.forceOpen();
      const wrapped = wrap(() => Promise.reject(new Error('never observed')), breaker, 'detect');
      await expect(wrapped()).rejects.toBeInstanceOf(CircuitOpenError);
      await settle(); // the unhandled-rejection guard (test/helpers) fails the test if the probe leaked
    });
  });

  describe("kind 'observable'", () => {
    it('buffers the values of a subscription until the inner Observable completes, then emits them and completes', async () => {
      const source = new Source();
      const wrapped = wrap(() => source.observable(), new CircuitBreakerPolicy({ name: 'buffer' }), 'observable');
      const seen: number[] = [];
      let completed = false;
      (wrapped() as Observable<number>).subscribe({ next: (v) => seen.push(v), complete: () => (completed = true) });
      source.feed.next(1);
      source.feed.next(2);
      await settle();
      expect(seen).toEqual([]);
      source.feed.complete();
      await settle();
      expect(seen).toEqual([1, 2]);
      expect(completed).toBe(true);
    });

    it('retries an erroring inner Observable by calling the method again, then errors the subscriber', async () => {
      let calls = 0;
      const retry = new RetryPolicy({ maxAttempts: 2, sleep: () => Promise.resolve() });
      const wrapped = wrap(() => throwError(() => new Error(`failure ${++calls}`)), retry, 'observable');
      await expect(firstValueFrom(wrapped() as Observable<unknown>)).rejects.toThrow('failure 2');
      expect(calls).toBe(2);
    });

    it('on unsubscribe: aborts the call, tears the inner Observable down, frees the bulkhead slot, calls no fallback', async () => {
      const source = new Source();
      const bulkhead = new BulkheadPolicy({ name: 'obs-slot', maxConcurrent: 1, maxQueue: 1 });
      const breaker = new CircuitBreakerPolicy({ name: 'obs-abort', failureThreshold: 5 });
      let fallbacks = 0;
      const wrapped = wrap(
        () => source.observable(),
        composePolicies(breaker, bulkhead),
        'observable',
        () => {
          fallbacks++;
          return of(-1);
        },
      );

      const running = (wrapped() as Observable<number>).subscribe();
      expect(bulkhead.snapshot()).toMatchObject({ active: 1, queued: 0 });
      const queued = (wrapped() as Observable<number>).subscribe();
      expect(bulkhead.snapshot()).toMatchObject({ active: 1, queued: 1 });

      // A queued subscriber that leaves gives its queue place back, and the method is never called.
      queued.unsubscribe();
      expect(bulkhead.snapshot().queued).toBe(0);
      expect(source.subscriptions).toBe(1);

      running.unsubscribe();
      expect(source.teardowns).toBe(1);
      await settle();
      expect(bulkhead.snapshot()).toMatchObject({ active: 0, queued: 0 });
      expect(fallbacks).toBe(0);

      // The slot is free: the next subscription runs and completes.
      const next = firstValueFrom((wrapped() as Observable<number>).pipe(toArray()));
      source.feed.next(7);
      source.feed.complete();
      await expect(next).resolves.toEqual([7]);
      expect(bulkhead.snapshot()).toMatchObject({ active: 0, completed: 1 });
    });

    it('uses the fallback (with the error and the arguments) when the call fails', async () => {
      const wrapped = wrap(
        (id: string) => throwError(() => new Error(`down ${id}`)),
        new CircuitBreakerPolicy({ name: 'obs-fallback' }),
        'observable',
        (_self, error, args) => of(`cached ${String(args[0])} (${(error as Error).message})`),
      );
      await expect(firstValueFrom(wrapped('a') as Observable<string>)).resolves.toBe('cached a (down a)');
    });

    it('does not abort a call that already completed when the subscriber unsubscribes after the first value', async () => {
      const breaker = new CircuitBreakerPolicy({ name: 'obs-first' });
      const wrapped = wrap(() => of(1, 2, 3), breaker, 'observable');
      await expect(firstValueFrom(wrapped() as Observable<number>)).resolves.toBe(1);
      await settle();
      expect(breaker.snapshot()).toMatchObject({ successCount: 1, failureCount: 0 });
    });
  });
});
