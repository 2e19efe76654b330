/**
 * The slice of the resolved configuration (RESILIENCE_CONFIG) that health, metrics and logging
 * read, typed structurally so this layer does not depend on the whole config tree.
 */
export interface ObservabilityConfig {
  health?: { enabled: boolean; path: string; criticalPools: readonly string[]; failOnOpenBreakers?: readonly string[] | boolean };
  metrics?: { enabled: boolean; path: string; defaultMetrics: boolean };
  logging?: { json: boolean; sampleRejectionsMs: number };
}

/** `'/ops/health/'` → `'/ops/health'`; `''` → `'/'`. */
export function routePath(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
  return `/${joined}`;
}
