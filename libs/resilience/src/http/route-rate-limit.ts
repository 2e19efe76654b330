/**
 * A route's rate limit, counted for one request by its route binding (route-handler-binding.ts)
 * or, on request-scoped controllers, by the resilience interceptor: before the route's breaker,
 * timeout and bulkheads, after the app's guards and pipes (so a `keyBy` function can read what an
 * authentication guard put on the request).
 *
 * Admitted: nothing to do (or, with `headers: true`, the RateLimit-* headers). Over the limit: a 429
 * `ResilienceHttpException` with `Retry-After` and the RateLimit-* headers, which the app's
 * exception filters see like any other error from the handler.
 */
import type { RateLimitResult } from '../core/rate-limit/rate-limiter.js';
import { answerBody, retryAfterSeconds } from './error-to-http.js';
import type { HttpRequestLike } from './http-options.js';
import { ResilienceHttpException } from './resilience-http.exception.js';
import type { RoutePolicies, RouteRateLimiting } from './route-policies.js';
import { setHeader } from './set-header.js';

/**
 * Counts `request` against the route's limit. Returns undefined when it is admitted at once (the
 * in-memory store), a promise when the store answers later (Redis), and throws (or rejects with) the
 * 429 when it is over the limit.
 */
export function limitRequest(
  route: RoutePolicies,
  limiting: RouteRateLimiting,
  request: object,
  response: unknown,
): Promise<void> | undefined {
  const result = limiting.limiter.consume(route.rateLimitKey(request as HttpRequestLike));
  if (result instanceof Promise) return result.then((r) => admit(r, response, route.name, limiting.headers));
  admit(result, response, route.name, limiting.headers);
  return undefined;
}

function admit(result: RateLimitResult, response: unknown, routeName: string, headers: boolean): void {
  if (result.allowed && !headers) return;
  // IETF draft "RateLimit header fields": limit, remaining, and seconds until the window resets.
  setHeader(response, 'RateLimit-Limit', result.limit);
  setHeader(response, 'RateLimit-Remaining', result.remaining);
  setHeader(response, 'RateLimit-Reset', Math.ceil(result.resetMs / 1000));
  if (result.allowed) return;
  const retryAfter = retryAfterSeconds(result.retryAfterMs);
  setHeader(response, 'Retry-After', retryAfter);
  throw new ResilienceHttpException({
    status: 429,
    body: answerBody(429, `Rate limit exceeded for ${routeName} (${result.limit} allowed); retry in ${retryAfter} s`, 'RateLimitedError'),
    retryAfterSeconds: retryAfter,
  });
}
