/**
 * Registers the HTTP layer for every route: the rate limit guard, the resilience interceptor and
 * (unless `exceptionFilter: false`) the exception filter, as global enhancers.
 *
 * `ResilienceHttpModule.forRoot(options)` works on its own; `ResilienceModule` imports it with the
 * `middleware` section of its configuration and binds Redis pools and the breaker registry.
 */
import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import { answerClientErrorsWithJson } from './client-error-answer.js';
import { resolveHttpResilienceOptions, type HttpResilienceOptions } from './http-options.js';
import { HTTP_RESILIENCE_OPTIONS } from './http-tokens.js';
import { ResilienceExceptionFilter } from './resilience-exception.filter.js';
import { ResilienceInterceptor } from './resilience.interceptor.js';
import { ResilienceRateLimitGuard } from './rate-limit.guard.js';
import { RouteResilienceRegistry } from './route-resilience.registry.js';

export interface ResilienceHttpModuleExtras {
  /** Extra providers, e.g. `HTTP_RATE_LIMIT_REDIS_RESOLVER` or `HTTP_ROUTE_BREAKER_FACTORY`. */
  providers?: Provider[];
  /** Modules those providers need. */
  imports?: DynamicModule['imports'];
}

@Module({})
export class ResilienceHttpModule implements OnApplicationBootstrap {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  /** Express leaves parser-level errors (URL too long) to Node's bare answer; give them JSON. */
  onApplicationBootstrap(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    const server = adapter.getHttpServer() as Parameters<typeof answerClientErrorsWithJson>[0] | undefined;
    if (server !== undefined) answerClientErrorsWithJson(server);
  }

  static forRoot(options: HttpResilienceOptions = {}, extras: ResilienceHttpModuleExtras = {}): DynamicModule {
    const resolved = resolveHttpResilienceOptions(options);
    const enhancers: Provider[] = [
      { provide: APP_GUARD, useClass: ResilienceRateLimitGuard },
      { provide: APP_INTERCEPTOR, useClass: ResilienceInterceptor },
    ];
    if (resolved.exceptionFilter) enhancers.push({ provide: APP_FILTER, useClass: ResilienceExceptionFilter });
    return {
      module: ResilienceHttpModule,
      imports: extras.imports ?? [],
      providers: [
        { provide: HTTP_RESILIENCE_OPTIONS, useValue: resolved },
        RouteResilienceRegistry,
        ...enhancers,
        ...(extras.providers ?? []),
      ],
      exports: [RouteResilienceRegistry, HTTP_RESILIENCE_OPTIONS],
    };
  }
}
