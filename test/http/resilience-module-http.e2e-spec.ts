import { Controller, Get, Inject, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import '../../libs/resilience/src/http/http-resilience.feature.js';
import { CircuitOpenError } from '../../libs/resilience/src/core/errors.js';
import { ResilienceModule } from '../../libs/resilience/src/nest/resilience.module.js';
import { ADAPTERS, type AdapterName } from './http-test-app.js';

@Injectable()
class Payments {
  charge(): never {
    throw CircuitOpenError.create('payments', 'open', 4_000);
  }
}

@Controller()
class ShopController {
  constructor(@Inject(Payments) private readonly payments: Payments) {}
  @Get('items')
  items(): string[] {
    return ['a'];
  }
  @Get('pay')
  pay(): never {
    return this.payments.charge();
  }
  @Get('health')
  health(): string {
    return 'up';
  }
}

async function start(adapter: AdapterName, middleware: object | undefined): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [ResilienceModule.forRoot({ ...(middleware ? { middleware } : {}), env: {} } as never)],
    controllers: [ShopController],
    providers: [{ provide: Payments, useClass: Payments }],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

describe.each(ADAPTERS)('ResilienceModule.forRoot({ middleware }) drives the HTTP layer (%s)', (adapter) => {
  it('applies the configured rate limit and excludes health', async () => {
    const { app, url } = await start(adapter, { rateLimit: { requests: 2, window: '1h' }, exclude: ['/health'] });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${url}/items`)).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      // The limit is per client across routes: /pay is refused before its handler runs.
      expect((await fetch(`${url}/pay`)).status).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('maps library errors from services even without a middleware section', async () => {
    const { app, url } = await start(adapter, undefined);
    try {
      const res = await fetch(`${url}/pay`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('4');
      expect(await res.json()).toMatchObject({ statusCode: 503, name: 'CircuitOpenError' });
      expect((await fetch(`${url}/items`)).headers.get('ratelimit-limit')).toBeNull();
    } finally {
      await app.close();
    }
  });
});
