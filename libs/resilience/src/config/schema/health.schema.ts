/** `health`: the opt-in health controller. The observability helper may add keys here; keep the config tests passing. */
import type { z } from 'zod';
import { describeValue } from '../describe-value.js';
import { bool, boolOr, section, stringList, text } from './fields.js';
import { type ResolveContext } from './resolve-context.js';

export function healthSchema() {
  return section({
    enabled: bool().describe('Serve the health endpoints (/health, /health/detailed, /health/live, /health/ready)'),
    path: text().describe('Path prefix of the health endpoints'),
    criticalPools: stringList().describe('Pools whose outage fails readiness (added to pools marked critical)'),
    // Not checked against configured names: decorators may create breakers that have no config entry.
    failOnOpenBreakers: boolOr(stringList().unwrap(), 'a list of breaker names').describe(
      'Breakers whose open state makes health down (503) instead of degraded (200); true for all',
    ),
  })
    .optional()
    .describe('Health endpoints');
}

export type HealthInput = z.output<ReturnType<typeof healthSchema>>;

export interface ResolvedHealthConfig {
  enabled: boolean;
  /** Without leading or trailing slash, as Nest controller paths are written. */
  path: string;
  /** Names of the pools whose outage fails readiness: those listed plus those marked `critical`. */
  criticalPools: string[];
  /**
   * Breakers whose open (or forced open) state is `down` rather than `degraded`; `true` for every
   * breaker. Present only when configured (absent means false: open breakers are `degraded`).
   */
  failOnOpenBreakers?: boolean | string[];
}

export const HEALTH_DEFAULTS: ResolvedHealthConfig = { enabled: false, path: 'health', criticalPools: [] };

export function resolveHealth(
  input: HealthInput | undefined,
  ctx: ResolveContext,
  pools: { names: readonly string[]; critical: readonly string[] },
): ResolvedHealthConfig {
  const listed = input?.criticalPools ?? [];
  listed.forEach((name, i) => {
    if (!pools.names.includes(name)) {
      ctx.report(
        ['health', 'criticalPools', i],
        `must name a configured pool (${pools.names.join(', ') || 'none configured'}), got ${describeValue(name)}`,
      );
    }
  });
  return {
    enabled: input?.enabled ?? HEALTH_DEFAULTS.enabled,
    path: trimSlashes(input?.path ?? HEALTH_DEFAULTS.path),
    criticalPools: [...new Set([...listed, ...pools.critical])],
    ...(input?.failOnOpenBreakers === undefined ? {} : { failOnOpenBreakers: input.failOnOpenBreakers }),
  };
}

export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
