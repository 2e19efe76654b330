import axios, {
  AxiosError,
  type AxiosAdapter,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { Agent } from 'undici';
import { AcquireQueue } from './acquire-queue.js';
import { resolveHttpPoolOptions, type HttpPoolOptions, type ResolvedHttpPoolOptions } from './http-pool-options.js';
import { PoolHealth, poolStats, type CheckOutcome } from './pool-health.js';
import type { Disposer, ManagedPool, PoolHealthCheckFailure, PoolStats, PoolStatus, PoolStatusChange } from './pool-types.js';
import { redactError, redactOptions } from './redact.js';
import { createUndiciAdapter } from './undici-axios-adapter.js';

/** Per-request options: any axios option, plus the AbortSignal the Timeout policy hands down. */
export type HttpRequestConfig<D = unknown> = AxiosRequestConfig<D> & { signal?: AbortSignal };

interface PoolStatsEntry {
  connected?: number;
  free?: number;
}

/**
 * Keep-alive HTTP connections to one upstream, with hard limits and a background health check.
 *
 * Every request takes a permit from a FIFO queue of `maxConnections` before it reaches the
 * socket pool, so the number of sockets never exceeds the limit and callers beyond it wait at
 * most `acquireTimeout`. Sockets that error or time out are destroyed by undici and replaced
 * by the next request. Use it through `get/post/put/delete/request` (Promises), `axios`, or
 * `toHttpService(pool)` from the Nest layer (Observables, as `@nestjs/axios`).
 */
export class HttpConnectionPool implements ManagedPool {
  readonly kind = 'http' as const;
  /** The options in effect, with secrets (credentials in the URL, auth headers) masked. */
  readonly options: Readonly<ResolvedHttpPoolOptions>;
  /** The axios instance bound to this pool (base URL, default headers, pooled transport). */
  readonly axios: AxiosInstance;
  /** Requests that failed at the transport level (refused, reset, timed out) since start. */
  failed = 0;
  private readonly agent: Agent;
  private readonly queue: AcquireQueue;
  private readonly health: PoolHealth;
  private readonly healthUrl: URL;
  private readonly resolved: ResolvedHttpPoolOptions;
  private closing: Promise<void> | undefined;
  private readonly adapter: AxiosAdapter;
  /** `defaultHeaders` with lower-case names, for the fast path. */
  private readonly headers: Record<string, string>;

  constructor(
    readonly name: string,
    options: HttpPoolOptions,
  ) {
    const opts = resolveHttpPoolOptions(name, options);
    this.resolved = opts;
    this.options = redactOptions(opts);
    this.agent = new Agent({
      connections: opts.maxConnectionsPerHost,
      pipelining: 1,
      connect: { timeout: opts.connectionTimeout },
      keepAliveTimeout: opts.keepAliveTimeout,
      keepAliveMaxTimeout: Math.max(opts.keepAliveTimeout, 1_000),
      headersTimeout: opts.readTimeout,
      bodyTimeout: opts.readTimeout,
    });
    const label = `HTTP pool "${name}"`;
    this.queue = new AcquireQueue(opts.maxConnections, opts.acquireTimeout, () => label);
    this.headers = Object.fromEntries(Object.entries(opts.defaultHeaders).map(([k, v]) => [k.toLowerCase(), v]));
    this.adapter = createUndiciAdapter({
      dispatcher: this.agent,
      readTimeout: opts.readTimeout,
      connectionTimeout: opts.connectionTimeout,
      keepAlive: opts.keepAlive,
      acquire: (signal) => this.queue.acquire(signal),
      release: () => this.queue.release(),
      onTransportError: (err) => {
        this.failed++;
        this.health.noteError(redactError(err));
      },
      label,
    });
    this.axios = axios.create({ baseURL: opts.baseUrl, headers: opts.defaultHeaders, adapter: this.adapter });
    this.healthUrl = new URL(
      opts.healthCheckPath.startsWith('/') ? opts.healthCheckPath : `${opts.baseUrl.replace(/\/+$/, '')}/${opts.healthCheckPath}`,
      opts.baseUrl,
    );
    this.health = new PoolHealth(name, 'http', () => this.probe(), opts.healthCheckInterval, opts.unhealthyThreshold);
    this.health.start();
  }

  get status(): PoolStatus {
    return this.health.status;
  }

  /**
   * Sends a request straight to the pooled transport, as axios would (JSON bodies in, JSON
   * parsed out, `validateStatus`, AxiosError with `response` on 4xx/5xx) but without axios's
   * request pipeline, which alone costs about 40% of the throughput (see bench/suites/pools.ts).
   * Interceptors added to `pool.axios` therefore do not run here; use `pool.axios` for those.
   */
  request<T = unknown, D = unknown>(config: HttpRequestConfig<D>): Promise<AxiosResponse<T>> {
    return this.send<T, D>(config, config.method, config.url, config.data);
  }
  get<T = unknown>(url: string, config?: HttpRequestConfig): Promise<AxiosResponse<T>> {
    return this.send<T>(config, 'GET', url, config?.data);
  }
  delete<T = unknown>(url: string, config?: HttpRequestConfig): Promise<AxiosResponse<T>> {
    return this.send<T>(config, 'DELETE', url, config?.data);
  }
  post<T = unknown, D = unknown>(url: string, data?: D, config?: HttpRequestConfig<D>): Promise<AxiosResponse<T>> {
    return this.send<T, D>(config, 'POST', url, data);
  }
  put<T = unknown, D = unknown>(url: string, data?: D, config?: HttpRequestConfig<D>): Promise<AxiosResponse<T>> {
    return this.send<T, D>(config, 'PUT', url, data);
  }

  private send<T, D = unknown>(
    config: HttpRequestConfig<D> | undefined,
    method: string | undefined,
    url: string | undefined,
    body: unknown,
  ): Promise<AxiosResponse<T>> {
    const headers: Record<string, unknown> = { ...this.headers };
    const given = config?.headers as { toJSON?: () => Record<string, unknown> } | Record<string, unknown> | undefined;
    if (given) {
      const plain =
        typeof given.toJSON === 'function' ? (given.toJSON as () => Record<string, unknown>)() : (given as Record<string, unknown>);
      for (const name in plain) headers[name.toLowerCase()] = plain[name];
    }
    let data = body;
    if (data instanceof URLSearchParams) {
      data = data.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=utf-8';
    } else if (isPlainJsonBody(data)) {
      data = JSON.stringify(data);
      headers['content-type'] ??= 'application/json';
    }
    // Object.assign then plain stores, not `{ ...config, method, ... }`: on Node 20's V8 an object
    // spread followed by more properties takes a slow path, ~0.7 µs per extra property (3.5 µs here,
    // a third of this method's own cost; `npm run bench`, pools).
    const internal = Object.assign({}, config) as Record<string, unknown>;
    internal.method = method ?? 'get';
    internal.url = url;
    internal.baseURL = config?.baseURL ?? this.resolved.baseUrl;
    internal.headers = headers;
    internal.data = data;
    internal.validateStatus = config?.validateStatus === undefined ? acceptSuccess : config.validateStatus;
    return this.adapter(internal as unknown as InternalAxiosRequestConfig).then(
      (res) => parseBody(res) as AxiosResponse<T>,
      (err: unknown) => {
        if (err instanceof AxiosError && err.response) parseBody(err.response);
        throw err;
      },
    );
  }

  stats(): PoolStats {
    let connected = 0;
    let free = 0;
    for (const entry of Object.values(this.agent.stats as Record<string, PoolStatsEntry>)) {
      connected += typeof entry.connected === 'number' ? entry.connected : Number(Boolean(entry.connected));
      free += entry.free ?? 0;
    }
    return poolStats(this, this.health, this.queue, { active: this.queue.inUse, idle: Math.min(free, connected) });
  }

  checkHealth(): Promise<PoolStatus> {
    return this.health.runCheck();
  }

  onStatusChange(listener: (change: PoolStatusChange) => void): Disposer {
    return this.health.onStatusChange(listener);
  }

  onHealthCheckFailed(listener: (failure: PoolHealthCheckFailure) => void): Disposer {
    return this.health.onHealthCheckFailed(listener);
  }

  /** Stops the checks, rejects waiting callers, lets requests in flight finish (up to `drainTimeout`), then closes every socket. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.health.stop();
      this.queue.close();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.resolved.drainTimeout);
        timer.unref();
      });
      const outcome = await Promise.race([this.agent.close().then(() => 'closed' as const), deadline]);
      clearTimeout(timer);
      if (outcome === 'timeout') await this.agent.destroy();
    })();
    return this.closing;
  }

  /** GET `healthCheckPath` through the same sockets (so the limits hold); any 2xx/3xx passes. */
  private async probe(): Promise<CheckOutcome> {
    try {
      const res = await this.agent.request({
        origin: this.healthUrl.origin,
        path: this.healthUrl.pathname + this.healthUrl.search,
        method: 'GET',
        headers: this.resolved.defaultHeaders,
        headersTimeout: this.resolved.healthCheckTimeout,
        bodyTimeout: this.resolved.healthCheckTimeout,
      });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 400) return { result: 'ok' };
      return { result: 'failed', error: `health check GET ${this.resolved.healthCheckPath} answered ${res.statusCode}` };
    } catch (err) {
      return { result: 'failed', error: `health check GET ${this.resolved.healthCheckPath} failed: ${redactError(err)}` };
    }
  }
}

const acceptSuccess = (status: number): boolean => status >= 200 && status < 300;

/** Objects and arrays are sent as JSON, as axios's default transformRequest does; bytes, streams and strings as they are. */
function isPlainJsonBody(data: unknown): boolean {
  if (data === null || typeof data !== 'object') return false;
  if (Buffer.isBuffer(data) || data instanceof Uint8Array || data instanceof ArrayBuffer) return false;
  if (typeof (data as { pipe?: unknown }).pipe === 'function') return false;
  if (typeof FormData !== 'undefined' && data instanceof FormData) return false;
  return true;
}

/** As axios's default transformResponse: text that parses as JSON becomes the parsed value. */
function parseBody(res: AxiosResponse): AxiosResponse {
  const type = res.config.responseType;
  if ((type === undefined || type === 'json') && typeof res.data === 'string' && res.data.length > 0) {
    try {
      res.data = JSON.parse(res.data);
    } catch (err) {
      if (type === 'json') throw AxiosError.from(err, AxiosError.ERR_BAD_RESPONSE, res.config, res.request, res);
    }
  }
  return res;
}
