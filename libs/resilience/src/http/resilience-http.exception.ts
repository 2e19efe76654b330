import { HttpException } from '@nestjs/common';
import type { HttpAnswer } from './error-to-http.js';

/**
 * A rejection by the HTTP layer itself (429, 503, 504). It is an `HttpException`, so Nest's own
 * exception handling answers with the right status and body even when the app opted out of the
 * resilience exception filter; the `Retry-After` header is set on the response before it is thrown.
 */
export class ResilienceHttpException extends HttpException {
  constructor(
    readonly answer: HttpAnswer,
    cause?: unknown,
  ) {
    super(answer.body, answer.status, { cause });
  }
}
