/**
 * The one place the Nest layer imports the configuration layer's entry points from, so a rename
 * there is a one-line change here.
 */
export { resolveResilienceConfig } from '../config/resolve-config.js';
export type { ResilienceOptions, ResolvedResilienceConfig } from '../config/schema/resilience.schema.js';
