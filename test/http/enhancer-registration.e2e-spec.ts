/**
 * With forRoot the HTTP layer's global guard and interceptor are registered only when the middleware
 * is enabled: an app that does not use it must not pay Nest's enhancer path on every route. With
 * forRootAsync (config known late) they are registered and pass through at run time.
 */
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { ApplicationConfig, NestFactory } from '@nestjs/core';
import '../../libs/resilience/src/index.js';
import { ResilienceInterceptor } from '../../libs/resilience/src/http/resilience.interceptor.js';
import { ResilienceRateLimitGuard } from '../../libs/resilience/src/http/rate-limit.guard.js';
import { ResilienceModule } from '../../libs/resilience/src/nest/resilience.module.js';

@Controller()
class PingController {
  @Get('ping')
  ping(): string {
    return 'pong';
  }
}

async function boot(resilience: ReturnType<typeof ResilienceModule.forRoot>): Promise<INestApplication> {
  @Module({ imports: [resilience], controllers: [PingController] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.init();
  return app;
}

function ourEnhancers(app: INestApplication): unknown[] {
  // Singleton APP_GUARD/APP_INTERCEPTOR providers end up as instances in the application config.
  const config = app.get(ApplicationConfig);
  return [...config.getGlobalGuards(), ...config.getGlobalInterceptors()]
    .map((enhancer) => enhancer.constructor)
    .filter((type) => type === ResilienceRateLimitGuard || type === ResilienceInterceptor);
}

describe('HTTP layer enhancer registration', () => {
  it('leaves the guard and interceptor out when forRoot has no middleware', async () => {
    const app = await boot(ResilienceModule.forRoot({ configFile: false, env: {} }));
    try {
      expect(ourEnhancers(app)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('leaves them out when forRoot disables the middleware explicitly', async () => {
    const app = await boot(
      ResilienceModule.forRoot({ configFile: false, env: {}, middleware: { enabled: false, timeout: '1s' } } as never),
    );
    try {
      expect(ourEnhancers(app)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('registers both when forRoot enables the middleware', async () => {
    const app = await boot(ResilienceModule.forRoot({ configFile: false, env: {}, middleware: { timeout: '1s' } } as never));
    try {
      expect(ourEnhancers(app)).toEqual(expect.arrayContaining([ResilienceRateLimitGuard, ResilienceInterceptor]));
    } finally {
      await app.close();
    }
  });

  it('registers both with forRootAsync, where the config is only known at run time', async () => {
    const app = await boot(ResilienceModule.forRootAsync({ useFactory: () => ({ configFile: false, env: {} }) }));
    try {
      expect(ourEnhancers(app)).toEqual(expect.arrayContaining([ResilienceRateLimitGuard, ResilienceInterceptor]));
    } finally {
      await app.close();
    }
  });
});
