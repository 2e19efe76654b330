/** Every default in one tree: what `resolveResilienceConfig` returns when nothing is configured. */
import { resolveTree } from './resolve-tree.js';
import type { ResolvedResilienceConfig } from './schema/resilience.schema.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Frozen; the section files hold the per-instance defaults (`CIRCUIT_BREAKER_DEFAULTS`, `HTTP_POOL_DEFAULTS`, ...). */
export const DEFAULTS: Readonly<Omit<ResolvedResilienceConfig, 'configFile'>> = deepFreeze(
  (() => {
    const { configFile: _none, ...tree } = resolveTree(
      {},
      {
        report: (path) => {
          throw new Error(`The built-in defaults break a rule at ${path.join('.')}`);
        },
      },
      null,
    );
    return tree;
  })(),
);
