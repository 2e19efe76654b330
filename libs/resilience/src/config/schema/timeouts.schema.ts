/** `timeouts.<name>`: named deadlines; `default` holds what every named timeout inherits. */
import type { z } from 'zod';
import { duration, named, section, type SchemaContext } from './fields.js';
import { compact, type ResolveContext } from './resolve-context.js';

export function timeoutSchema(ctx: SchemaContext) {
  return section({
    timeoutMs: duration(ctx, { bareIsMs: true }).describe('Deadline of a call; its AbortSignal fires then'),
  });
}

export function timeoutsSchema(ctx: SchemaContext) {
  return named(timeoutSchema(ctx)).describe('Named timeouts; `default` is inherited by every name');
}

export type TimeoutInput = z.output<ReturnType<typeof timeoutSchema>>;

export interface ResolvedTimeoutConfig {
  timeoutMs: number;
}

export const TIMEOUT_DEFAULTS: ResolvedTimeoutConfig = { timeoutMs: 30_000 };

export function resolveTimeouts(
  input: Record<string, TimeoutInput> | undefined,
  _ctx: ResolveContext,
): Record<string, ResolvedTimeoutConfig> {
  const base = { ...TIMEOUT_DEFAULTS, ...compact(input?.default ?? {}) };
  const out: Record<string, ResolvedTimeoutConfig> = { default: base };
  for (const [name, own] of Object.entries(input ?? {})) {
    if (name !== 'default') out[name] = { ...base, ...compact(own) };
  }
  return out;
}
