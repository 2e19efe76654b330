/**
 * With forRoot the HTTP layer's global guard and its route binding are set up only when the
 * middleware is enabled: an app that does not use it must not pay for them on every route. With
 * forRootAsync (config known late) the guard is registered and passes through at run time, and routes
 * are bound only if the resolved config gives them a breaker, timeout or bulkhead. No global
 * interceptor is ever registered (Nest's interceptor path costs ~20% of a tiny route on Fastify).
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

/** Whether the route method was replaced by its binding (an own property on the controller instance). */
function isBound(app: INestApplication): boolean {
  return Object.prototype.hasOwnProperty.call(app.get(PingController), 'ping');
}

function ourEnhancers(app: INestApplication): unknown[] {
  // Singleton APP_GUARD/APP_INTERCEPTOR providers end up as instances in the application config.
  const config = app.get(ApplicationConfig);
  return [...config.getGlobalGuards(), ...config.getGlobalInterceptors()]
    .map((enhancer) => enhancer.constructor)
    .filter((type) => type === ResilienceRateLimitGuard || type === ResilienceInterceptor);
}

describe('HTTP layer enhancer registration', () => {
  it('leaves the guard and the binding out when forRoot has no middleware', async () => {
    const app = await boot(ResilienceModule.forRoot({ configFile: false, env: {} }));
    try {
      expect(ourEnhancers(app)).toEqual([]);
      expect(isBound(app)).toBe(false);
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
      expect(isBound(app)).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('registers the guard and binds routes, with no global interceptor, when forRoot enables the middleware', async () => {
    const app = await boot(ResilienceModule.forRoot({ configFile: false, env: {}, middleware: { timeout: '1s' } } as never));
    try {
      expect(ourEnhancers(app)).toEqual([ResilienceRateLimitGuard]);
      expect(isBound(app)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('registers the guard with forRootAsync, and binds routes only when the config known at run time wants it', async () => {
    const off = await boot(ResilienceModule.forRootAsync({ useFactory: () => ({ configFile: false, env: {} }) }));
    try {
      expect(ourEnhancers(off)).toEqual([ResilienceRateLimitGuard]);
      expect(isBound(off)).toBe(false);
    } finally {
      await off.close();
    }
    const app = await boot(
      ResilienceModule.forRootAsync({ useFactory: () => ({ configFile: false, env: {}, middleware: { timeout: '1s' } }) as never }),
    );
    try {
      expect(ourEnhancers(app)).toEqual([ResilienceRateLimitGuard]);
      expect(isBound(app)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
