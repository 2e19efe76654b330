import type { ResilienceOptions } from './config-bridge.js';

/**
 * What `ResilienceModule.forRoot(...)` (or the `useFactory` of `forRootAsync`) takes: the code
 * options (camelCase, durations in ms) plus where the rest of the configuration comes from.
 * Precedence: defaults < these options < the YAML file < the environment.
 */
export type ResilienceModuleOptions = ResilienceOptions & {
  /** A YAML file (snake_case keys, bare durations in seconds); `false` (or absent) for none. */
  configFile?: string | false;
  /** The environment variables read (DESIGN 4). Default `process.env`. */
  env?: Record<string, string | undefined>;
};
