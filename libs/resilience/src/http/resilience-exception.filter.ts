/**
 * Maps every library error that escapes a handler (say a `CircuitOpenError` from a decorated
 * service) to its status (DESIGN 6) with `{ statusCode, error, message, name }` and `Retry-After`
 * where it applies. It catches only `ResilienceError`s, so the app's own filters and Nest's
 * default handling keep every other error. With `middleware.exceptionFilter: false` (known only at
 * run time under `forRootAsync`) it hands the error to Nest's default handling untouched.
 */
import { Catch, Inject, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import { ResilienceError } from '../core/errors.js';
import { httpAnswerFor } from './error-to-http.js';
import type { ResolvedHttpResilienceOptions } from './http-options.js';
import { HTTP_RESILIENCE_OPTIONS } from './http-tokens.js';
import { setHeader } from './set-header.js';

@Catch(ResilienceError)
export class ResilienceExceptionFilter extends BaseExceptionFilter {
  private readonly bulkheadStatus: 503 | 429;
  private readonly active: boolean;

  constructor(
    @Inject(HTTP_RESILIENCE_OPTIONS) options: ResolvedHttpResilienceOptions,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {
    super(adapterHost.httpAdapter);
    this.active = options.exceptionFilter;
    this.bulkheadStatus = options.bulkhead === false ? 503 : options.bulkhead.rejectStatus;
  }

  override catch(error: ResilienceError, host: ArgumentsHost): void {
    if (!this.active || host.getType() !== 'http') return super.catch(error, host);
    const answer = httpAnswerFor(error, this.bulkheadStatus)!;
    const response = host.switchToHttp().getResponse<unknown>();
    if (answer.retryAfterSeconds !== undefined) setHeader(response, 'Retry-After', answer.retryAfterSeconds);
    this.adapterHost.httpAdapter.reply(response, answer.body, answer.status);
  }
}
