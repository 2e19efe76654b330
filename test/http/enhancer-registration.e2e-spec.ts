/**
 * The HTTP layer binds routes only when the middleware is enabled: an app that does not use it must
 * not pay for it on every route. With forRoot that is decided at build time, with forRootAsync
 * (config known late) at run time. No global guard or interceptor is ever registered: Nest's
 * interceptor path costs ~20% of a tiny route on Fastify and its guard path ~3%; the rate limit,
 * like the other policies, runs in the route's binding.
 */
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { ApplicationConfig, NestFactory } from '@nestjs/core';
import '../../libs/resilience/src/index.js';
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

/** Global guards and interceptors (the app registers none of its own). */
function globalGuardsAndInterceptors(app: INestApplication): unknown[] {
  // Singleton APP_GUARD/APP_INTERCEPTOR providers end up as instances in the application config.
  const config = app.get(ApplicationConfig);
  return [...config.getGlobalGuards(), ...config.getGlobalInterceptors()].map((enhancer) => enhancer.constructor);
}

describe('HTTP layer enhancer registration', () => {
  it('leaves the binding out when forRoot has no middleware', async () => {
    const app = await boot(ResilienceModule.forRoot({ configFile: false, env: {} }));
    try {
      expect(globalGuardsAndInterceptors(app)).toEqual([]);
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
      expect(globalGuardsAndInterceptors(app)).toEqual([]);
      expect(isBound(app)).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('binds routes, with no global guard or interceptor, when forRoot enables the middleware', async () => {
    const app = await boot(ResilienceModule.forRoot({ configFile: false, env: {}, middleware: { timeout: '1s' } } as never));
    try {
      expect(globalGuardsAndInterceptors(app)).toEqual([]);
      expect(isBound(app)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('binds routes with forRootAsync only when the config known at run time enables the middleware', async () => {
    const off = await boot(ResilienceModule.forRootAsync({ useFactory: () => ({ configFile: false, env: {} }) }));
    try {
      expect(globalGuardsAndInterceptors(off)).toEqual([]);
      expect(isBound(off)).toBe(false);
    } finally {
      await off.close();
    }
    const app = await boot(
      ResilienceModule.forRootAsync({ useFactory: () => ({ configFile: false, env: {}, middleware: { timeout: '1s' } }) as never }),
    );
    try {
      expect(globalGuardsAndInterceptors(app)).toEqual([]);
      expect(isBound(app)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
