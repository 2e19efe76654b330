import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { NEVER_ABORTED } from '../core/policy.js';
import { REQUEST_SIGNAL, RESILIENCE_SIGNAL_METADATA } from './http-tokens.js';

// Nest resolves parameters before a bound route's policies run: there the binding replaces this
// value with the call's own signal (route-handler-binding.ts). For request-scoped controllers the
// interceptor runs first and leaves the signal on the request. Without a deadline (excluded,
// skipped, timeout off) the handler gets a signal that never aborts.
const signalParam = createParamDecorator((_data: unknown, ctx: ExecutionContext): AbortSignal => {
  const request = ctx.switchToHttp().getRequest<Record<symbol, AbortSignal | undefined>>();
  return request[REQUEST_SIGNAL] ?? NEVER_ABORTED;
});

/**
 * Injects an AbortSignal that aborts (with a `TimeoutError`) when the route's deadline passes, so the
 * handler can stop its work; the client gets a 504. Handlers that do not ask for it cost no signal.
 */
export function ResilienceSignal(): ParameterDecorator {
  const inject = signalParam();
  return (target, propertyKey, index) => {
    inject(target, propertyKey, index);
    // Tells the route binding, once per route, which argument is the signal.
    const method = propertyKey === undefined ? undefined : (target as Record<string | symbol, unknown>)[propertyKey];
    if (typeof method === 'function') Reflect.defineMetadata(RESILIENCE_SIGNAL_METADATA, index, method);
  };
}
