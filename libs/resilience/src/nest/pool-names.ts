/**
 * The pool names known when the module is built, so a provider can be declared for each: those in
 * the code options and those in the YAML file. The file is only peeked at here (no validation;
 * errors are ignored): the real load at start-up reports every problem.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { ResilienceModuleOptions } from './resilience-module-options.js';

export interface PoolNames {
  http: string[];
  redis: string[];
}

export function poolNamesOf(
  options: ResilienceModuleOptions | undefined,
  extra?: { http?: readonly string[]; redis?: readonly string[] },
): PoolNames {
  const http = new Set<string>(extra?.http ?? []);
  const redis = new Set<string>(extra?.redis ?? []);
  const code = (options as { connectionPools?: { http?: object; redis?: object } } | undefined)?.connectionPools;
  for (const name of Object.keys(code?.http ?? {})) http.add(name);
  for (const name of Object.keys(code?.redis ?? {})) redis.add(name);
  if (typeof options?.configFile === 'string') {
    const pools = peekYamlPools(options.configFile);
    for (const name of pools.http) http.add(name);
    for (const name of pools.redis) redis.add(name);
  }
  return { http: [...http], redis: [...redis] };
}

function peekYamlPools(file: string): PoolNames {
  try {
    const doc = parse(readFileSync(resolve(file), 'utf8')) as Record<string, any> | null;
    const root = doc && typeof doc.resilience === 'object' && doc.resilience !== null ? doc.resilience : doc;
    const pools = root?.connection_pools;
    return { http: objectKeys(pools?.http), redis: objectKeys(pools?.redis) };
  } catch {
    return { http: [], redis: [] };
  }
}

const objectKeys = (v: unknown): string[] => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v) : []);
