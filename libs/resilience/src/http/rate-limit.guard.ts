/**
 * The rate limit, as a global guard. A guard because guards run before interceptors, pipes and
 * the app's own controller guards: an over-limit client is turned away before any of that work
 * (and before authentication, which brute force would target), on both adapters alike.
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { RateLimitResult } from '../core/rate-limit/rate-limiter.js';
import { answerBody, retryAfterSeconds } from './error-to-http.js';
import { REQUEST_REPLY } from './http-tokens.js';
import type { HttpRequestLike } from './http-options.js';
import { ResilienceHttpException } from './resilience-http.exception.js';
import { RouteResilienceRegistry } from './route-resilience.registry.js';
import { setHeader } from './set-header.js';

@Injectable()
export class ResilienceRateLimitGuard implements CanActivate {
  constructor(@Inject(RouteResilienceRegistry) private readonly routes: RouteResilienceRegistry) {}

  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const route = this.routes.forContext(ctx);
    // getArgByIndex, not switchToHttp(): that allocates three closures on every call.
    const request = ctx.getArgByIndex<HttpRequestLike>(0);
    const response = ctx.getArgByIndex<unknown>(1);
    // A Fastify request does not lead to its reply; a bound route needs it for `Retry-After`.
    if (route.policy !== undefined && (request as { res?: unknown }).res === undefined) {
      (request as Record<symbol, unknown>)[REQUEST_REPLY] = response;
    }
    const limiting = route.rateLimiting;
    if (limiting === undefined) return true;
    const result = limiting.limiter.consume(route.rateLimitKey(request));
    if (result instanceof Promise) return result.then((r) => admit(r, response, route.name, limiting.headers));
    return admit(result, response, route.name, limiting.headers);
  }
}

function admit(result: RateLimitResult, response: unknown, routeName: string, headers: boolean): boolean {
  if (result.allowed && !headers) return true;
  // IETF draft "RateLimit header fields": limit, remaining, and seconds until the window resets.
  setHeader(response, 'RateLimit-Limit', result.limit);
  setHeader(response, 'RateLimit-Remaining', result.remaining);
  setHeader(response, 'RateLimit-Reset', Math.ceil(result.resetMs / 1000));
  if (result.allowed) return true;
  const retryAfter = retryAfterSeconds(result.retryAfterMs);
  setHeader(response, 'Retry-After', retryAfter);
  throw new ResilienceHttpException({
    status: 429,
    body: answerBody(429, `Rate limit exceeded for ${routeName} (${result.limit} allowed); retry in ${retryAfter} s`, 'RateLimitedError'),
    retryAfterSeconds: retryAfter,
  });
}
