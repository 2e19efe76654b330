/**
 * The shared logic of the named-instance registries: create from config on first use, one instance
 * per key for the whole application, and creation events so the metrics and log layers can attach
 * to instances created after they started.
 *
 * Sharing rule (resilience4j ties config to the name; we do too): `get(name)` is the one instance
 * of that name. `get(name, overrides)` with decorator options is a separate instance keyed
 * `name@<hash of the overrides>` (see options-key.ts), so a method's overrides never change the
 * config other methods of the same name run with. Its `name` (in errors, metrics, health) is that key.
 */
import { instanceKey } from './options-key.js';

export type RegistryCreateListener<P> = (instance: P, key: string) => void;

/**
 * `P`: what `get` returns. `L`: what the registry lists (`getAll`, `entries`, `onCreate`), `P` unless a
 * subclass also holds instances of another kind (the bulkhead registry's worker bulkheads, see `add`).
 */
export abstract class PolicyRegistry<P extends L, O extends object, L = P> {
  private readonly instances = new Map<string, P>();
  /** Every instance, of either kind, in creation order. */
  private readonly listed = new Map<string, L>();
  private readonly createListeners = new Set<RegistryCreateListener<L>>();

  /** What the registry holds, for messages (e.g. "circuit breaker"). */
  protected abstract readonly kindName: string;

  /** The config of `name`: the `default` entry merged with the named one. */
  protected abstract configFor(name: string): O;

  /** Builds the instance; `key` is its registry key and name. */
  protected abstract create(key: string, options: O): P;

  /** Applies decorator overrides over the config; shallow by default (a nested object replaces the configured one). */
  protected merge(base: O, overrides: Partial<O>): O {
    return { ...base, ...overrides };
  }

  /** The instance for `name` (and these overrides), created from config on first use. */
  get(name: string, overrides?: Partial<O>): P {
    const key = instanceKey(name, overrides);
    let instance = this.instances.get(key);
    if (instance === undefined) {
      const options = overrides === undefined ? this.configFor(name) : this.merge(this.configFor(name), withoutUndefined(overrides));
      instance = this.create(key, options);
      this.instances.set(key, instance);
      this.add(key, instance);
    }
    return instance;
  }

  /** Lists an instance (from `get`, or one of another kind a subclass makes) and tells the create listeners. */
  protected add(key: string, instance: L): void {
    this.listed.set(key, instance);
    for (const listener of this.createListeners) {
      try {
        listener(instance, key);
      } catch {
        // An observer's bug must not stop the application from getting its policy.
      }
    }
  }

  /** Whether an instance with this key (a name, or `name@hash`) was created. */
  has(key: string): boolean {
    return this.listed.has(key);
  }

  /** Every instance created so far, in creation order. */
  getAll(): L[] {
    return [...this.listed.values()];
  }

  /** Every instance with its key, in creation order. */
  entries(): [string, L][] {
    return [...this.listed.entries()];
  }

  /**
   * Calls `listener` for every instance created from now on (not for existing ones: read `getAll()`
   * first). Returns a disposer.
   */
  onCreate(listener: RegistryCreateListener<L>): () => void {
    this.createListeners.add(listener);
    return () => {
      this.createListeners.delete(listener);
    };
  }
}

function withoutUndefined<O extends object>(o: O): O {
  const out = {} as O;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
