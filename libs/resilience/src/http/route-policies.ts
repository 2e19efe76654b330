/**
 * Everything the HTTP layer applies to one route, resolved once per handler and then reused for
 * every request: its bounded name, its rate limiter and how to key it, and its composed
 * breaker → timeout → bulkhead(s) policy (POLICY_ORDER).
 */
import type { CallHandler } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { isBulkheadFullError, isCircuitOpenError, isRateLimitedError, isTimeoutError } from '../core/errors.js';
import { FusedRun, isGate, isWatch } from '../core/fused-run.js';
import { ComposedPolicy, composePolicies, type Operation, type Policy } from '../core/policy.js';
import type { RateLimiter } from '../core/rate-limit/rate-limiter.js';
import { clientAddress } from './client-key.js';
import type { HttpRequestLike, RateLimitKeyBy } from './http-options.js';
import { httpAnswerFor, statusOfError } from './error-to-http.js';
import { REQUEST_SIGNAL } from './http-tokens.js';
import { ResilienceHttpException } from './resilience-http.exception.js';
import { setHeader } from './set-header.js';

const NO_VALUE = { defaultValue: undefined };

/** Carries an error thrown by the handler itself through the route's policies, so the
 * interceptor can tell it from its own rejections (and the breaker can classify it). */
export class HandlerFailure {
  constructor(readonly error: unknown) {}
}

const wrapFailure = (error: unknown): never => {
  throw new HandlerFailure(error);
};

/**
 * Breaker rule for routes: 5xx answers and timeouts count; 4xx answers do not (the client was
 * wrong), and neither does load shedding, ours or a downstream policy's (an open downstream
 * breaker, a full bulkhead, a rate limit): those are fast refusals already guarded elsewhere, and
 * counting them would open the route's breaker for another breaker's state.
 */
export function countsAsRouteFailure(error: unknown): boolean {
  if (!(error instanceof HandlerFailure)) return isTimeoutError(error);
  const cause = error.error;
  if (isCircuitOpenError(cause) || isBulkheadFullError(cause) || isRateLimitedError(cause)) return false;
  return statusOfError(cause) >= 500;
}

export interface RouteRateLimiting {
  limiter: RateLimiter;
  /** Prepended to the client key (route-specific limits are counted apart from the global one). */
  keyPrefix: string;
  keyBy: RateLimitKeyBy;
  trustProxy: boolean | number;
  /** RateLimit-* headers on admitted requests too (429s always carry them). */
  headers: boolean;
}

/**
 * A route with one policy (a timeout alone, say) gets a fused run of just that policy, so a
 * synchronous handler is still answered inline; a policy that cannot be fused runs as it is.
 */
function fusedAlone(policy: Policy): FusedRun | undefined {
  if (!isGate(policy) && !isWatch(policy)) return undefined;
  return new FusedRun([policy], (fn, signal) => policy.execute(fn, signal));
}

export class RoutePolicies {
  /** `GET /api/items/:id`. */
  readonly name: string;
  readonly rateLimiting: RouteRateLimiting | undefined;
  /** Composed breaker, timeout and bulkheads; undefined when the route has none of them. */
  readonly policy: Policy | undefined;
  /** The same policy when it is one fused layer, which can answer a synchronous handler inline. */
  readonly inline: FusedRun | undefined;
  /** Whether the handler takes `@ResilienceSignal()`, or a queue must learn of timeouts: then a signal is made per call. */
  readonly needsSignal: boolean;
  readonly bulkheadRejectStatus: 503 | 429;

  constructor(init: {
    name: string;
    rateLimiting?: RouteRateLimiting;
    policies: Policy[];
    needsSignal: boolean;
    bulkheadRejectStatus: 503 | 429;
  }) {
    this.name = init.name;
    this.rateLimiting = init.rateLimiting;
    const policy = init.policies.length === 0 ? undefined : composePolicies(...init.policies);
    this.policy = policy;
    this.inline = policy instanceof ComposedPolicy ? policy.fused : policy === undefined ? undefined : fusedAlone(policy);
    this.needsSignal = init.needsSignal;
    this.bulkheadRejectStatus = init.bulkheadRejectStatus;
  }

  /** The key this request is counted under. */
  rateLimitKey(request: HttpRequestLike): string {
    const r = this.rateLimiting!;
    const client = r.keyBy === 'ip' ? clientAddress(request, r.trustProxy) : r.keyBy === 'global' ? 'global' : String(r.keyBy(request));
    return r.keyPrefix === '' ? client : r.keyPrefix + client;
  }

  /**
   * Runs the handler (`next.handle()`) under the route's policy. A handler error reaches the caller
   * wrapped in `HandlerFailure`; anything else is a rejection by the policies.
   */
  execute(request: object, next: CallHandler): Promise<unknown> {
    const op: Operation<unknown> = this.needsSignal
      ? (signal) => {
          (request as Record<symbol, unknown>)[REQUEST_SIGNAL] = signal;
          return lastValueFrom(next.handle(), NO_VALUE).then(undefined, wrapFailure);
        }
      : () => lastValueFrom(next.handle(), NO_VALUE).then(undefined, wrapFailure);
    return this.policy!.execute(op);
  }
}

/**
 * What the caller of a route's policies gets for `error`: the handler's own error as it was, or a
 * rejection by the route's breaker, timeout or bulkhead as an HTTP exception, with `Retry-After` set
 * on `response`. Shared by the route binding and the interceptor, so both answer alike.
 */
export function routeRejection(error: unknown, response: unknown, route: RoutePolicies): unknown {
  if (error instanceof HandlerFailure) return error.error;
  const answer = httpAnswerFor(error, route.bulkheadRejectStatus);
  if (answer === undefined) return error;
  if (answer.retryAfterSeconds !== undefined) setHeader(response, 'Retry-After', answer.retryAfterSeconds);
  return new ResilienceHttpException(answer, error);
}
