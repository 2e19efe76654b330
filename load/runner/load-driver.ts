/**
 * Drives a scenario's users with autocannon: one single-connection autocannon instance per user,
 * started and stopped every tick to follow the stages. Each connection is paced at one request per
 * think time (autocannon's connectionRate) and cycles through the endpoint mix in weighted order,
 * starting at its own offset so users do not march in step.
 */
import autocannon from 'autocannon';
import type { Scenario } from '../scenarios/scenario-types.js';
import { classifyStatus, isFallbackBody, weightedSequence } from '../scenarios/outcomes.js';
import type { RequestTimeline } from './request-timeline.js';
import { usersAt } from './user-schedule.js';

export interface LoadDriverOptions {
  baseUrl: string;
  scenario: Scenario;
  timeline: RequestTimeline;
  /** Seconds since the run started. */
  clock: () => number;
  tickMs?: number;
}

type Instance = autocannon.Instance;

export class LoadDriver {
  private readonly users: Instance[] = [];
  private started = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly sequence;
  private finish: (() => void) | undefined;
  peakUsers = 0;

  constructor(private readonly options: LoadDriverOptions) {
    this.sequence = weightedSequence(options.scenario.endpoints);
  }

  /** Resolves when the last stage ends or stop() is called. */
  run(): Promise<void> {
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    const tick = (): void => {
      const t = this.options.clock();
      if (t >= this.options.scenario.durationS) return void this.stop();
      this.follow(usersAt(this.options.scenario.stages, t));
    };
    tick();
    this.timer = setInterval(tick, this.options.tickMs ?? 250);
    return done;
  }

  stop(): void {
    clearInterval(this.timer);
    this.follow(0);
    this.finish?.();
  }

  get runningUsers(): number {
    return this.users.length;
  }

  private follow(target: number): void {
    while (this.users.length < target) this.users.push(this.startUser(this.started++));
    while (this.users.length > target) this.users.pop()!.stop();
    this.peakUsers = Math.max(this.peakUsers, this.users.length);
  }

  private startUser(index: number): Instance {
    const { scenario, timeline, baseUrl } = this.options;
    const offset = index % this.sequence.length;
    const ordered = [...this.sequence.slice(offset), ...this.sequence.slice(0, offset)];
    const instance = autocannon(
      {
        url: baseUrl,
        connections: 1,
        connectionRate: Math.max(1, 1000 / Math.max(1, scenario.thinkTimeMs)),
        // Runs until stopped; the driver decides when a user leaves.
        duration: scenario.durationS + 3600,
        timeout: 10,
        requests: ordered.map((endpoint) => ({
          method: endpoint.method,
          path: endpoint.path,
          ...(endpoint.body === undefined ? {} : { body: JSON.stringify(endpoint.body), headers: { 'content-type': 'application/json' } }),
          onResponse: (status: number, body: string) => {
            timeline.recordAnswer(endpoint.name, status, classifyStatus(endpoint, status, scenario.rateLimit), isFallbackBody(body));
          },
        })),
      },
      // The callback form returns the instance (the promise form does not); results are ours, per second.
      () => undefined,
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
      timeline.recordLatency(responseTime),
    );
    instance.on('reqError', () => timeline.recordConnectionError());
    instance.on('error', () => timeline.recordConnectionError());
    return instance;
  }
}
