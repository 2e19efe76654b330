/**
 * Rate limit, timeout, per-route circuit breaker and bulkheads around the handlers of REQUEST-SCOPED
 * controllers, as a controller-level interceptor the binder attaches (route-resilience.binder.ts).
 * Every other route is bound directly, which avoids the cost of Nest's interceptor pipeline; these
 * controllers get a new instance per request, after init, so there is nothing to bind.
 */
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { httpAnswerFor } from './error-to-http.js';
import { ResilienceHttpException } from './resilience-http.exception.js';
import { HandlerFailure, type RoutePolicies } from './route-policies.js';
import { limitRequest } from './route-rate-limit.js';
import { RouteResilienceRegistry } from './route-resilience.registry.js';
import { setHeader } from './set-header.js';

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
    if (error instanceof HandlerFailure) throw error.error;
    throw translate(error, response, route);
  }
}

/** A rejection by the route's breaker, timeout or bulkhead, as an HTTP exception with its headers. */
function translate(error: unknown, response: unknown, route: RoutePolicies): unknown {
  const answer = httpAnswerFor(error, route.bulkheadRejectStatus);
  if (answer === undefined) return error;
  if (answer.retryAfterSeconds !== undefined) setHeader(response, 'Retry-After', answer.retryAfterSeconds);
  return new ResilienceHttpException(answer, error);
}
