/**
 * The metadata the resilience decorators store on a method, and the one helper that stores it.
 * Like Nest's `SetMetadata`, it lives on the method function itself (`descriptor.value`), so the
 * explorer reads it with `Reflect.getMetadata(key, prototype[method])`.
 */
import 'reflect-metadata';
import { ResilienceConfigError } from '../../core/errors.js';

export interface NamedPolicyMetadata<O> {
  /** The instance name: config key and registry key. */
  name: string;
  /** Decorator options that override the named config for this method only. */
  overrides?: O;
}

export interface TimeoutMetadata {
  /** A named timeout from config (`timeouts.<name>`), when no duration was given. */
  name?: string;
  /** A fixed timeout in ms. */
  timeoutMs?: number;
}

export interface FallbackMetadata {
  /** The name of a method on the same instance. */
  method?: string;
  /** A function called with `this` = the instance. */
  fn?: (error: unknown, ...args: any[]) => unknown;
}

export function defineMethodMetadata(decoratorName: string, key: string, value: unknown): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    if (typeof descriptor?.value !== 'function') {
      throw new ResilienceConfigError(
        [{ path: `${className(target)}.${String(propertyKey)}`, message: `@${decoratorName} can only decorate a method` }],
        `Invalid @${decoratorName}`,
      );
    }
    Reflect.defineMetadata(key, value, descriptor.value);
    return descriptor;
  };
}

/** Throws a config error naming the decorator's argument when a rule fails. */
export function requireArg(ok: boolean, decoratorName: string, arg: string, message: string): void {
  if (!ok) throw new ResilienceConfigError([{ path: `@${decoratorName}(${arg})`, message }], `Invalid @${decoratorName}`);
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function className(target: object): string {
  return typeof target === 'function' ? target.name : (target.constructor?.name ?? 'Object');
}
