/** `logging`: how the library's events are logged. The observability helper may add keys here; keep the config tests passing. */
import type { z } from 'zod';
import { bool, duration, section, type SchemaContext } from './fields.js';

export function loggingSchema(ctx: SchemaContext) {
  return section({
    json: bool().describe('One JSON object per event (env LOG_FORMAT=json)'),
    sampleRejectionsMs: duration(ctx, { bareIsMs: true, allowZero: true }).describe(
      'At most one rejection log per breaker or bulkhead per this period',
    ),
  })
    .optional()
    .describe('Log events');
}

export type LoggingInput = z.output<ReturnType<typeof loggingSchema>>;

export interface ResolvedLoggingConfig {
  json: boolean;
  sampleRejectionsMs: number;
}

export const LOGGING_DEFAULTS: ResolvedLoggingConfig = { json: false, sampleRejectionsMs: 1_000 };

export function resolveLogging(input: LoggingInput | undefined): ResolvedLoggingConfig {
  return {
    json: input?.json ?? LOGGING_DEFAULTS.json,
    sampleRejectionsMs: input?.sampleRejectionsMs ?? LOGGING_DEFAULTS.sampleRejectionsMs,
  };
}
