/**
 * Every error the service answers, as `{ statusCode, error, message }` JSON (DESIGN 6), plus
 * `Retry-After` where waiting helps. Library errors map as the library's HTTP layer maps them;
 * anything unexpected is a 500 without details (logged instead).
 */
import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { isBulkheadFullError, isCircuitOpenError, isRateLimitedError, isResilienceError, isTimeoutError } from '@app/resilience';

export interface ErrorAnswer {
  status: number;
  body: { statusCode: number; error: string; message: string; [extra: string]: unknown };
  retryAfterSeconds?: number;
}

export function errorBody(status: number, message: string, extra: Record<string, unknown> = {}): ErrorAnswer['body'] {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...extra };
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export function answerFor(error: unknown): ErrorAnswer {
  if (error instanceof HttpException) return fromHttpException(error);
  if (isCircuitOpenError(error)) {
    return { status: 503, body: errorBody(503, error.message, { name: error.name }), retryAfterSeconds: seconds(error.retryAfterMs) };
  }
  if (isRateLimitedError(error)) {
    return { status: 429, body: errorBody(429, error.message, { name: error.name }), retryAfterSeconds: seconds(error.retryAfterMs) };
  }
  if (isBulkheadFullError(error)) return { status: 503, body: errorBody(503, error.message, { name: error.name }) };
  if (isTimeoutError(error)) return { status: 504, body: errorBody(504, error.message, { name: error.name }) };
  if (isResilienceError(error) && error.code.startsWith('POOL_'))
    return { status: 503, body: errorBody(503, error.message, { name: error.name }) };
  return { status: 500, body: errorBody(500, 'Internal server error') };
}

function fromHttpException(error: HttpException): ErrorAnswer {
  const status = error.getStatus();
  const response = error.getResponse();
  const retryAfter = (error as HttpException & { retryAfterSeconds?: number }).retryAfterSeconds;
  if (typeof response === 'string') return { status, body: errorBody(status, response), retryAfterSeconds: retryAfter };
  const given = response as Record<string, unknown>;
  const message = Array.isArray(given.message) ? given.message.join('; ') : String(given.message ?? error.message);
  return { status, body: { ...given, ...errorBody(status, message) }, retryAfterSeconds: retryAfter };
}
