/**
 * Finds the decorated methods of every provider and controller instance and replaces them, on the
 * instance, with a wrapper running the policies in the fixed order Fallback → Retry →
 * CircuitBreaker → RateLimit → Timeout → Bulkhead → method (core/policy.ts POLICY_ORDER),
 * whatever order the decorators were written in.
 *
 * When: `explore()` runs from ResilienceModule's `configure()` — in an HTTP app Nest calls it after
 * every instance exists and BEFORE it binds routes to `instance[method]` (routes are bound before
 * `onModuleInit`, so wrapping there would miss controllers) — and again from `onModuleInit` for
 * application contexts without HTTP. It runs once; wrappers are marked so a second module
 * instance never wraps twice.
 *
 * What changes: an own property on the instance; the prototype is untouched (other instances of
 * the class, e.g. created with `new` in tests, run the plain method). Undecorated methods and
 * providers are not touched at all. The wrapper carries every `Reflect` metadata key of the
 * original (route path, guards, custom metadata), so `Reflector.get(key, context.getHandler())` keeps working.
 *
 * Request-scoped (and durable) providers and controllers are NOT wrapped: their instances are made
 * per request, after init. The explorer logs a warning naming each such decorated method; use the
 * decorators on a singleton service that the request-scoped class calls.
 */
import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Observable } from 'rxjs';
import { ResilienceConfigError, isResilienceConfigError } from '../core/errors.js';
import { TimedPolicy } from '../core/metrics/timed-policy.js';
import { composePolicies, type Policy } from '../core/policy.js';
import { BulkheadRegistry } from './bulkhead.registry.js';
import { CircuitBreakerRegistry } from './circuit-breaker.registry.js';
import type { FallbackMetadata, NamedPolicyMetadata, TimeoutMetadata } from './decorators/method-metadata.js';
import { MethodDurationRegistry } from './method-durations.registry.js';
import { PASS_THROUGH, RESILIENCE_WRAPPED, wrapMethod, type FallbackHandler, type ResultKind } from './method-wrapper.js';
import { RetryRegistry } from './retry.registry.js';
import { TimeoutRegistry } from './timeout.registry.js';
import {
  BULKHEAD_METADATA,
  CIRCUIT_BREAKER_METADATA,
  FALLBACK_METADATA,
  RATE_LIMIT_METADATA,
  RATE_LIMIT_POLICY_FACTORY,
  RESILIENCE_CONFIG,
  RETRY_METADATA,
  TIMEOUT_METADATA,
} from './tokens.js';

/** Makes the rate-limit policy of a method from its metadata (see RATE_LIMIT_POLICY_FACTORY). */
export type RateLimitPolicyFactory = (metadata: unknown, method: string) => Policy | undefined;

const POLICY_KEYS = [CIRCUIT_BREAKER_METADATA, BULKHEAD_METADATA, RETRY_METADATA, TIMEOUT_METADATA, FALLBACK_METADATA] as const;

type AnyMethod = (this: unknown, ...args: any[]) => any;

/** What the explorer wrapped, for tests and diagnostics: `Class.method` → the composed policy. */
export interface WrappedMethod {
  readonly target: string;
  readonly policy: Policy;
  readonly hasFallback: boolean;
  /** `detect`: no usable return-type metadata; the first call learns the kind (method-wrapper.ts). */
  readonly kind: ResultKind;
}

interface InstanceWrapperLike {
  readonly name: unknown;
  readonly instance: unknown;
  readonly isTransient?: boolean;
  isDependencyTreeStatic(): boolean;
  getStaticTransientInstances?(): { instance: unknown }[];
}

@Injectable()
export class ResilienceExplorer implements OnModuleInit {
  private readonly logger = new Logger('Resilience');
  private explored = false;
  private readonly wrapped: WrappedMethod[] = [];

