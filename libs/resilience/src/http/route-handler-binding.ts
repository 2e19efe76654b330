/**
 * The function that takes a controller route method's place: it counts the request against the
 * route's rate limit (route-rate-limit.ts), runs the method under the route's composed breaker →
 * timeout → bulkhead(s) policy, and turns the policies' own rejections into HTTP answers (429, 503,
 * 504, or the configured bulkhead status, with `Retry-After`). Errors of the method itself reach the
 * app's exception filters untouched.
 *
 * Nest calls it with one argument more than the method takes: the response, through a hidden
 * `@Res({ passthrough: true })` parameter the binder adds (route-resilience.binder.ts). It is where
 * `Retry-After` and the RateLimit-* headers go, and it leads to the request (Express `res.req`,
 * Fastify `reply.request`), which names the route (its template is read on the first call) and is
 * what the rate limit keys on. It is taken off before the method is called. A direct call (a test
 * calling the controller) has no such argument and runs the method as it is.
 */
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import type { Operation } from '../core/policy.js';
import { HandlerFailure, routeRejection, type RoutePolicies } from './route-policies.js';
import { limitRequest } from './route-rate-limit.js';
import { isThenable } from '../core/is-thenable.js';

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

export interface RouteBinding {
  /** Where Nest puts the response: after every parameter of the method. */
  readonly responseIndex: number;
  /** The `@ResilienceSignal()` parameter's index, or -1: it receives the call's own signal. */
  readonly signalIndex: number;
  /** The route's policies; called once, on the first request (the template comes from the request). */
  readonly resolve: (request: object) => RoutePolicies;
}

const NO_VALUE = { defaultValue: undefined };

export function bindRouteHandler(original: AnyMethod, binding: RouteBinding): AnyMethod {
  const { responseIndex, signalIndex, resolve } = binding;
  let route: RoutePolicies | undefined;
  return function resilientRoute(this: unknown, ...args: unknown[]): unknown {
    // Nest passes the method's arguments and the response last; anything else is a direct call.
    if (args.length !== responseIndex + 1) return original.apply(this, args);
    // pop(), not `args.length = responseIndex`: setting the length takes V8's slow path, which cost
    // a tiny Fastify route ~3% of its throughput (`npm run bench:http`).
    const response = args.pop() as object;
    const request = requestOf(response);
    const r = (route ??= resolve(request));
    const limiting = r.rateLimiting;
    if (limiting !== undefined) {
      // Throws the 429 at once for an in-memory limit; a Redis limit answers later.
      const pending = limitRequest(r, limiting, request, response);
      if (pending !== undefined) return pending.then(() => runUnderPolicies(original, this, args, response, r, signalIndex));
    }
    return runUnderPolicies(original, this, args, response, r, signalIndex);
  };
}

/** The method under the route's breaker → timeout → bulkhead(s), its policies' rejections as HTTP answers. */
function runUnderPolicies(
  original: AnyMethod,
  self: unknown,
  args: unknown[],
  response: object,
  route: RoutePolicies,
  signalIndex: number,
): unknown {
  const policy = route.policy;
  if (policy === undefined) return original.apply(self, args);
  const op: Operation<unknown> =
    signalIndex >= 0
      ? (signal) => {
          args[signalIndex] = signal;
          return callMethod(original, self, args);
        }
      : () => callMethod(original, self, args);
  // A handler that answers synchronously is answered synchronously (no promise, no microtask).
  const inline = route.inline;
  const result = inline !== undefined ? inline.executeInline(op, signalIndex >= 0) : policy.execute(op);
  if (!(result instanceof Promise)) return result;
  return result.then(undefined, (error: unknown) => {
    throw routeRejection(error, response, route);
  });
}

/**
 * The method's outcome: a plain value as it is, anything asynchronous as a Promise of its last value;
 * its own failure wrapped in `HandlerFailure` so the breaker can classify it.
 */
function callMethod(original: AnyMethod, self: unknown, args: unknown[]): unknown {
  let result: unknown;
  try {
    result = original.apply(self, args);
  } catch (error) {
    return Promise.reject(new HandlerFailure(error));
  }
  if (isObservable(result)) return lastOf(result);
  if (isThenable(result)) return Promise.resolve(result).then(lastIfObservable, wrapFailure);
  return result;
}

// Nest answers an Observable (or a Promise of one) with its last value; so does a route under policies.
const lastOf = (o: Observable<unknown>): Promise<unknown> => lastValueFrom(o, NO_VALUE).then(undefined, wrapFailure);
const lastIfObservable = (value: unknown): unknown => (isObservable(value) ? lastOf(value) : value);
const wrapFailure = (error: unknown): never => {
  throw new HandlerFailure(error);
};

/** Express links the request from its response (`res.req`), Fastify from its reply (`reply.request`). */
function requestOf(response: object): object {
  return (response as { req?: object }).req ?? (response as { request: object }).request;
}
