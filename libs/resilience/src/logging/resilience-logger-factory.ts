/**
 * The app logger for `logging.json` / `LOG_FORMAT=json`: Nest's own `ConsoleLogger` in JSON mode
 * (Nest 11+), one object per line, with structured params spread into the root object so a log
 * event reads `{"level":"warn",...,"message":"circuit_breaker_opened","event":"circuit_breaker_opened","circuit_breaker":"x",...}`.
 * Pass it to `NestFactory.create(AppModule, { logger: createResilienceLogger(...) })`.
 */
import { ConsoleLogger, type ConsoleLoggerOptions } from '@nestjs/common';

/** Whether JSON logging is asked for: the option wins, else `LOG_FORMAT=json` (case-insensitive). */
export function isJsonLogFormat(json: boolean | undefined, env: Record<string, string | undefined> = process.env): boolean {
  if (json !== undefined) return json;
  return env.LOG_FORMAT?.trim().toLowerCase() === 'json';
}

export interface ResilienceLoggerOptions extends ConsoleLoggerOptions {
  /** JSON lines; default from `LOG_FORMAT`. */
  json?: boolean;
  env?: Record<string, string | undefined>;
}

export function createResilienceLogger(options: ResilienceLoggerOptions = {}): ConsoleLogger {
  const { env, json, ...rest } = options;
  if (isJsonLogFormat(json, env)) return new ConsoleLogger({ ...rest, json: true, flattenParams: true });
  return new ConsoleLogger(rest);
}
