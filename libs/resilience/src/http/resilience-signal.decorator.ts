import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { NEVER_ABORTED } from '../core/policy.js';
import { REQUEST_SIGNAL, RESILIENCE_SIGNAL_METADATA } from './http-tokens.js';

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
    // Tells the interceptor, once per route, that this handler reads a signal.
    const method = propertyKey === undefined ? undefined : (target as Record<string | symbol, unknown>)[propertyKey];
    if (typeof method === 'function') Reflect.defineMetadata(RESILIENCE_SIGNAL_METADATA, true, method);
  };
}
