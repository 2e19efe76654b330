/**
 * Requests Node's HTTP parser rejects before any framework sees them (a URL or headers over
 * `maxHeaderSize`, a malformed request line) get a JSON answer like every other error. Node's
 * default writes a bare status line; Fastify installs its own JSON handler, Express none, so this
 * is installed only where nobody else listens for `clientError`.
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { answerBody } from './error-to-http.js';

function statusFor(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

export function answerClientErrorsWithJson(server: Pick<Server, 'listenerCount' | 'on'>): boolean {
  if (server.listenerCount('clientError') > 0) return false;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = statusFor(error.code);
    const body = JSON.stringify(answerBody(status, STATUS_CODES[status] ?? 'Bad Request', 'HttpParserError'));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return true;
}
