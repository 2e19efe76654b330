/**
 * Inside ResilienceModule the HTTP layer's events (rate_limit_store_fallback/_recovered) use the same
 * logger as the other resilience events: RESILIENCE_EVENT_LOGGER when bound, a JSON ConsoleLogger
 * with `logging.json`, else the app's logger under the `Resilience` context.
 */
import { ConsoleLogger, Global, Logger, Module, type INestApplication, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import '../../libs/resilience/src/index.js';
import { HTTP_EVENT_LOGGER } from '../../libs/resilience/src/http/http-tokens.js';
import { RESILIENCE_EVENT_LOGGER } from '../../libs/resilience/src/logging/logging.feature.js';
import { ResilienceModule } from '../../libs/resilience/src/nest/resilience.module.js';

const custom: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };

@Global()
@Module({ providers: [{ provide: RESILIENCE_EVENT_LOGGER, useValue: custom }], exports: [RESILIENCE_EVENT_LOGGER] })
class CustomEventLoggerModule {}

async function boot(imports: unknown[]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: imports as never[] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

const middleware = { timeout: '1s' };

describe('the HTTP layer event logger inside ResilienceModule', () => {
  it('is RESILIENCE_EVENT_LOGGER when the app binds one', async () => {
    const app = await boot([CustomEventLoggerModule, ResilienceModule.forRoot({ configFile: false, env: {}, middleware } as never)]);
    try {
      expect(app.get(HTTP_EVENT_LOGGER)).toBe(custom);
    } finally {
      await app.close();
    }
  });

  it('is a JSON ConsoleLogger with logging.json', async () => {
    const app = await boot([ResilienceModule.forRoot({ configFile: false, env: {}, middleware, logging: { json: true } } as never)]);
    try {
      const logger = app.get<LoggerService>(HTTP_EVENT_LOGGER);
      expect(logger).toBeInstanceOf(ConsoleLogger);
      expect((logger as ConsoleLogger)['options']).toMatchObject({ json: true, context: 'Resilience' });
    } finally {
      await app.close();
    }
  });

  it("is the app's logger under the Resilience context by default", async () => {
    const app = await boot([ResilienceModule.forRoot({ configFile: false, env: {}, middleware } as never)]);
    try {
      const logger = app.get<LoggerService>(HTTP_EVENT_LOGGER);
      expect(logger).toBeInstanceOf(Logger);
      expect((logger as Logger)['context']).toBe('Resilience');
    } finally {
      await app.close();
    }
  });
});
