/**
 * What the route binding (route-resilience.binder.ts) must keep true, on both adapters:
 * request-scoped controllers still get their policies and rate limits (through the interceptor), the
 * rate limit counts after the app's guards (a `keyBy` can read what a guard set), the hidden request
 * parameter leaves no trace on the class, a direct call runs the plain method, Observables are
 * answered with their last value, the app's own exception filters see the layer's 504, and a route
 * method's own decorators (wrapped by the explorer first) run inside the route's policies.
 */
import {
  Catch,
  Controller,
  Injectable,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  Get,
  HttpException,
  Inject,
  InternalServerErrorException,
  Module,
  Query,
  Res,
  Scope,
  type ArgumentsHost,
  type ExceptionFilter,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { RESPONSE_PASSTHROUGH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { APP_FILTER, HttpAdapterHost, NestFactory, REQUEST } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { NEVER, of, delay } from 'rxjs';
import type { HttpResilienceOptions } from '../../libs/resilience/src/http/http-options.js';
import { RateLimit } from '../../libs/resilience/src/http/rate-limit.decorator.js';
import { ResilienceHttpModule } from '../../libs/resilience/src/http/resilience-http.module.js';
import { ResilienceSignal } from '../../libs/resilience/src/http/resilience-signal.decorator.js';
import '../../libs/resilience/src/index.js';
import { Timeout } from '../../libs/resilience/src/nest/decorators/timeout.decorator.js';
import { ResilienceModule } from '../../libs/resilience/src/nest/resilience.module.js';
import { ADAPTERS, type AdapterName } from './http-test-app.js';

@Controller({ path: 'scoped', scope: Scope.REQUEST })
class RequestScopedController {
  constructor(@Inject(REQUEST) private readonly request: object) {}

  @Get('slow')
  async slow(@ResilienceSignal() signal: AbortSignal): Promise<{ aborted: boolean }> {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    return { aborted: signal.aborted && this.request !== undefined };
  }

  @Get('fail')
  fail(): never {
    throw new InternalServerErrorException('boom');
  }

  @Get('limited')
  @RateLimit({ requests: 1, window: '1m' })
  limited(): string {
    return 'ok';
  }
}

/** Stands in for an authentication guard: puts the caller on the request. */
@Injectable()
class CallerGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: { id: string } }>();
    request.user = { id: request.headers['x-caller'] ?? 'anonymous' };
    return true;
  }
}

@Controller('per-caller')
@UseGuards(CallerGuard)
class PerCallerController {
  @Get()
  hello(): string {
    return 'hello';
  }
}

@Controller('plain')
class PlainController {
  @Get('args')
  args(@Query('a') _a?: string): { args: number } {
    return { args: arguments.length };
  }

  @Get('observable')
  observable(): unknown {
    return of(1, 2, 3).pipe(delay(1));
  }

  @Get('never')
  never(): unknown {
    return NEVER;
  }

  /** Answers through the response itself, which Express and Fastify both `send`. */
  @Get('manual')
  manual(@Res() response: { send(body: unknown): void }): void {
    response.send({ manual: true });
  }

  @Get('passthrough')
  passthrough(@Res({ passthrough: true }) response: object): { passthrough: boolean } {
    return { passthrough: typeof response === 'object' };
  }
}

/** Routes declared on a base class and served by a subclass controller. */
abstract class BaseController {
  @Get('inherited')
  inherited(@Query('a') _a?: string): { args: number } {
    return { args: arguments.length };
  }

  @Get('inherited-never')
  inheritedNever(): unknown {
    return NEVER;
  }
}

@Controller('child')
class ChildController extends BaseController {}

/** An app-wide filter of the app's own: it must see the layer's rejections like any other HttpException. */
@Catch(HttpException)
class AppHttpFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}
  catch(error: HttpException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<unknown>();
    this.host.httpAdapter.reply(response, { seenByApp: true, status: error.getStatus() }, error.getStatus());
  }
}