  constructor(
    // Explicit tokens everywhere: builds without decorator metadata (esbuild, tsx) must work too.
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(CircuitBreakerRegistry) private readonly breakers: CircuitBreakerRegistry,
    @Inject(BulkheadRegistry) private readonly bulkheads: BulkheadRegistry,
    @Inject(RetryRegistry) private readonly retries: RetryRegistry,
    @Inject(TimeoutRegistry) private readonly timeouts: TimeoutRegistry,
    @Optional() @Inject(RATE_LIMIT_POLICY_FACTORY) private readonly rateLimitFactory?: RateLimitPolicyFactory,
    @Optional() @Inject(RESILIENCE_CONFIG) private readonly config?: { metrics?: { histogram?: false | { buckets: number[] } } },
    @Optional() @Inject(MethodDurationRegistry) private readonly durations?: MethodDurationRegistry,
  ) {}

  onModuleInit(): void {
    this.explore();
  }

  /** The methods wrapped so far. */
  getWrappedMethods(): readonly WrappedMethod[] {
    return this.wrapped;
  }

  /** Wraps every decorated method once. Throws a ResilienceConfigError for a bad decorator (e.g. a missing fallback method). */
  explore(): void {
    if (this.explored) return;
    this.explored = true;
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()] as unknown as InstanceWrapperLike[];
    for (const wrapper of wrappers) {
      if (!wrapper.isDependencyTreeStatic()) {
        this.warnIfDecorated(wrapper);
        continue;
      }
      if (wrapper.isTransient && wrapper.getStaticTransientInstances) {
        for (const perContext of wrapper.getStaticTransientInstances()) this.wrapInstance(perContext.instance);
      } else {
        this.wrapInstance(wrapper.instance);
      }
    }
  }

  private wrapInstance(instance: unknown): void {
    if (typeof instance !== 'object' || instance === null) return;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown> | null;
    if (prototype === null || prototype === Object.prototype) return;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const original = prototype[methodName];
      if (typeof original !== 'function' || !hasPolicyMetadata(original)) continue;
      const own = Object.getOwnPropertyDescriptor(instance, methodName);
      if (own !== undefined) continue; // already wrapped (same instance under two tokens, or a second module)
      const target = `${(instance as object).constructor.name}.${methodName}`;
      const wrapped = this.wrap(prototype, methodName, original as AnyMethod, target);
      copyMetadata(original, wrapped);
      Object.defineProperty(instance, methodName, { value: wrapped, writable: true, configurable: true, enumerable: false });
    }
  }

  private wrap(prototype: object, methodName: string, original: AnyMethod, target: string): AnyMethod {
    const policies: Policy[] = [];
    const retry = Reflect.getMetadata(RETRY_METADATA, original) as NamedPolicyMetadata<object> | undefined;
    if (retry) policies.push(this.retries.get(retry.name, retry.overrides));
    const breaker = Reflect.getMetadata(CIRCUIT_BREAKER_METADATA, original) as NamedPolicyMetadata<object> | undefined;
    if (breaker) policies.push(this.breakers.get(breaker.name, breaker.overrides));
    const rateLimit = Reflect.getMetadata(RATE_LIMIT_METADATA, original) as unknown;
    if (rateLimit !== undefined && this.rateLimitFactory) {
      const policy = this.rateLimitFactory(rateLimit, target);
      if (policy) policies.push(policy);
    }
    const timeout = Reflect.getMetadata(TIMEOUT_METADATA, original) as TimeoutMetadata | undefined;
    if (timeout) policies.push(timeout.timeoutMs !== undefined ? this.timeouts.forMs(timeout.timeoutMs) : this.timeouts.get(timeout.name!));
    const bulkhead = Reflect.getMetadata(BULKHEAD_METADATA, original) as NamedPolicyMetadata<object> | undefined;
    if (bulkhead) policies.push(this.bulkheadFor(bulkhead, target));

    const fallbackMeta = Reflect.getMetadata(FALLBACK_METADATA, original) as FallbackMetadata | undefined;
    const fallback = fallbackMeta ? makeFallback(fallbackMeta, prototype, target) : undefined;
    const policy = this.timed(policies.length > 0 ? composePolicies(...policies) : PASS_THROUGH, target);
    const kind = resultKind(prototype, methodName, original);
    this.wrapped.push({ target, policy, hasFallback: fallback !== undefined, kind });
    return wrapMethod(original, { policy, fallback, kind });
  }

  /** With `metrics.histogram` on, every call's duration is recorded; otherwise the policy is used as it is (no cost). */
  private timed(policy: Policy, target: string): Policy {
    const histogram = this.config?.metrics?.histogram;
    if (!histogram || this.durations === undefined) return policy;
    return new TimedPolicy(policy, this.durations.histogramFor(target, histogram.buckets));
  }

  /** The method's bulkhead; a config error (e.g. a `type: worker` name) fails init naming the method. */
  private bulkheadFor(meta: NamedPolicyMetadata<object>, target: string): Policy {
    try {
      return this.bulkheads.get(meta.name, meta.overrides);
    } catch (error) {
      if (!isResilienceConfigError(error)) throw error;
      throw new ResilienceConfigError(error.issues, `Invalid @Bulkhead('${meta.name}') on ${target}`);
    }
  }

  private warnIfDecorated(wrapper: InstanceWrapperLike): void {
    const metatype = (wrapper as unknown as { metatype?: { prototype?: object; name?: string } }).metatype;
    const prototype = metatype?.prototype as Record<string, unknown> | undefined;
    if (!prototype) return;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const method = prototype[methodName];
      if (typeof method === 'function' && hasPolicyMetadata(method)) {
        this.logger.warn(
          `${metatype?.name ?? String(wrapper.name)}.${methodName} has resilience decorators but is request-scoped: ` +
            'its instances are created per request and are NOT wrapped. Move the decorated method to a singleton service.',
        );
      }
    }
  }
}

