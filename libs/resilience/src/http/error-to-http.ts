/**
 * How a library error becomes an HTTP answer (DESIGN 6), shared by the route binding, the
 * interceptor and the exception filter so every path answers alike. Body: `{ statusCode, error,
 * message, name }`.
 */
import { STATUS_CODES } from 'node:http';
import { isBulkheadFullError, isCircuitOpenError, isRateLimitedError, isResilienceError, isTimeoutError } from '../core/errors.js';

export interface HttpAnswerBody {
  statusCode: number;
  error: string;
  message: string;
  name: string;
}

export interface HttpAnswer {
  status: number;
  body: HttpAnswerBody;
  /** Seconds for a `Retry-After` header, when there is one. */
  retryAfterSeconds?: number;
}

export function answerBody(status: number, message: string, name: string): HttpAnswerBody {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, name };
}

/** Whole seconds, at least 1 (a `Retry-After: 0` invites an immediate retry storm). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** The answer for a library error, or undefined for anything else. */
export function httpAnswerFor(error: unknown, bulkheadRejectStatus: 503 | 429 = 503): HttpAnswer | undefined {
  if (!isResilienceError(error)) return undefined;
  const name = error.name;
  if (isCircuitOpenError(error)) {
    return { status: 503, body: answerBody(503, error.message, name), retryAfterSeconds: retryAfterSeconds(error.retryAfterMs) };
  }
  if (isRateLimitedError(error)) {
    return { status: 429, body: answerBody(429, error.message, name), retryAfterSeconds: retryAfterSeconds(error.retryAfterMs) };
  }
  if (isBulkheadFullError(error)) return { status: bulkheadRejectStatus, body: answerBody(bulkheadRejectStatus, error.message, name) };
  if (isTimeoutError(error)) return { status: 504, body: answerBody(504, error.message, name) };
  switch (error.code) {
    case 'POOL_ACQUIRE_TIMEOUT':
    case 'POOL_CLOSED':
    case 'POOL_UNAVAILABLE':
      return { status: 503, body: answerBody(503, error.message, name) };
    default:
      // CONFIG_INVALID and anything newer: a server-side problem, without leaking details.
      return { status: 500, body: answerBody(500, 'Internal server error', name) };
  }
}

/** The HTTP status a failure will be answered with (for the breaker: 5xx counts, 4xx does not). */
export function statusOfError(error: unknown): number {
  const answer = httpAnswerFor(error);
  if (answer !== undefined) return answer.status;
  const e = error as { getStatus?: () => unknown; status?: unknown; statusCode?: unknown } | null;
  if (typeof e === 'object' && e !== null) {
    if (typeof e.getStatus === 'function') {
      const s = e.getStatus();
      if (typeof s === 'number') return s;
    }
    if (typeof e.status === 'number') return e.status;
    if (typeof e.statusCode === 'number') return e.statusCode;
  }
  return 500;
}