async function listen(adapter: AdapterName, module: Type): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(module, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

function moduleWith(options: HttpResilienceOptions, controllers: Type[], providers: unknown[] = []): Type {
  @Module({ imports: [ResilienceHttpModule.forRoot(options)], controllers, providers: providers as never[] })
  class AppModule {}
  return AppModule;
}

describe.each(ADAPTERS)('route binding on %s', (adapter) => {
  describe('request-scoped controllers', () => {
    let t: { app: INestApplication; url: string };
    beforeAll(async () => {
      t = await listen(
        adapter,
        moduleWith({ timeout: 100, rateLimit: false, circuitBreaker: { failureThreshold: 2, recoveryTimeout: 60_000 }, bulkhead: false }, [
          RequestScopedController,
        ]),
      );
    });
    afterAll(() => t.app.close());

    it('get the deadline: 504, and the handler sees its signal abort', async () => {
      const res = await fetch(`${t.url}/scoped/slow`);
      expect(res.status).toBe(504);
      expect(await res.json()).toMatchObject({ statusCode: 504, name: 'TimeoutError' });
    });

    it('get a breaker: 5xx answers open it and the next call is a 503 with Retry-After', async () => {
      expect((await fetch(`${t.url}/scoped/fail`)).status).toBe(500);
      expect((await fetch(`${t.url}/scoped/fail`)).status).toBe(500);
      const res = await fetch(`${t.url}/scoped/fail`);
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('get their @RateLimit: the second request in the window is a 429 with Retry-After and RateLimit-*', async () => {
      expect((await fetch(`${t.url}/scoped/limited`)).status).toBe(200);
      const res = await fetch(`${t.url}/scoped/limited`);
      expect(res.status).toBe(429);
      expect(await res.json()).toMatchObject({ statusCode: 429, name: 'RateLimitedError' });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.headers.get('ratelimit-limit')).toBe('1');
      expect(res.headers.get('ratelimit-remaining')).toBe('0');
    });
  });

  it('give a route with a timeout alone its deadline, and answer its synchronous handlers as they are', async () => {
    const t = await listen(
      adapter,
      moduleWith({ timeout: 50, circuitBreaker: false, bulkhead: false, rateLimit: false }, [PlainController]),
    );
    try {
      expect(await (await fetch(`${t.url}/plain/args?a=1`)).json()).toEqual({ args: 1 });
      const res = await fetch(`${t.url}/plain/never`);
      expect(res.status).toBe(504);
      expect(await res.json()).toMatchObject({ statusCode: 504, name: 'TimeoutError' });
    } finally {
      await t.app.close();
    }
  });

  it("count the rate limit after the app's guards, so keyBy can key on the caller a guard identified", async () => {
    const keyBy = (request: object): string => (request as { user?: { id: string } }).user?.id ?? 'no guard ran';
    // Only the rate limit: the binding must apply it even when there is no breaker, timeout or bulkhead.
    const t = await listen(
      adapter,
      moduleWith({ timeout: false, circuitBreaker: false, bulkhead: false, rateLimit: { requests: 1, window: 60_000, keyBy } }, [
        PerCallerController,
      ]),
    );
    try {
      const as = (caller: string) => fetch(`${t.url}/per-caller`, { headers: { 'x-caller': caller } }).then((r) => r.status);
      expect(await as('alice')).toBe(200);
      expect(await as('alice')).toBe(429);
      expect(await as('bob')).toBe(200);
    } finally {
      await t.app.close();
    }
  });

  describe('plain controllers', () => {
    const argsBefore = Reflect.getMetadata(ROUTE_ARGS_METADATA, PlainController, 'args') as unknown;
    let t: { app: INestApplication; url: string };
    beforeAll(async () => {
      t = await listen(adapter, moduleWith({ timeout: 100, rateLimit: false, bulkhead: { maxConcurrent: 10 } }, [PlainController]));
    });
    afterAll(() => t.app.close());

    it('call the method with its own arguments only (the request is taken off)', async () => {
      expect(await (await fetch(`${t.url}/plain/args?a=1`)).json()).toEqual({ args: 1 });
    });

    it('let a method that takes @Res() answer by itself, and one with a passthrough @Res() return its value', async () => {
      expect(await (await fetch(`${t.url}/plain/manual`)).json()).toEqual({ manual: true });
      expect(await (await fetch(`${t.url}/plain/passthrough`)).json()).toEqual({ passthrough: true });
    });

    it('leave the class metadata as it was, so another app in the process sees no extra argument', async () => {
      expect(Reflect.getMetadata(ROUTE_ARGS_METADATA, PlainController, 'args')).toEqual(argsBefore);
      // The hidden parameter is a passthrough response: that flag goes too, and stays on a method that had it.
      expect(Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, PlainController, 'args')).toBeUndefined();
      expect(Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, PlainController, 'passthrough')).toBe(true);
      const bare = await listen(adapter, moduleWith({ enabled: false }, [PlainController]));
      try {
        expect(await (await fetch(`${bare.url}/plain/args?a=1`)).json()).toEqual({ args: 1 });
      } finally {
        await bare.app.close();
      }
    });

    it('bind routes a controller inherits, and leave the base class as it was', async () => {
      const baseBefore = Reflect.getMetadata(ROUTE_ARGS_METADATA, BaseController, 'inherited') as unknown;
      const child = await listen(adapter, moduleWith({ timeout: 50, rateLimit: false, bulkhead: false }, [ChildController]));
      try {
        expect(await (await fetch(`${child.url}/child/inherited?a=1`)).json()).toEqual({ args: 1 });
        expect((await fetch(`${child.url}/child/inherited-never`)).status).toBe(504);
      } finally {
        await child.app.close();
      }
      expect(Reflect.getMetadata(ROUTE_ARGS_METADATA, BaseController, 'inherited')).toEqual(baseBefore);
      expect(Reflect.getMetadata(ROUTE_ARGS_METADATA, ChildController, 'inherited')).toEqual(baseBefore);
    });

    it('bind the same controller class in two apps starting at the same time', async () => {
      const options = { timeout: 100, rateLimit: false as const, bulkhead: false as const };
      const [a, b] = await Promise.all([
        listen(adapter, moduleWith(options, [PlainController])),
        listen(adapter, moduleWith(options, [PlainController])),
      ]);
      try {
        for (const app of [a, b]) expect(await (await fetch(`${app.url}/plain/args?a=1`)).json()).toEqual({ args: 1 });
      } finally {
        await Promise.all([a.app.close(), b.app.close()]);
      }
      expect(Reflect.getMetadata(ROUTE_ARGS_METADATA, PlainController, 'args')).toEqual(argsBefore);
      // The hidden parameter is a passthrough response: that flag goes too, and stays on a method that had it.
      expect(Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, PlainController, 'args')).toBeUndefined();
      expect(Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, PlainController, 'passthrough')).toBe(true);
    });

    it('run the plain method when called directly, without a request', () => {
      expect(t.app.get(PlainController).args('x')).toEqual({ args: 1 });
    });

    it("answer an Observable with its last value, and give one that never completes the route's deadline", async () => {
      const res = await fetch(`${t.url}/plain/observable`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('3');
      expect((await fetch(`${t.url}/plain/never`)).status).toBe(504);
    });
  });

  it("let the app's own exception filters answer the layer's rejections", async () => {
    const t = await listen(
      adapter,
      moduleWith(
        { timeout: 50, rateLimit: false, bulkhead: false, exceptionFilter: false },
        [PlainController],
        [{ provide: APP_FILTER, useClass: AppHttpFilter }],
      ),
    );
    try {
      const res = await fetch(`${t.url}/plain/never`);
      expect(res.status).toBe(504);
      expect(await res.json()).toEqual({ seenByApp: true, status: 504 });
    } finally {
      await t.app.close();
    }
  });

  it("run a route method's own decorators inside the route's policies (the explorer wraps first)", async () => {
    @Controller('decorated')
    class DecoratedController {
      @Get('quick-timeout')
      @Timeout(30)
      async quick(): Promise<string> {
        await new Promise((resolve) => setTimeout(resolve, 5_000).unref());
        return 'late';
      }
    }
    @Module({
      imports: [ResilienceModule.forRoot({ configFile: false, env: {}, middleware: { timeout: '10s', rateLimit: false } } as never)],
      controllers: [DecoratedController],
    })
    class DecoratedModule {}
    const t = await listen(adapter, DecoratedModule);
    try {
      // Only the method's own 30 ms @Timeout can answer this quickly; the route's deadline is 10 s.
      const res = await fetch(`${t.url}/decorated/quick-timeout`);
      expect(res.status).toBe(504);
      expect(await res.json()).toMatchObject({ name: 'TimeoutError' });
    } finally {
      await t.app.close();
    }
  });
});
