/**
 * `fn.length` decides whether an operation gets an AbortSignal (DESIGN 3a), but reading it is a
 * call into the engine: ~10 ns for a plain function and ~40 ns for one whose `name` was redefined
 * (as tsx and esbuild's keepNames do to every named function), a third of a whole fused call.
 * Callers that pass the same function again and again (a method reference, a module-level function)
 * read it once here. The function is remembered until the shared ticker's next tick (about 1 ms),
 * so a policy never keeps an operation, and what its closure holds, alive for longer.
 */
import { coarseTicker, type TickClient } from './coarse-ticker.js';

export class ArityCache implements TickClient {
  private fn: unknown = null;
  private arity = 0;

  /** `fn.length`, from the cache when `fn` is the function asked about last. */
  of(fn: (...args: never[]) => unknown): number {
    if (fn === this.fn) return this.arity;
    const arity = fn.length;
    if (this.fn === null) coarseTicker.add(this);
    this.fn = fn;
    this.arity = arity;
    return arity;
  }

  /** Forgets the function; needs no further ticks. */
  tick(): boolean {
    this.fn = null;
    return false;
  }
}
