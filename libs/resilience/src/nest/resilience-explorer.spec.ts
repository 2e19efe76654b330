import 'reflect-metadata';
import { jest } from '@jest/globals';
import { Controller, Get, Injectable, Logger, Scope, SetMetadata, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Observable, firstValueFrom, of, throwError, toArray } from 'rxjs';
import { BulkheadFullError, CircuitOpenError } from '../core/errors.js';
import type { Operation, Policy, PolicyKind } from '../core/policy.js';
import { BulkheadRegistry } from './bulkhead.registry.js';
import { CircuitBreakerRegistry } from './circuit-breaker.registry.js';
import { Bulkhead } from './decorators/bulkhead.decorator.js';
import { CircuitBreaker } from './decorators/circuit-breaker.decorator.js';
import { Fallback } from './decorators/fallback.decorator.js';
import { Retry } from './decorators/retry.decorator.js';
import { Timeout } from './decorators/timeout.decorator.js';
import { ResilienceExplorer } from './resilience-explorer.js';
import { ResilienceModule } from './resilience.module.js';
import { RetryRegistry } from './retry.registry.js';
import { TimeoutRegistry } from './timeout.registry.js';

const noSleep = async (): Promise<void> => undefined;

async function boot(providers: Type[], controllers: Type[] = [], options: object = {}): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [ResilienceModule.forRoot({ configFile: false, env: {}, ...options })],
    providers,
    controllers,
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('ResilienceExplorer', () => {
  let moduleRef: TestingModule | undefined;
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('composition order', () => {
    // A policy that records entering and leaving, so the nesting is visible.
    const recorder = (kind: PolicyKind, log: string[]): Policy => ({
      kind,
      async execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
        log.push(`>${kind}`);
        try {
          return await fn(signal ?? new AbortController().signal);
        } finally {
          log.push(`<${kind}`);
        }
      },
    });

    @Injectable()
    class WrittenInOrder {
      constructor(readonly log: string[]) {}
      @Fallback('fallback')
      @Retry()
      @CircuitBreaker('cb')
      @Timeout(1000)
      @Bulkhead('bh')
      async call(): Promise<string> {
        this.log.push('method');
        throw new Error('boom');
      }
      fallback(): string {
        this.log.push('fallback');
        return 'fb';
      }
    }

    @Injectable()
    class WrittenReversed {
      constructor(readonly log: string[]) {}
      @Bulkhead('bh')
      @Timeout(1000)
      @CircuitBreaker('cb')
      @Retry()
      @Fallback('fallback')
      async call(): Promise<string> {
        this.log.push('method');
        throw new Error('boom');
      }
      fallback(): string {
        this.log.push('fallback');
        return 'fb';
      }
    }

    it.each([
      ['in order', WrittenInOrder],
      ['reversed', WrittenReversed],
    ])('is Fallback → Retry → CircuitBreaker → Timeout → Bulkhead → method whatever the decorator order (%s)', async (_label, Service) => {
      const log: string[] = [];
      const fake = (kind: PolicyKind) => ({ get: () => recorder(kind, log), forMs: () => recorder(kind, log) });
      moduleRef = await Test.createTestingModule({
        imports: [ResilienceModule.forRoot({ configFile: false, env: {} })],
        providers: [{ provide: Service, useFactory: () => new Service(log) }],
      })
        .overrideProvider(RetryRegistry)
        .useValue(fake('retry'))
        .overrideProvider(CircuitBreakerRegistry)
        .useValue(fake('circuit_breaker'))
        .overrideProvider(TimeoutRegistry)
        .useValue(fake('timeout'))
        .overrideProvider(BulkheadRegistry)
        .useValue(fake('bulkhead'))
        .compile();
      await moduleRef.init();
      await expect(moduleRef.get(Service).call()).resolves.toBe('fb');
      expect(log).toEqual([
        '>retry',
        '>circuit_breaker',
        '>timeout',
        '>bulkhead',
        'method',
        '<bulkhead',
        '<timeout',
        '<circuit_breaker',
        '<retry',
        'fallback',
      ]);
    });
  });

  describe('@CircuitBreaker', () => {
    @Injectable()
    class Api {
      calls = 0;
      @CircuitBreaker('shared')
      async a(fail: boolean): Promise<string> {
        this.calls++;
        if (fail) throw new Error('a failed');
        return 'a';
      }
      @CircuitBreaker('shared')
      async b(): Promise<string> {
        this.calls++;
        return 'b';
      }
      @CircuitBreaker('shared', { failureThreshold: 1 })
      async own(): Promise<string> {
        return 'own';
      }
    }

    it('shares one breaker between methods of the same name, from config', async () => {
      moduleRef = await boot([Api], [], { circuitBreakers: { shared: { failureThreshold: 2 } } });
      const api = moduleRef.get(Api);
      await expect(api.a(true)).rejects.toThrow('a failed');
      await expect(api.a(true)).rejects.toThrow('a failed');
      // The breaker opened after 2 failures of a(); b() shares it, so it is rejected without running.
      const callsBefore = api.calls;
      await expect(api.b()).rejects.toBeInstanceOf(CircuitOpenError);
      expect(api.calls).toBe(callsBefore);
      const registry = moduleRef.get(CircuitBreakerRegistry);
      expect(registry.get('shared').state).toBe('open');
    });

    it('gives a method with decorator options its own breaker keyed name@hash, config for the rest', async () => {
      moduleRef = await boot([Api], [], { circuitBreakers: { shared: { failureThreshold: 7 } } });
      const registry = moduleRef.get(CircuitBreakerRegistry);
      const keys = registry.entries().map(([key]) => key);
      expect(keys).toContain('shared');
      const own = keys.find((k) => k.startsWith('shared@'));
      expect(own).toMatch(/^shared@[0-9a-f]{8}$/);
      expect(registry.get('shared').snapshot().failureThreshold).toBe(7);
      expect(registry.get('shared', { failureThreshold: 1 })).toBe(registry.get(own!));
      expect(registry.get(own!).snapshot().failureThreshold).toBe(1);
    });
  });

  describe('@Bulkhead', () => {
    @Injectable()
    class Limited {
      release!: () => void;
      @Bulkhead('one', { maxConcurrent: 1, maxQueue: 0 })
      async slow(): Promise<string> {
        await new Promise<void>((resolve) => (this.release = resolve));
        return 'done';
      }
    }

    it('rejects a call beyond the limit with BulkheadFullError and lets the running one finish', async () => {
      moduleRef = await boot([Limited]);
      const svc = moduleRef.get(Limited);
      const first = svc.slow();
      await expect(svc.slow()).rejects.toBeInstanceOf(BulkheadFullError);
      svc.release();
      await expect(first).resolves.toBe('done');
    });
  });

  describe('@Retry', () => {
    @Injectable()
    class Flaky {
      attempts = 0;
      @Retry({ attempts: 3, sleep: noSleep })
      async twiceThenOk(): Promise<number> {
        if (++this.attempts < 3) throw new Error(`attempt ${this.attempts}`);
        return this.attempts;
      }
      @Retry({ maxAttempts: 2, sleep: noSleep })
      @CircuitBreaker('retry_cb', { failureThreshold: 1 })
      async neverOk(): Promise<number> {
        this.attempts++;
        throw new Error('down');
      }
    }

    it('retries until success, with the decorator options', async () => {
      moduleRef = await boot([Flaky]);
      await expect(moduleRef.get(Flaky).twiceThenOk()).resolves.toBe(3);
    });

    it('does not retry a CircuitOpenError (retry sits outside the breaker)', async () => {
      moduleRef = await boot([Flaky]);
      const svc = moduleRef.get(Flaky);
      // First attempt fails and opens the breaker; the second attempt is rejected by it and not retried further.
      await expect(svc.neverOk()).rejects.toBeInstanceOf(CircuitOpenError);
      expect(svc.attempts).toBe(1);
    });

    it('reads named retry config', async () => {
      @Injectable()
      class Named {
        attempts = 0;
        @Retry('twice')
        async fail(): Promise<never> {
          this.attempts++;
          throw new Error('x');
        }
      }
      moduleRef = await boot([Named], [], { retries: { twice: { maxAttempts: 2, backoff: { initialDelayMs: 0 } } } });
      await expect(moduleRef.get(Named).fail()).rejects.toThrow('x');
      expect(moduleRef.get(Named).attempts).toBe(2);
    });
  });

  describe('@Timeout', () => {
    @Injectable()
    class Slow {
      @Timeout('50ms')
      never(): Promise<never> {
        return new Promise<never>(() => undefined);
      }
      @Timeout('short')
      named(): Promise<never> {
        return new Promise<never>(() => undefined);
      }
      @Timeout({ timeoutMs: 1000 })
      async quick(): Promise<string> {
        return 'quick';
      }
    }

    it('rejects with TimeoutError at the deadline (ms, duration string or named config)', async () => {
      jest.useFakeTimers();
      moduleRef = await boot([Slow], [], { timeouts: { short: { timeoutMs: 80 } } });
      const svc = moduleRef.get(Slow);
      const never = svc.never();
      const named = svc.named();
      const neverSettled = expect(never).rejects.toMatchObject({ code: 'TIMEOUT', timeoutMs: 50 });
      const namedSettled = expect(named).rejects.toMatchObject({ code: 'TIMEOUT', timeoutMs: 80 });
      await jest.advanceTimersByTimeAsync(200);
      await neverSettled;
      await namedSettled;
      await expect(svc.quick()).resolves.toBe('quick');
    });
  });

  describe('@Fallback', () => {
    @Injectable()
    class WithFallback {
      readonly label = 'instance';
      @CircuitBreaker('fb')
      @Fallback('cached')
      async fetch(id: string, page: number): Promise<string> {
        throw new Error(`no ${id}/${page}`);
      }
      cached(error: Error, id: string, page: number): string {
        return `${this.label}:${error.message}:${id}:${page}`;
      }
      @Fallback(function (this: WithFallback, error: unknown, a: number, b: number, c: number, d: number, e: number) {
        return `${this.label}:${(error as Error).message}:${a + b + c + d + e}`;
      })
      async five(a: number, b: number, c: number, d: number, e: number): Promise<string> {
        throw new Error(`sum ${a + b + c + d + e}`);
      }
      @Fallback('failingFallback')
      async bad(): Promise<string> {
        throw new Error('original');
      }
      failingFallback(): never {
        throw new Error('fallback failed too');
      }
    }

    it('calls a fallback method with this = the instance, the error and the original arguments', async () => {
      moduleRef = await boot([WithFallback]);
      await expect(moduleRef.get(WithFallback).fetch('x', 2)).resolves.toBe('instance:no x/2:x:2');
    });

    it('calls a fallback function the same way, also with more than four arguments', async () => {
      moduleRef = await boot([WithFallback]);
      await expect(moduleRef.get(WithFallback).five(1, 2, 3, 4, 5)).resolves.toBe('instance:sum 15:15');
    });

    it("rejects with the fallback's own error when the fallback throws", async () => {
      moduleRef = await boot([WithFallback]);
      await expect(moduleRef.get(WithFallback).bad()).rejects.toThrow('fallback failed too');
    });

    it('fails init naming the class, method and missing fallback', async () => {
      @Injectable()
      class Broken {
        @Fallback('nope')
        async m(): Promise<void> {}
      }
      await expect(boot([Broken])).rejects.toThrow(/Broken\.m @Fallback\('nope'\).*no method "nope"/s);
    });
  });

  describe('arguments and results', () => {
    @Injectable()
    class Shapes {
      @CircuitBreaker('shapes')
      sync(a: number, b: number): number {
        return a * b;
      }
      @CircuitBreaker('shapes')
      syncThrows(): number {
        throw new Error('sync boom');
      }
      @CircuitBreaker('shapes')
      async args(...all: number[]): Promise<number[]> {
        return all;
      }
    }

    it('makes a sync method async (its value and its throw arrive as a Promise)', async () => {
      moduleRef = await boot([Shapes]);
      const svc = moduleRef.get(Shapes);
      const result = svc.sync(6, 7);
      expect(result).toBeInstanceOf(Promise);
      await expect(result).resolves.toBe(42);
      let thrownSynchronously = false;
      let pending: unknown;
      try {
        pending = svc.syncThrows();
      } catch {
        thrownSynchronously = true;
      }
      expect(thrownSynchronously).toBe(false);
      await expect(pending).rejects.toThrow('sync boom');
    });

    it('passes every argument through, whatever their number', async () => {
      moduleRef = await boot([Shapes]);
      const svc = moduleRef.get(Shapes);
      for (let n = 0; n <= 7; n++) {
        const args = Array.from({ length: n }, (_, i) => i + 1);
        await expect(svc.args(...args)).resolves.toEqual(args);
      }
    });
  });

  describe('Observables', () => {
    @Injectable()
    class Streams {
      subscriptions = 0;
      @CircuitBreaker('streams')
      values(): Observable<number> {
        return new Observable<number>((s) => {
          this.subscriptions++;
          s.next(1);
          s.next(2);
          s.complete();
        });
      }
      @CircuitBreaker('streams_failing', { failureThreshold: 1 })
      @Fallback('recover')
      failing(id: string): Observable<string> {
        return throwError(() => new Error(`stream ${id} failed`));
      }
      recover(error: Error, id: string): Observable<string> {
        return of(`recovered ${id} from ${error.message}`);
      }
    }

    it('runs nothing until subscription, then emits every value', async () => {
      moduleRef = await boot([Streams]);
      const svc = moduleRef.get(Streams);
      const breaker = moduleRef.get(CircuitBreakerRegistry).get('streams');
      const stream = svc.values();
      expect(stream).toBeInstanceOf(Observable);
      expect(svc.subscriptions).toBe(0);
      expect(breaker.snapshot().successCount).toBe(0);
      await expect(firstValueFrom(stream.pipe(toArray()))).resolves.toEqual([1, 2]);
      expect(svc.subscriptions).toBe(1);
      expect(breaker.snapshot().successCount).toBe(1);
      // Each subscription is one call through the policies.
      await firstValueFrom(stream.pipe(toArray()));
      expect(breaker.snapshot().successCount).toBe(2);
    });

    it('counts an erroring Observable as a failure and uses an Observable fallback', async () => {
      moduleRef = await boot([Streams]);
      const svc = moduleRef.get(Streams);
      await expect(firstValueFrom(svc.failing('s1'))).resolves.toBe('recovered s1 from stream s1 failed');
      expect(moduleRef.get(CircuitBreakerRegistry).get('streams_failing', { failureThreshold: 1 }).state).toBe('open');
      await expect(firstValueFrom(svc.failing('s2'))).resolves.toMatch(/^recovered s2 from Circuit breaker/);
    });
  });

  describe('result kind without return-type metadata', () => {
    @Injectable()
    class Untyped {
      calls = 0;
      subscriptions = 0;
      // No return type annotation: the compiler emits no usable `design:returntype` (as esbuild/tsx never do).
      @CircuitBreaker('untyped')
      stream(n: number) {
        this.calls++;
        return new Observable<number>((s) => {
          this.subscriptions++;
          s.next(n);
          s.complete();
        });
      }
      // A union type is emitted as `Object`: no help either.
      @CircuitBreaker('untyped')
      either(n: number): Observable<number> | Promise<number> {
        return of(n * 2);
      }
      @CircuitBreaker('untyped')
      plain(n: number) {
        return n + 1;
      }
      @CircuitBreaker('untyped')
      async awaited(n: number) {
        return n - 1;
      }
      @CircuitBreaker('untyped')
      declared(): Observable<string> {
        return of('declared');
      }
    }

    it('returns an Observable for an Observable method, lazily, without metadata saying so', async () => {
      moduleRef = await boot([Untyped]);
      const svc = moduleRef.get(Untyped);
      const breaker = moduleRef.get(CircuitBreakerRegistry).get('untyped');
      const stream = svc.stream(3);
      expect(stream).toBeInstanceOf(Observable);
      expect(svc.subscriptions).toBe(0);
      expect(breaker.snapshot().successCount).toBe(0);
      await expect(firstValueFrom(stream)).resolves.toBe(3);
      await expect(firstValueFrom(svc.stream(4))).resolves.toBe(4);
      expect(svc.subscriptions).toBe(2);
      expect(svc.calls).toBe(2);
      expect(breaker.snapshot().successCount).toBe(2);
      const either = svc.either(5);
      expect(either).toBeInstanceOf(Observable);
      await expect(firstValueFrom(either as Observable<number>)).resolves.toBe(10);
    });

    it('keeps Promises for value and async methods, and tells which methods detect their kind', async () => {
      moduleRef = await boot([Untyped]);
      const svc = moduleRef.get(Untyped);
      const plain = svc.plain(1) as unknown;
      expect(plain).toBeInstanceOf(Promise);
      await expect(plain).resolves.toBe(2);
      await expect(svc.awaited(1)).resolves.toBe(0);
      const kinds = Object.fromEntries(
        moduleRef
          .get(ResilienceExplorer)
          .getWrappedMethods()
          .map((m) => [m.target, m.kind]),
      );
      expect(kinds).toEqual({
        'Untyped.stream': 'detect',
        'Untyped.either': 'detect',
        'Untyped.plain': 'detect',
        'Untyped.awaited': 'promise',
        'Untyped.declared': 'observable',
      });
    });
  });

  describe('what is left alone', () => {
    @Injectable()
    class Plain {
      async work(): Promise<number> {
        return 1;
      }
    }
    @Injectable()
    class Mixed {
      @CircuitBreaker('mixed')
      async guarded(): Promise<number> {
        return 1;
      }
      async plain(): Promise<number> {
        return 2;
      }
    }

    it('does not touch an undecorated provider, nor the undecorated methods of a decorated one', async () => {
      moduleRef = await boot([Plain, Mixed]);
      const plain = moduleRef.get(Plain);
      const mixed = moduleRef.get(Mixed);
      expect(plain.work).toBe(Plain.prototype.work);
      expect(Object.getOwnPropertyNames(plain)).toEqual([]);
      expect(mixed.plain).toBe(Mixed.prototype.plain);
      expect(mixed.guarded).not.toBe(Mixed.prototype.guarded);
      // The prototype stays as written: an instance made with `new` runs the plain method.
      expect(new Mixed().guarded).toBe(Mixed.prototype.guarded);
    });

    it('wraps once even when init runs the explorer again', async () => {
      moduleRef = await boot([Mixed]);
      const mixed = moduleRef.get(Mixed);
      const wrapped = mixed.guarded;
      moduleRef.get(ResilienceExplorer).explore();
      expect(mixed.guarded).toBe(wrapped);
      expect(
        moduleRef
          .get(ResilienceExplorer)
          .getWrappedMethods()
          .map((m) => m.target),
      ).toEqual(['Mixed.guarded']);
    });

    it('warns about a request-scoped provider with decorators instead of wrapping it', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      @Injectable({ scope: Scope.REQUEST })
      class PerRequest {
        @CircuitBreaker('per_request')
        async m(): Promise<void> {}
      }
      moduleRef = await boot([PerRequest]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('PerRequest.m has resilience decorators but is request-scoped'));
      expect(moduleRef.get(CircuitBreakerRegistry).has('per_request')).toBe(false);
    });
  });

  describe('controllers', () => {
    const ROLE = 'test:role';
    @Controller('items')
    class ItemsController {
      @Get()
      @SetMetadata(ROLE, 'admin')
      @CircuitBreaker('items')
      async list(): Promise<string[]> {
        return ['a'];
      }
    }

    it('wraps a controller method and keeps its route and custom metadata on the wrapper', async () => {
      moduleRef = await boot([], [ItemsController]);
      const controller = moduleRef.get(ItemsController);
      expect(controller.list).not.toBe(ItemsController.prototype.list);
      for (const key of Reflect.getOwnMetadataKeys(ItemsController.prototype.list)) {
        expect(Reflect.getMetadata(key, controller.list)).toEqual(Reflect.getMetadata(key, ItemsController.prototype.list));
      }
      expect(Reflect.getMetadata(ROLE, controller.list)).toBe('admin');
      expect(Reflect.getMetadata('path', controller.list)).toBe('/');
      await expect(controller.list()).resolves.toEqual(['a']);
      expect(moduleRef.get(CircuitBreakerRegistry).get('items').snapshot().successCount).toBe(1);
    });
  });
});
