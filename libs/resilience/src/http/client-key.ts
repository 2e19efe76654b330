/**
 * The client address a rate limit counts against, honouring `trustProxy` for `X-Forwarded-For`.
 * A forged or malformed header never throws and never yields garbage keys: every candidate must
 * parse as an IP address, otherwise the socket address is used.
 */
import { isIP } from 'node:net';
import type { HttpRequestLike } from './http-options.js';

const UNKNOWN = 'unknown';

export function socketAddress(request: HttpRequestLike): string {
  return request.socket?.remoteAddress ?? request.raw?.socket?.remoteAddress ?? UNKNOWN;
}

/**
 * `trustProxy`: false → the socket address; true → the left-most valid XFF address (every proxy
 * trusted); N → the address N hops before the socket (the N right-most entries are our proxies).
 */
export function clientAddress(request: HttpRequestLike, trustProxy: boolean | number): string {
  const socket = socketAddress(request);
  if (trustProxy === false || trustProxy === 0) return socket;
  const header = request.headers['x-forwarded-for'];
  if (header === undefined) return socket;
  // Several headers are joined the way Node joins them for this field.
  const list = (Array.isArray(header) ? header.join(',') : header).split(',');
  if (trustProxy === true) {
    for (const entry of list) {
      const address = normalise(entry);
      if (address !== undefined) return address;
    }
    return socket;
  }
  const index = list.length - trustProxy;
  const address = index >= 0 ? normalise(list[index]) : normalise(list[0]);
  return address ?? socket;
}

function normalise(entry: string): string | undefined {
  const value = entry.trim();
  if (value.length === 0 || value.length > 45) return undefined;
  return isIP(value) !== 0 ? value : undefined;
}
