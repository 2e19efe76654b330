/**
 * The one interface every policy implements, and their composition.
 *
 * A policy runs `fn`, handing it an AbortSignal that fires when the call should stop
 * (its timeout passed, or the caller gave up). Policies that do not abort pass the caller's
 * signal through untouched, or `NEVER_ABORTED` when the caller gave none, so no signal is
 * allocated on the hot path.
 */
import { FusedRun, isGate, isWatch } from './fused-run.js';

export type PolicyKind = 'fallback' | 'retry' | 'circuit_breaker' | 'rate_limit' | 'timeout' | 'bulkhead';

export type Operation<T> = (signal: AbortSignal) => PromiseLike<T> | T;

export interface Policy {
  readonly kind: PolicyKind;
  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T>;
}

/** A signal that never aborts, shared by every call that was given none. Created once. */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/**
 * Outermost first, whatever order the policies are given in (as resilience4j):
 * Fallback → Retry → CircuitBreaker → RateLimit → Timeout → Bulkhead → the call.
 * Retry sits outside the breaker so every attempt is counted by it; the timeout sits outside
 * the bulkhead so time spent waiting for a slot counts against the deadline.
 */
export const POLICY_ORDER: readonly PolicyKind[] = ['fallback', 'retry', 'circuit_breaker', 'rate_limit', 'timeout', 'bulkhead'];

const rank = (p: Policy): number => POLICY_ORDER.indexOf(p.kind);

/** @internal Runs `fn` through a chain of policies. */
export type Runner = <T>(fn: Operation<T>, signal: AbortSignal | undefined) => Promise<T>;

/**
 * Runs `fn` through `policy`, then through `inner`. The wrapper handed to `policy` declares a
 * signal parameter only if `fn` does: a timeout creates an AbortSignal (costly, DESIGN 3a) only for
 * operations that can read one, and must not be fooled into it by the composition itself. The
 * zero-length wrapper still receives and forwards the signal (a default parameter does not count
 * in `length`), so inner policies such as the bulkhead's queue follow the caller's signal.
 */
function link(policy: Policy, inner: Runner): Runner {
  return <T>(fn: Operation<T>, signal: AbortSignal | undefined): Promise<T> =>
    policy.execute(fn.length === 0 ? (s: AbortSignal = NEVER_ABORTED) => inner(fn, s) : (s: AbortSignal) => inner(fn, s), signal);
}

/** Runs `fn` through `policies` (outermost first), each nested in the one before. */
function nest(policies: readonly Policy[]): Runner {
  const innermost = policies[policies.length - 1];
  let run: Runner =
    innermost === undefined
      ? <T>(fn: Operation<T>, signal: AbortSignal | undefined): Promise<T> => {
          try {
            return Promise.resolve(fn(signal ?? NEVER_ABORTED));
          } catch (error) {
            return Promise.reject(error);
          }
        }
      : <T>(fn: Operation<T>, signal: AbortSignal | undefined): Promise<T> => innermost.execute(fn, signal);
  for (let i = policies.length - 2; i >= 0; i--) run = link(policies[i], run);
  return run;
}

/**
 * Replaces each stretch of two or more adjacent policies that can share one fast lane (breakers,
 * bulkheads, at most one timeout: fused-run.ts) by a `FusedRun` of them. Every other policy stays
 * a layer of its own.
 */
function fuse(policies: readonly Policy[]): Policy[] {
  const layers: Policy[] = [];
  let run: Policy[] = [];
  let watched = false;
  const close = (): void => {
    if (run.length >= 2) layers.push(new FusedRun(run, nest(run)));
    else layers.push(...run);
    run = [];
    watched = false;
  };
  for (const policy of policies) {
    if (isGate(policy)) {
      run.push(policy);
    } else if (isWatch(policy)) {
      if (watched) close();
      run.push(policy);
      watched = true;
    } else {
      close();
      layers.push(policy);
    }
  }
  close();
  return layers;
}

/**
 * A policy made of others, applied in `POLICY_ORDER`. Adjacent breakers, bulkheads and a timeout
 * run fused (one promise and one `then` per call instead of one per layer) while every breaker is
 * closed, every bulkhead has a free slot and the caller passed no signal; otherwise, and for every
 * other policy, as nested layers. Both ways behave the same.
 */
export class ComposedPolicy implements Policy {
  /** The policies, outermost first. */
  readonly policies: readonly Policy[];
  /** The one fused layer, when that is the whole composition (for `FusedRun.executeInline`). */
  readonly fused: FusedRun | undefined;
  private readonly run: Runner;

  constructor(policies: readonly Policy[]) {
    // Stable sort: policies of the same kind keep the order they were given in.
    this.policies = [...policies].sort((a, b) => rank(a) - rank(b));
    const layers = fuse(this.policies);
    this.fused = layers.length === 1 && layers[0] instanceof FusedRun ? layers[0] : undefined;
    // Build the chain once, so a call makes no intermediate arrays.
    this.run = nest(layers);
  }

  /** A composition is of the kind of its outermost policy. */
  get kind(): PolicyKind {
    return this.policies[0]?.kind ?? 'bulkhead';
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    return this.run(fn, signal);
  }
}

/** Composes policies in the fixed order of `POLICY_ORDER`. */
export function composePolicies(...policies: Policy[]): Policy {
  if (policies.length === 1) return policies[0];
  return new ComposedPolicy(policies);
}
