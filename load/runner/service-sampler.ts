/**
 * Reads /metrics and /health/detailed once a second while a scenario runs. A reading that fails
 * (the service is too busy or down) is recorded as such, not skipped: a gap is part of the story.
 */
import { ROUTES } from '../scenarios/service-routes.js';
import { parsePrometheusText } from './prometheus-text.js';
import { toServiceSample, type ServiceSample } from './service-sample.js';

export interface SamplerOptions {
  baseUrl: string;
  /** Seconds since the run started. */
  clock: () => number;
  intervalMs?: number;
  /** Per request; a slower answer counts as missing. */
  timeoutMs?: number;
}

export class ServiceSampler {
  readonly samples: ServiceSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: SamplerOptions) {}

  start(): void {
    void this.sampleOnce();
    this.timer = setInterval(() => {
      // One reading at a time: a slow service is not made slower by piling up scrapes.
      if (this.inFlight === undefined) void this.sampleOnce();
    }, this.options.intervalMs ?? 1000);
  }

  /** Stops sampling after one last reading. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
    await this.sampleOnce();
  }

  sampleOnce(): Promise<void> {
    const run = this.read().finally(() => {
      if (this.inFlight === run) this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
  }

  private async read(): Promise<void> {
    const t = this.options.clock();
    const [metrics, health] = await Promise.allSettled([this.get(ROUTES.metrics), this.get(ROUTES.healthDetailed)]);
    const problems = [metrics, health].filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    let healthBody: unknown;
    if (health.status === 'fulfilled') {
      try {
        healthBody = JSON.parse(health.value);
      } catch {
        problems.push('/health/detailed: not JSON');
      }
    }
    const parsed = metrics.status === 'fulfilled' ? parsePrometheusText(metrics.value) : undefined;
    this.samples.push(toServiceSample(t, parsed, healthBody, problems.length > 0 ? problems.join('; ') : undefined));
  }

  /** The body of any answer (/health/detailed answers 503 while something is down: still a reading). */
  private async get(path: string): Promise<string> {
    const response = await fetch(`${this.options.baseUrl}${path}`, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 2000) });
    return response.text();
  }
}
