/**
 * `metrics.histogram`: a call-duration histogram per decorated method, read at scrape time, in a
 * form promtool accepts; and nothing of it when the option is off (the default).
 */
import { Controller, Get, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import '../../libs/resilience/src/index.js';
import { TimedPolicy } from '../../libs/resilience/src/core/metrics/timed-policy.js';
import { CircuitBreakerRegistry } from '../../libs/resilience/src/nest/circuit-breaker.registry.js';
import { CircuitBreaker } from '../../libs/resilience/src/nest/decorators/circuit-breaker.decorator.js';
import { MethodDurationRegistry } from '../../libs/resilience/src/nest/method-durations.registry.js';
import { ResilienceExplorer } from '../../libs/resilience/src/nest/resilience-explorer.js';
import { ResilienceModule } from '../../libs/resilience/src/nest/resilience.module.js';

@Injectable()
class Quotes {
  @CircuitBreaker('quotes')
  async quote(fail: boolean): Promise<string> {
    if (fail) throw new Error('no quote');
    return 'ok';
  }
}

@Controller()
class QuotesController {
  constructor(private readonly quotes: Quotes) {}
  @Get('q')
  q(): Promise<string> {
    return this.quotes.quote(false);
  }
}

async function start(histogram: unknown): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [ResilienceModule.forRoot({ configFile: false, env: {}, metrics: { enabled: true, histogram } } as never)],
    controllers: [QuotesController],
    providers: [{ provide: Quotes, useClass: Quotes }],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

describe('call-duration histogram per decorated method', () => {
  it('is exported at scrape time with buckets, sum and count, and promtool accepts it', async () => {
    const { app, url } = await start({ buckets: [0.001, 0.1] });
    try {
      const quotes = app.get(Quotes);
      for (let i = 0; i < 3; i++) await quotes.quote(false);
      await quotes.quote(true).catch(() => undefined);
      const scrape = await (await fetch(`${url}/metrics`)).text();
      expect(scrape).toContain('# TYPE resilience_method_duration_seconds histogram');
      expect(scrape).toContain('resilience_method_duration_seconds_bucket{method="Quotes.quote",le="+Inf"} 4');
      expect(scrape).toContain('resilience_method_duration_seconds_count{method="Quotes.quote"} 4');
      expect(scrape).toMatch(/resilience_method_duration_seconds_bucket\{method="Quotes.quote",le="0.1"\} 4/);
      const quote = app
        .get(ResilienceExplorer)
        .getWrappedMethods()
        .find((w) => w.target === 'Quotes.quote');
      expect(quote?.policy).toBeInstanceOf(TimedPolicy);
      expect(quote?.policy.kind).toBe('circuit_breaker');
      if (spawnSync('promtool', ['--version']).status === 0 || process.env.CI) {
        const result = spawnSync('promtool', ['check', 'metrics'], { input: scrape, encoding: 'utf8' });
        expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
        expect(result.status).toBe(0);
      }
    } finally {
      await app.close();
    }
  });

  it('is absent by default, and the decorated method is not timed', async () => {
    const { app, url } = await start(undefined);
    try {
      await app.get(Quotes).quote(false);
      expect(await (await fetch(`${url}/metrics`)).text()).not.toContain('resilience_method_duration_seconds');
      const wrapped = app.get(ResilienceExplorer).getWrappedMethods();
      const quote = wrapped.find((w) => w.target === 'Quotes.quote');
      // Exactly the plan without the feature: the breaker itself, no timing layer around it.
      expect(quote?.policy).not.toBeInstanceOf(TimedPolicy);
      expect(quote?.policy).toBe(app.get(CircuitBreakerRegistry).get('quotes'));
      expect(app.get(MethodDurationRegistry).entries().next().done).toBe(true);
    } finally {
      await app.close();
    }
  });
});
