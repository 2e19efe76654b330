/**
 * Rate limit, timeout, per-route circuit breaker and bulkheads around the handlers of REQUEST-SCOPED
 * controllers, as a controller-level interceptor the binder attaches (route-resilience.binder.ts).
 * Every other route is bound directly, which avoids the cost of Nest's interceptor pipeline; these
 * controllers get a new instance per request, after init, so there is nothing to bind.
 */
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { routeRejection, type RoutePolicies } from './route-policies.js';
import { limitRequest } from './route-rate-limit.js';
import { RouteResilienceRegistry } from './route-resilience.registry.js';

const NO_VALUE = { defaultValue: undefined };

@Injectable()
export class ResilienceInterceptor implements NestInterceptor {
  constructor(@Inject(RouteResilienceRegistry) private readonly routes: RouteResilienceRegistry) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const route = this.routes.forContext(ctx);
    if (route.policy === undefined && route.rateLimiting === undefined) return next.handle();
    const http = ctx.switchToHttp();
    return from(run(route, http.getRequest<object>(), http.getResponse<unknown>(), next));
  }
}

async function run(route: RoutePolicies, request: object, response: unknown, next: CallHandler): Promise<unknown> {
  if (route.rateLimiting !== undefined) await limitRequest(route, route.rateLimiting, request, response);
  if (route.policy === undefined) return lastValueFrom(next.handle(), NO_VALUE);
  try {
    return await route.execute(request, next);
  } catch (error) {
    // The handler's own errors go on to the app's filters untouched.
    throw routeRejection(error, response, route);
  }
}
