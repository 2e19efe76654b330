/**
 * The root of the configuration tree, assembled from one file per section. Built once per duration
 * convention: code options read bare durations as milliseconds, YAML and environment as seconds.
 */
import type { z } from 'zod';
import { breakerSchema, circuitBreakersSchema, type ResolvedBreakerConfig } from './circuit-breakers.schema.js';
import { bulkheadSchema, bulkheadsSchema, type ResolvedBulkheadConfig } from './bulkheads.schema.js';
import { retriesSchema, retrySchema, type ResolvedRetryConfig } from './retries.schema.js';
import { timeoutSchema, timeoutsSchema, type ResolvedTimeoutConfig } from './timeouts.schema.js';
import { connectionPoolsSchema, httpPoolSchema, redisPoolSchema, type ResolvedConnectionPoolsConfig } from './connection-pools.schema.js';
import { middlewareSchema, type ResolvedMiddlewareConfig } from './middleware.schema.js';
import { healthSchema, type ResolvedHealthConfig } from './health.schema.js';
import { metricsSchema, type ResolvedMetricsConfig } from './metrics.schema.js';
import { loggingSchema, type ResolvedLoggingConfig } from './logging.schema.js';
import { section, type SchemaContext } from './fields.js';

export function resilienceSchema(ctx: SchemaContext) {
  return section({
    circuitBreakers: circuitBreakersSchema(ctx),
    bulkheads: bulkheadsSchema(ctx),
    retries: retriesSchema(ctx),
    timeouts: timeoutsSchema(ctx),
    connectionPools: connectionPoolsSchema(ctx),
    middleware: middlewareSchema(ctx),
    health: healthSchema(),
    metrics: metricsSchema(),
    logging: loggingSchema(ctx),
  });
}

/** Code options: bare durations in milliseconds. */
export const CODE_OPTIONS_SCHEMA = resilienceSchema({ bareDurationUnit: 'ms' });
/** YAML file and environment: bare durations in seconds. */
export const FILE_OPTIONS_SCHEMA = resilienceSchema({ bareDurationUnit: 's' });

type CodeSchema = typeof CODE_OPTIONS_SCHEMA;

/** What code passes to `ResilienceModule.forRoot` (camelCase; bare durations in ms, or "30s"-style strings). */
export type ResilienceOptions = z.input<CodeSchema>;
/** One validated source, durations already in ms, nothing defaulted yet. */
export type ResilienceInput = z.output<CodeSchema>;

export type BreakerConfig = z.input<ReturnType<typeof breakerSchema>>;
export type BulkheadConfig = z.input<ReturnType<typeof bulkheadSchema>>;
export type RetryConfig = z.input<ReturnType<typeof retrySchema>>;
export type TimeoutConfig = z.input<ReturnType<typeof timeoutSchema>>;
export type HttpPoolConfig = z.input<ReturnType<typeof httpPoolSchema>>;
export type RedisPoolConfig = z.input<ReturnType<typeof redisPoolSchema>>;
export type MiddlewareConfig = NonNullable<ResilienceOptions['middleware']>;
export type HealthConfig = NonNullable<ResilienceOptions['health']>;
export type MetricsConfig = NonNullable<ResilienceOptions['metrics']>;
export type LoggingConfig = NonNullable<ResilienceOptions['logging']>;

/** The whole tree after every source, inheritance and default: camelCase, durations in milliseconds. */
export interface ResolvedResilienceConfig {
  /** Always has `default`; every other name is already merged over it. */
  circuitBreakers: Record<string, ResolvedBreakerConfig>;
  bulkheads: Record<string, ResolvedBulkheadConfig>;
  retries: Record<string, ResolvedRetryConfig>;
  timeouts: Record<string, ResolvedTimeoutConfig>;
  connectionPools: ResolvedConnectionPoolsConfig;
  middleware: ResolvedMiddlewareConfig;
  health: ResolvedHealthConfig;
  metrics: ResolvedMetricsConfig;
  logging: ResolvedLoggingConfig;
  /** Absolute path of the YAML file that was read, or null when none was. */
  configFile: string | null;
}
