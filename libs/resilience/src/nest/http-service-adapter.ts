import { HttpService } from '@nestjs/axios';
import type { HttpConnectionPool } from '../core/pools/http-pool.js';

const cache = new WeakMap<HttpConnectionPool, HttpService>();

/**
 * The pool as a `@nestjs/axios` `HttpService` (Observables), over the pool's own axios
 * instance: same sockets, limits, timeouts and base URL. One instance per pool.
 */
export function toHttpService(pool: HttpConnectionPool): HttpService {
  let service = cache.get(pool);
  if (!service) {
    service = new HttpService(pool.axios);
    cache.set(pool, service);
  }
  return service;
}
