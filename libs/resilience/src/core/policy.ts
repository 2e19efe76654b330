/**
 * The one interface every policy implements, and their composition.
 *
 * A policy runs `fn`, handing it an AbortSignal that fires when the call should stop
 * (its timeout passed, or the caller gave up). Policies that do not abort pass the caller's
 * signal through untouched, or `NEVER_ABORTED` when the caller gave none, so no signal is
 * allocated on the hot path.
 */
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

type Runner = <T>(fn: Operation<T>, signal: AbortSignal | undefined) => Promise<T>;

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

/** A policy made of others, applied in `POLICY_ORDER`. */
export class ComposedPolicy implements Policy {
  /** The policies, outermost first. */
  readonly policies: readonly Policy[];
  private readonly run: Runner;

  constructor(policies: readonly Policy[]) {
    // Stable sort: policies of the same kind keep the order they were given in.
    this.policies = [...policies].sort((a, b) => rank(a) - rank(b));
    // Build the chain once, innermost first, so a call makes no intermediate arrays.
    const innermost = this.policies[this.policies.length - 1];
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
    for (let i = this.policies.length - 2; i >= 0; i--) run = link(this.policies[i], run);
    this.run = run;
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
