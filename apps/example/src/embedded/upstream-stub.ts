/**
 * A local HTTP upstream whose behaviour the caller controls: latency, failure rate and status.
 * It counts the TCP connections it accepts, so tests can prove that a client reuses them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface UpstreamStubOptions {
  /** A fixed port; default a free one chosen by the OS. */
  port?: number;
  latencyMs?: number;
  failureRate?: number;
  failureStatus?: number;
}

export interface UpstreamStub {
  readonly url: string;
  readonly port: number;
  /** TCP connections accepted since the stub was created (across restarts). */
  readonly connectionsAccepted: number;
  /** TCP connections open now. */
  readonly openConnections: number;
  /** Requests received since the stub was created (health and control included). */
  readonly requests: number;
  readonly latencyMs: number;
  readonly failureRate: number;
  readonly failureStatus: number;
  setLatency(ms: number): void;
  /** Share of data requests (0..1) answered with the failure status. */
  setFailureRate(rate: number): void;
  setFailureStatus(code: number): void;
  /** Closes the listener and every open connection. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

interface ControlBody {
  failureRate?: unknown;
  latencyMs?: unknown;
  failureStatus?: unknown;
}

class Stub implements UpstreamStub {
  connectionsAccepted = 0;
  requests = 0;
  latencyMs: number;
  failureRate: number;
  failureStatus: number;
  private readonly sockets = new Set<Socket>();
  private readonly pending = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private nextId = 1;

  constructor(
    private portNumber: number,
    opts: UpstreamStubOptions,
  ) {
    this.latencyMs = opts.latencyMs ?? 0;
    this.failureRate = opts.failureRate ?? 0;
    this.failureStatus = opts.failureStatus ?? 500;
  }

  get port(): number {
    return this.portNumber;
  }
  get url(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }
  get openConnections(): number {
    return this.sockets.size;
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latencyMs must be a number >= 0, got ${ms}`);
    this.latencyMs = ms;
  }
  setFailureRate(rate: number): void {
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new RangeError(`failureRate must be a number from 0 to 1, got ${rate}`);
    this.failureRate = rate;
  }
  setFailureStatus(code: number): void {
    if (!Number.isInteger(code) || code < 100 || code > 599) throw new RangeError(`failureStatus must be an HTTP status code, got ${code}`);
    this.failureStatus = code;
  }

  start(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 30_000;
    server.on('connection', (socket: Socket) => {
      this.connectionsAccepted++;
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.portNumber, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        if (typeof address === 'object' && address) this.portNumber = address.port;
        this.server = server;
        resolve();
      });
    });
  }

  stop(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.server = undefined;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    return new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health' && req.method === 'GET') return json(res, 200, { status: 'ok' });
    if (path === '/__control') return this.control(req, res);
    const fail = this.failureRate > 0 && Math.random() < this.failureRate;
    const respond = (): void => {
      if (fail) json(res, this.failureStatus, { error: 'injected failure', status: this.failureStatus });
      else
        json(res, 200, {
          id: this.nextId++,
          items: [1, 2, 3, 4, 5].map((n) => ({ n, name: `item-${n}` })),
          generatedAt: new Date().toISOString(),
        });
    };
    if (this.latencyMs <= 0) return respond();
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      respond();
    }, this.latencyMs);
    this.pending.add(timer);
    // A client that gives up (read timeout, abort) frees the timer at once.
    res.once('close', () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    });
  }

  /** `POST /__control {failureRate?, latencyMs?, failureStatus?}` changes behaviour; `GET` reads it. */
  private control(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET') return json(res, 200, this.snapshot());
    if (req.method !== 'POST') return json(res, 405, { error: 'use GET or POST' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      try {
        const parsed = (body ? JSON.parse(body) : {}) as ControlBody;
        if (parsed.failureRate !== undefined) this.setFailureRate(Number(parsed.failureRate));
        if (parsed.latencyMs !== undefined) this.setLatency(Number(parsed.latencyMs));
        if (parsed.failureStatus !== undefined) this.setFailureStatus(Number(parsed.failureStatus));
        json(res, 200, this.snapshot());
      } catch (err) {
        json(res, 400, { error: err instanceof Error ? err.message : String(err) });
      }
    });
  }

  private snapshot(): Record<string, number> {
    return {
      latencyMs: this.latencyMs,
      failureRate: this.failureRate,
      failureStatus: this.failureStatus,
      connectionsAccepted: this.connectionsAccepted,
      openConnections: this.openConnections,
      requests: this.requests,
    };
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts the stub on 127.0.0.1. */
export async function startUpstreamStub(opts: UpstreamStubOptions = {}): Promise<UpstreamStub> {
  const stub = new Stub(opts.port ?? 0, opts);
  await stub.start();
  return stub;
}
