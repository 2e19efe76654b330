/**
 * The function that takes a controller route method's place: it runs the method under the route's
 * composed breaker → timeout → bulkhead(s) policy and turns the policy's own rejections into HTTP
 * answers (503/504, or the configured bulkhead status, with `Retry-After`). Errors of the method
 * itself reach the app's exception filters untouched.
 *
 * Nest calls it with one argument more than the method takes: the request, through a hidden
 * `@Req()` parameter the binder adds (route-resilience.binder.ts). The request names the route (its
 * template is read from it on the first call) and leads to the response for `Retry-After`; it is
 * taken off before the method is called. A direct call (a test calling the controller) has no such
 * argument and runs the method as it is.
 */
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import type { Operation } from '../core/policy.js';
import { httpAnswerFor } from './error-to-http.js';
import { REQUEST_REPLY } from './http-tokens.js';
import { ResilienceHttpException } from './resilience-http.exception.js';
import { HandlerFailure, type RoutePolicies } from './route-policies.js';
import { setHeader } from './set-header.js';
import { isThenable } from '../core/is-thenable.js';

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

export interface RouteBinding {
  /** Where Nest puts the request: after every parameter of the method. */
  readonly requestIndex: number;
  /** The `@ResilienceSignal()` parameter's index, or -1: it receives the call's own signal. */
  readonly signalIndex: number;
  /** The route's policies; called once, on the first request (the template comes from the request). */
  readonly resolve: (request: object) => RoutePolicies;
}

const NO_VALUE = { defaultValue: undefined };

export function bindRouteHandler(original: AnyMethod, binding: RouteBinding): AnyMethod {
  const { requestIndex, signalIndex, resolve } = binding;
  let route: RoutePolicies | undefined;
  return function resilientRoute(this: unknown, ...args: unknown[]): unknown {
    if (args.length <= requestIndex) return original.apply(this, args);
    const request = args[requestIndex] as object;
    args.length = requestIndex;
    const r = (route ??= resolve(request));
    const policy = r.policy;
    if (policy === undefined) return original.apply(this, args);
    const inline = r.inline;
    const op: Operation<unknown> =
      signalIndex >= 0
        ? (signal) => {
            args[signalIndex] = signal;
            return callMethod(original, this, args);
          }
        : () => callMethod(original, this, args);
    // A handler that answers synchronously is answered synchronously (no promise, no microtask).
    const result = inline !== undefined ? inline.executeInline(op) : policy.execute(op);
    if (!(result instanceof Promise)) return result;
    return result.then(undefined, (error: unknown) => {
      throw rejection(error, request, r);
    });
  };
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

/** What the caller gets: the method's own error as it was, or the policy's rejection as an HTTP exception. */
function rejection(error: unknown, request: object, route: RoutePolicies): unknown {
  if (error instanceof HandlerFailure) return error.error;
  const answer = httpAnswerFor(error, route.bulkheadRejectStatus);
  if (answer === undefined) return error;
  if (answer.retryAfterSeconds !== undefined) {
    const response = responseOf(request);
    if (response !== undefined) setHeader(response, 'Retry-After', answer.retryAfterSeconds);
  }
  return new ResilienceHttpException(answer, error);
}

/** Express links the response from the request; for Fastify the rate-limit guard left the reply there. */
function responseOf(request: object): unknown {
  return (request as { res?: unknown }).res ?? (request as Record<symbol, unknown>)[REQUEST_REPLY];
}
