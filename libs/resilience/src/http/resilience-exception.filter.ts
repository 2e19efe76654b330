/**
 * Maps every library error that escapes a handler (say a `CircuitOpenError` from a decorated
 * service) to its status (DESIGN 6) with `{ statusCode, error, message, name }` and `Retry-After`
 * where it applies. It catches only `ResilienceError`s, so the app's own filters and Nest's
 * default handling keep every other error.
 */
import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ResilienceError } from '../core/errors.js';
import { httpAnswerFor } from './error-to-http.js';
import type { ResolvedHttpResilienceOptions } from './http-options.js';
import { HTTP_RESILIENCE_OPTIONS } from './http-tokens.js';
import { setHeader } from './set-header.js';

@Catch(ResilienceError)
export class ResilienceExceptionFilter implements ExceptionFilter {
  private readonly bulkheadStatus: 503 | 429;

  constructor(
    @Inject(HTTP_RESILIENCE_OPTIONS) options: ResolvedHttpResilienceOptions,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {
    this.bulkheadStatus = options.bulkhead === false ? 503 : options.bulkhead.rejectStatus;
  }

  catch(error: ResilienceError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const answer = httpAnswerFor(error, this.bulkheadStatus)!;
    const response = host.switchToHttp().getResponse<unknown>();
    if (answer.retryAfterSeconds !== undefined) setHeader(response, 'Retry-After', answer.retryAfterSeconds);
    this.adapterHost.httpAdapter.reply(response, answer.body, answer.status);
  }
}
