/** `circuit_breakers.<name>`: options of named breakers; `default` holds what every named breaker inherits. */
import type { z } from 'zod';
import { duration, int, named, num, oneOf, section, type SchemaContext } from './fields.js';
import { compact, mergeDeep, type ConfigPath, type ResolveContext } from './resolve-context.js';

export const SLIDING_WINDOW_TYPE_VALUES = ['consecutive', 'count', 'time'] as const;

export function breakerSchema(ctx: SchemaContext) {
  return section({
    slidingWindow: section({
      type: oneOf(SLIDING_WINDOW_TYPE_VALUES).describe(
        'consecutive (trip after failure_threshold failures in a row), count (last N calls) or time (last N seconds)',
      ),
      size: int(1).describe('Calls (count window) or seconds (time window); for a consecutive window, the same as failure_threshold'),
    })
      .optional()
      .describe('Which calls decide whether to trip'),
    failureThreshold: int(1).describe('Consecutive failures that open the breaker (consecutive window)'),
    failureRateThreshold: num(0, 100).describe('Count/time windows: failure percentage that opens the breaker'),
    minimumCalls: int(1).describe('Count/time windows: calls needed before rates are evaluated (default: window size, or 10 for time)'),
    slowCallDurationThreshold: duration(ctx).describe('A call at least this long is slow (unset: durations are not measured)'),
    slowCallRateThreshold: num(0, 100).describe('Count/time windows: slow-call percentage that opens the breaker'),
    recoveryTimeout: duration(ctx).describe('How long the breaker stays open before a trial call'),
    backoffMultiplier: num(1).describe('Each failed half-open trial multiplies the open time by this'),
    maxRecoveryTimeout: duration(ctx).describe('Cap of the grown open time (default 10 x recovery_timeout)'),
    jitter: num(0, 1).describe('Fraction of the open time taken off at random'),
    halfOpenMaxCalls: int(1).describe('Trial calls admitted while half-open'),
  });
}

export function circuitBreakersSchema(ctx: SchemaContext) {
  return named(breakerSchema(ctx)).describe('Named circuit breakers; `default` is inherited by every name');
}

export type BreakerInput = z.output<ReturnType<typeof breakerSchema>>;

/** A breaker's configuration after defaults and inheritance (milliseconds). Unset optional keys are left to the core. */
export interface ResolvedBreakerConfig {
  slidingWindow: { type: (typeof SLIDING_WINDOW_TYPE_VALUES)[number]; size?: number };
  failureThreshold: number;
  failureRateThreshold: number;
  minimumCalls?: number;
  slowCallDurationThreshold?: number;
  slowCallRateThreshold: number;
  recoveryTimeout: number;
  backoffMultiplier: number;
  maxRecoveryTimeout?: number;
  jitter: number;
  halfOpenMaxCalls: number;
}

/** Defaults as the core breaker's (DESIGN 3, resilience4j where it is silent). */
export const CIRCUIT_BREAKER_DEFAULTS: ResolvedBreakerConfig = {
  slidingWindow: { type: 'consecutive' },
  failureThreshold: 5,
  failureRateThreshold: 50,
  slowCallRateThreshold: 100,
  recoveryTimeout: 30_000,
  backoffMultiplier: 1,
  jitter: 0,
  halfOpenMaxCalls: 1,
};

/** One breaker: `inherited` (the user's `default`) under `own`, then the defaults; checks the rules that span keys. */
export function resolveBreaker(
  path: ConfigPath,
  inherited: BreakerInput | undefined,
  own: BreakerInput | undefined,
  ctx: ResolveContext,
): ResolvedBreakerConfig {
  const given: BreakerInput = mergeDeep(mergeDeep({}, inherited ?? {}), own ?? {});
  const windowType = given.slidingWindow?.type ?? 'consecutive';
  const size = given.slidingWindow?.size;
  let failureThreshold = given.failureThreshold ?? CIRCUIT_BREAKER_DEFAULTS.failureThreshold;
  if (windowType === 'consecutive' && size !== undefined) {
    // For a consecutive window the size is the threshold: one may stand for the other, but they must agree.
    if (given.failureThreshold === undefined) failureThreshold = size;
    else if (size !== given.failureThreshold) {
      ctx.report(
        [...path, 'slidingWindow', 'size'],
        (k) => `must equal ${k('failureThreshold')} (${given.failureThreshold}) for a consecutive window, got ${size}; give only one`,
      );
    }
  }
  if (windowType === 'count' && size !== undefined && given.minimumCalls !== undefined && given.minimumCalls > size) {
    ctx.report(
      [...path, 'minimumCalls'],
      (k) => `must be at most ${k('slidingWindow')}.${k('size')} (${size}) for a count window, got ${given.minimumCalls}`,
    );
  }
  const recoveryTimeout = given.recoveryTimeout ?? CIRCUIT_BREAKER_DEFAULTS.recoveryTimeout;
  if (given.maxRecoveryTimeout !== undefined && given.maxRecoveryTimeout < recoveryTimeout) {
    ctx.report(
      [...path, 'maxRecoveryTimeout'],
      (k) => `must be >= ${k('recoveryTimeout')} (${recoveryTimeout} ms), got ${given.maxRecoveryTimeout} ms`,
    );
  }
  return compact({
    ...CIRCUIT_BREAKER_DEFAULTS,
    ...compact(given),
    slidingWindow: compact({ type: windowType, size: windowType === 'consecutive' ? undefined : size }),
    failureThreshold,
    recoveryTimeout,
  });
}

/** Every named breaker, each merged over `default`; `default` itself is always present. */
export function resolveCircuitBreakers(
  input: Record<string, BreakerInput> | undefined,
  ctx: ResolveContext,
): Record<string, ResolvedBreakerConfig> {
  const base = ['circuitBreakers'];
  const out: Record<string, ResolvedBreakerConfig> = { default: resolveBreaker([...base, 'default'], undefined, input?.default, ctx) };
  for (const [name, own] of Object.entries(input ?? {})) {
    if (name !== 'default') out[name] = resolveBreaker([...base, name], input?.default, own, ctx);
  }
  return out;
}
