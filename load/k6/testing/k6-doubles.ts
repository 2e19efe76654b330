/**
 * Small recording doubles of the k6 modules (`k6`, `k6/http`, `k6/metrics`), so the k6 scripts'
 * request logic runs in Jest: every request, check, sleep, metric sample and log line is recorded,
 * and a responder decides each answer. Install before importing a script (ESM mocks bind at import).
 */
import { jest } from '@jest/globals';

export interface RecordedRequest {
  method: string;
  url: string;
  body: string | null;
  params: { headers?: Record<string, string>; tags?: Record<string, string> };
}

export interface FakeResponse {
  status: number;
  body: string;
}

export interface RecordedSample {
  value: number;
  tags: Record<string, string> | undefined;
}

export interface K6Recorder {
  requests: RecordedRequest[];
  sleeps: number[];
  checks: { name: string; passed: boolean; tags: Record<string, string> | undefined }[];
  /** Samples by metric name (Rate samples are 1 or 0). */
  metrics: Map<string, RecordedSample[]>;
  /** The kind k6 gives each metric created at init. */
  metricKinds: Map<string, 'counter' | 'gauge' | 'rate' | 'trend'>;
  logs: { level: 'log' | 'warn' | 'error'; text: string }[];
  /** Answers a request; default 200 with an empty JSON object. */
  respond: (request: RecordedRequest) => FakeResponse;
  samples(metric: string): RecordedSample[];
}

export function createK6Recorder(): K6Recorder {
  const metrics = new Map<string, RecordedSample[]>();
  return {
    requests: [],
    sleeps: [],
    checks: [],
    metrics,
    metricKinds: new Map(),
    logs: [],
    respond: () => ({ status: 200, body: '{}' }),
    samples: (metric) => metrics.get(metric) ?? [],
  };
}

/** Registers the doubles for the next dynamic imports, and sets k6's globals (`__ENV`, `console` stays Node's but is recorded). */
export function installK6Doubles(recorder: K6Recorder, env: Record<string, string> = {}): void {
  (globalThis as { __ENV?: Record<string, string> }).__ENV = env;

  const request = (method: string, url: string, body?: string | null, params: RecordedRequest['params'] = {}) => {
    const recorded: RecordedRequest = { method, url, body: body ?? null, params };
    recorder.requests.push(recorded);
    const answer = recorder.respond(recorded);
    return { status: answer.status, body: answer.body, request: recorded };
  };
  const http = {
    request,
    get: (url: string, params?: RecordedRequest['params']) => request('GET', url, null, params),
    post: (url: string, body?: string | null, params?: RecordedRequest['params']) => request('POST', url, body, params),
    expectedStatuses: (...statuses: unknown[]) => ({ expectedStatuses: statuses }),
  };
  const k6 = {
    check: (value: unknown, checks: Record<string, (v: unknown) => boolean>, tags?: Record<string, string>) => {
      let all = true;
      for (const [name, fn] of Object.entries(checks)) {
        const passed = Boolean(fn(value));
        recorder.checks.push({ name, passed, tags });
        all &&= passed;
      }
      return all;
    },
    sleep: (seconds: number) => {
      recorder.sleeps.push(seconds);
    },
  };
  const metricClass = (kind: 'counter' | 'gauge' | 'rate' | 'trend') =>
    class {
      constructor(readonly name: string) {
        recorder.metricKinds.set(name, kind);
        if (!recorder.metrics.has(name)) recorder.metrics.set(name, []);
      }
      add(value: number | boolean, tags?: Record<string, string>): void {
        recorder.metrics.get(this.name)!.push({ value: Number(value), tags });
      }
    };
  const k6Metrics = {
    Counter: metricClass('counter'),
    Gauge: metricClass('gauge'),
    Rate: metricClass('rate'),
    Trend: metricClass('trend'),
  };

  jest.unstable_mockModule('k6', () => ({ ...k6, default: k6 }), { virtual: true });
  jest.unstable_mockModule('k6/http', () => ({ ...http, default: http }), { virtual: true });
  jest.unstable_mockModule('k6/metrics', () => ({ ...k6Metrics, default: k6Metrics }), { virtual: true });
  for (const level of ['log', 'warn', 'error'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      recorder.logs.push({ level, text: args.map(String).join(' ') });
    });
  }
}

/** The shape every k6 script in load/k6 exports. */
export interface K6Script {
  options: import('k6/options').Options;
  users(): void;
  monitor(): void;
  faults?: () => void;
}
