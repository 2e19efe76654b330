/**
 * The example's resilience.yaml with a scenario's overrides laid over it (snake_case, under
 * `resilience:`), written next to the results so a run can be reproduced with CONFIG_FILE.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { Scenario } from '../scenarios/scenario-types.js';

export const EXAMPLE_CONFIG_FILE = new URL('../../apps/example/config/resilience.yaml', import.meta.url);

type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

export function mergeTrees(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = isTree(value) && isTree(out[key]) ? mergeTrees(out[key], value) : value;
  return out;
}

/** The overrides a scenario needs: its own serviceConfig, its rate limit policy, then the caller's extra. */
export function scenarioOverrides(scenario: Scenario, extra: Tree = {}): Tree {
  const rateLimit: Tree =
    scenario.rateLimit.mode === 'raise'
      ? { middleware: { rate_limit: { requests: scenario.rateLimit.requests, window: scenario.rateLimit.windowS } } }
      : {};
  return mergeTrees(mergeTrees(rateLimit, scenario.serviceConfig), extra);
}

/** Writes the merged YAML to `file` and returns the merged tree. */
export function writeServiceConfig(file: string, overrides: Tree, baseFile: URL | string = EXAMPLE_CONFIG_FILE): Tree {
  const base = parse(readFileSync(baseFile, 'utf8')) as Tree;
  const merged = mergeTrees(base, { resilience: overrides });
  writeFileSync(
    file,
    `# Written by the load runner: apps/example/config/resilience.yaml + the scenario's overrides.\n${stringify(merged)}`,
  );
  return merged;
}
