import { tryParseDuration } from '../../config/duration.js';
import { TIMEOUT_METADATA } from '../tokens.js';
import { defineMethodMetadata, isPlainObject, requireArg, type TimeoutMetadata } from './method-metadata.js';

// A string is a duration when it starts with a digit or a dot ("5s", "500ms", "1m30s"); otherwise a config name.
const LOOKS_LIKE_DURATION = /^\s*[\d.]/;

/**
 * Rejects the call with `TimeoutError` after a deadline: `@Timeout(5000)` (ms), `@Timeout('5s')`,
 * `@Timeout({ timeoutMs: 5000 })`, or `@Timeout('external_api')` for the named config `timeouts.<name>`.
 * The caller is rejected at the deadline; the method itself is not interrupted (it is not handed the
 * AbortSignal: use the core `TimeoutPolicy` directly when the work must be cancelled).
 */
export function Timeout(timeout: number | string | { timeoutMs: number | string }): MethodDecorator {
  let meta: TimeoutMetadata;
  if (typeof timeout === 'string' && !LOOKS_LIKE_DURATION.test(timeout)) {
    requireArg(timeout.length > 0, 'Timeout', 'name', 'must be a non-empty string');
    meta = { name: timeout };
  } else {
    const raw = isPlainObject(timeout) ? timeout.timeoutMs : timeout;
    const ms = typeof raw === 'number' || typeof raw === 'string' ? tryParseDuration(raw, 'ms') : undefined;
    requireArg(
      ms !== undefined && ms > 0,
      'Timeout',
      'timeoutMs',
      `must be a duration > 0 (ms as a number, or a string like "5s"), got ${JSON.stringify(raw)}`,
    );
    meta = { timeoutMs: ms };
  }
  return defineMethodMetadata('Timeout', TIMEOUT_METADATA, meta);
}
