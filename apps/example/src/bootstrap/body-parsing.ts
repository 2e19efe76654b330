/**
 * Request bodies. JSON as usual; `application/x-www-form-urlencoded` is read as TEXT because the
 * seed's `curl ... -d '{"value": "hello"}'` sends JSON under curl's default form content type:
 * the cache controller parses that text as JSON, or as a form (`value=hello&ttl=60`).
 * Parser errors (bad JSON, a body over the limit) become the same JSON answers as everything else.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from '../common/error-answers.js';

/** Larger than the cache's value limit, so that limit answers with its own message. */
export const BODY_LIMIT = '256kb';

export function configureBodyParsing(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('text', { type: ['application/x-www-form-urlencoded', 'text/plain'], limit: BODY_LIMIT });
  app.use(bodyParserErrors);
}

interface ParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
}

function bodyParserErrors(error: unknown, _req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
  const e = (error ?? {}) as ParserError;
  const status = e.status ?? e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
  const message =
    e.type === 'entity.parse.failed'
      ? `The request body is not valid JSON: ${e.message ?? 'parse error'}`
      : e.type === 'entity.too.large'
        ? `The request body is larger than ${BODY_LIMIT}`
        : (e.message ?? 'Bad request');
  const text = JSON.stringify(errorBody(status, message));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
