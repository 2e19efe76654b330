/**
 * Builds the same small Nest app on Express or Fastify with `ResilienceHttpModule`, listening on
 * 127.0.0.1, plus the probes the e2e specs assert on (handler call counts, gates, captured logs).
 */
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Injectable,
  InternalServerErrorException,
  Module,
  Param,
  Post,
  type INestApplication,
  type LoggerService,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import {
  BulkheadFullError,
  CircuitOpenError,
  RateLimitedError,
  ResilienceConfigError,
  TimeoutError,
} from '../../libs/resilience/src/core/errors.js';
import type { HttpResilienceOptions } from '../../libs/resilience/src/http/http-options.js';
import { RateLimit } from '../../libs/resilience/src/http/rate-limit.decorator.js';
import { ResilienceHttpModule } from '../../libs/resilience/src/http/resilience-http.module.js';
import { ResilienceSignal } from '../../libs/resilience/src/http/resilience-signal.decorator.js';
import { SkipResilience } from '../../libs/resilience/src/http/skip-resilience.decorator.js';

export type AdapterName = 'express' | 'fastify';
export const ADAPTERS: AdapterName[] = ['express', 'fastify'];

/** What the handlers did, for assertions on counts rather than timings. */
export class Probe {
  calls = new Map<string, number>();
  signalAborted: boolean | undefined;
  private gate = deferred();
  private entered: { count: number; resolve: () => void } | undefined;

  hit(route: string): void {
    this.calls.set(route, (this.calls.get(route) ?? 0) + 1);
  }
  count(route: string): number {
    return this.calls.get(route) ?? 0;
  }
  /** Resolves once `count` handlers are inside `hold`. */
  whenHeld(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.entered = { count, resolve };
      this.checkHeld();
    });
  }
  async hold(): Promise<string> {
    this.hit('hold');
    this.checkHeld();
    await this.gate.promise;
    return 'released';
  }
  release(): void {
    this.gate.resolve();
    this.gate = deferred();
  }
  private checkHeld(): void {
    if (this.entered && this.count('hold') >= this.entered.count) this.entered.resolve();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Stands for a decorated service whose policies reject. */
@Injectable()
export class FlakyService {
  fail(kind: string): never {
    switch (kind) {
      case 'circuit':
        throw CircuitOpenError.create('payments', 'open', 12_500);
      case 'bulkhead':
        throw BulkheadFullError.create('reports', 4, 0, 4, 0);
      case 'timeout':
        throw new TimeoutError(250, 'Operation "upstream"');
      case 'rate':
        throw new RateLimitedError('partner-api', 10, 2_000);
      default:
        throw new ResilienceConfigError([{ path: 'x.y', message: 'secret detail' }]);
    }
  }
}

export function makeControllers(probe: Probe): { controllers: unknown[]; service: typeof FlakyService } {
  @Controller('api')
  class ApiController {
    constructor(private readonly flaky: FlakyService) {}

    @Get('items/:id')
    item(@Param('id') id: string): { id: string } {
      probe.hit('items');
      return { id };
    }

    @Get('slow')
    async slow(@ResilienceSignal() signal: AbortSignal): Promise<string> {
      probe.hit('slow');
      // Waits for the deadline itself: no sleep, the abort event ends it.
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      probe.signalAborted = signal.aborted;
      return 'too late';
    }

    @Get('fail')
    fail(): never {
      probe.hit('fail');
      throw new InternalServerErrorException('boom');
    }

    @Get('bad')
    bad(): never {
      probe.hit('bad');
      throw new BadRequestException('wrong input');
    }

    @Get('hold')
    hold(): Promise<string> {
      return probe.hold();
    }

    @Post('echo')
    echo(@Body() body: unknown): unknown {
      return body;
    }

    @Get('service/:kind')
    service(@Param('kind') kind: string): never {
      return this.flaky.fail(kind);
    }

    @Get('limited')
    @RateLimit({ requests: 2, window: '1h' })
    limited(): string {
      probe.hit('limited');
      return 'ok';
    }

    @Get('free')
    @SkipResilience()
    free(): string {
      return 'free';
    }
  }

  @Controller()
  class HealthController {
    @Get('health')
    health(): string {
      probe.hit('health');
      return 'up';
    }
    @Get('health/live')
    live(): string {
      return 'live';
    }
    @Get('healthcheck-admin')
    admin(): string {
      return 'admin';
    }
  }
  return { controllers: [ApiController, HealthController], service: FlakyService };
}

/** Collects every log line, so specs can count events. */
export class CapturingLogger implements LoggerService {
  readonly lines: { level: string; message: unknown; params: unknown[] }[] = [];
  log(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'log', message, params });
  }
  error(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'error', message, params });
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'warn', message, params });
  }
  debug(): void {}
  verbose(): void {}
  /** Structured events named `name` (the message), as `{ level, fields }`. */
  events(name: string): { level: string; fields: Record<string, unknown> }[] {
    return this.lines
      .filter((l) => l.message === name)
      .map((l) => ({
        level: l.level,
        fields: (l.params.find((p) => typeof p === 'object' && p !== null) ?? {}) as Record<string, unknown>,
      }));
  }
}

export interface TestApp {
  app: INestApplication;
  url: string;
  probe: Probe;
  logger: CapturingLogger;
  close(): Promise<void>;
}

/** Nest's logger is process-wide (the last app created wins), so apps started together should share one. */
export async function startTestApp(
  adapter: AdapterName,
  options: HttpResilienceOptions,
  bodyLimit?: number,
  logger = new CapturingLogger(),
): Promise<TestApp> {
  const probe = new Probe();
  const { controllers, service } = makeControllers(probe);
  @Module({ imports: [ResilienceHttpModule.forRoot(options)], controllers: controllers as never[], providers: [service] })
  class AppModule {}
  let app: INestApplication;
  if (adapter === 'express') {
    const express = await NestFactory.create<NestExpressApplication>(AppModule, new ExpressAdapter(), { logger });
    if (bodyLimit) express.useBodyParser('json', { limit: bodyLimit });
    app = express;
  } else {
    app = await NestFactory.create(AppModule, new FastifyAdapter(bodyLimit ? { bodyLimit } : {}), { logger });
  }
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, probe, logger, close: () => app.close() };
}