function hasPolicyMetadata(method: object): boolean {
  if ((method as Record<symbol, unknown>)[RESILIENCE_WRAPPED] !== undefined) return false;
  for (const key of POLICY_KEYS) if (Reflect.hasOwnMetadata(key, method)) return true;
  return false;
}

function makeFallback(meta: FallbackMetadata, prototype: object, target: string): FallbackHandler {
  if (meta.fn) {
    const fn = meta.fn;
    return (self, error, args) => fn.call(self, error, ...args);
  }
  const name = meta.method!;
  if (typeof (prototype as Record<string, unknown>)[name] !== 'function') {
    throw new ResilienceConfigError(
      [{ path: `${target} @Fallback('${name}')`, message: `no method "${name}" on ${target.split('.')[0]}` }],
      'Invalid @Fallback',
    );
  }
  // Looked up on the instance at call time, so a decorated fallback method runs wrapped.
  return (self, error, args) => (self as Record<string, AnyMethod>)[name](error, ...args);
}

/**
 * What the method returns, from what init can see: the declared return type (emitDecoratorMetadata)
 * when it names Observable (or a subclass, or another copy of rxjs' Observable) or another class;
 * else an `async` method returns a Promise whatever the build; else (no metadata, `Object` for a
 * union or interface, `undefined` for no annotation) the wrapper detects it on the first call.
 */
function resultKind(prototype: object, methodName: string, original: AnyMethod): ResultKind {
  const type = Reflect.getMetadata('design:returntype', prototype, methodName) as unknown;
  if (typeof type === 'function') {
    if (type === Observable || type.prototype instanceof Observable || looksObservable(type.prototype)) return 'observable';
  }
  if ((original as unknown as Record<symbol, unknown>)[Symbol.toStringTag] === 'AsyncFunction') return 'promise';
  if (typeof type === 'function' && type !== Object) return 'promise';
  return 'detect';
}

/** rxjs' own duck test (isObservable), applied to a declared type's prototype. */
function looksObservable(proto: unknown): boolean {
  if (typeof proto !== 'object' || proto === null) return false;
  const p = proto as { lift?: unknown; subscribe?: unknown };
  return typeof p.lift === 'function' && typeof p.subscribe === 'function';
}

/** Copies every Reflect metadata key of the original method (route, guards, custom) to its wrapper. */
export function copyMetadata(from: object, to: object): void {
  for (const key of Reflect.getOwnMetadataKeys(from)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, from), to);
  }
}
