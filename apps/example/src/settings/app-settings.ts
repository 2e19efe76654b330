/**
 * The example service's own settings, read once from the environment. (The resilience settings,
 * REDIS_*, EXTERNAL_API_*, CIRCUIT_BREAKER_* and BULKHEAD_*, belong to the library's configuration.)
 * A bad value stops start-up with a message naming the variable.
 */
export interface AppSettings {
  /** `PORT`, default 8000. */
  port: number;
  /** `HOST`, default all interfaces. */
  host: string | undefined;
  /** `ERROR_RATE`: share of /api/error-prone calls that fail, 0..1, default 0.5. */
  errorRate: number;
  /** `ADMIN_TOKEN`: bearer token of /admin/*; unset disables the admin endpoints. */
  adminToken: string | undefined;
  /** `SHUTDOWN_TIMEOUT` (seconds): how long in-flight requests may take after SIGTERM, default 10. */
  shutdownTimeoutMs: number;
}

export class AppSettingsError extends Error {
  override readonly name = 'AppSettingsError';
}

export function readAppSettings(env: Record<string, string | undefined>): AppSettings {
  const problems: string[] = [];
  const number = (variable: string, fallback: number, min: number, max: number, integer: boolean): number => {
    const text = env[variable];
    if (text === undefined || text.trim() === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      problems.push(`${variable}: must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(text)}`);
      return fallback;
    }
    return value;
  };
  const settings: AppSettings = {
    port: number('PORT', 8000, 0, 65535, true),
    host: env.HOST?.trim() || undefined,
    errorRate: number('ERROR_RATE', 0.5, 0, 1, false),
    adminToken: env.ADMIN_TOKEN === undefined || env.ADMIN_TOKEN === '' ? undefined : env.ADMIN_TOKEN,
    shutdownTimeoutMs: number('SHUTDOWN_TIMEOUT', 10, 0, 600, false) * 1000,
  };
  if (problems.length > 0) throw new AppSettingsError(`Invalid environment:\n  ${problems.join('\n  ')}`);
  return settings;
}

/** Nest token of the AppSettings. */
export const APP_SETTINGS = Symbol('example.app-settings');
