import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { answerFor } from './error-answers.js';

/** The last word on every error a handler throws: a JSON answer, never an HTML page or a stack. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Example');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const answer = answerFor(error);
    if (answer.status >= 500 && answer.body.message === 'Internal server error') {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    if (response.headersSent) return;
    if (answer.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(answer.retryAfterSeconds));
    const text = JSON.stringify(answer.body);
    response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }
}
