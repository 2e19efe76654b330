/**
 * Performs a scenario's faults at their times: upstream failure rate/latency through the admin
 * endpoint, Redis stop/start through the handle of the Redis the runner started. What happened
 * (and when, to the millisecond) is recorded for the checks and the report.
 */
import type { Fault } from '../scenarios/scenario-types.js';
import { ROUTES, adminHeaders } from '../scenarios/service-routes.js';
import type { RedisServerHandle } from '../../apps/example/src/embedded/redis-launcher.js';

export interface FaultRecord {
  id: string;
  plannedAtS: number;
  /** When it took effect (seconds since the run started); null if it was not performed. */
  atS: number | null;
  outcome: 'done' | 'skipped' | 'failed';
  detail: string;
}

export interface FaultInjectorOptions {
  baseUrl: string;
  adminToken: string | undefined;
  /** The service's Redis, when the runner owns it; Redis faults are skipped without it. */
  redis: RedisServerHandle | undefined;
  clock: () => number;
}

export class FaultInjector {
  readonly records: FaultRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: FaultInjectorOptions) {}

  schedule(faults: readonly Fault[]): void {
    const now = this.options.clock();
    for (const fault of faults) {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          const run = this.perform(fault).finally(() => this.pending.delete(run));
          this.pending.add(run);
        },
        Math.max(0, (fault.atS - now) * 1000),
      );
      this.timers.add(timer);
    }
  }

  /** Cancels faults not yet due and waits for those under way. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.pending]);
  }

  /** Leaves the service as it found it: upstream healthy, Redis running. */
  async heal(): Promise<void> {
    const { redis } = this.options;
    if (redis !== undefined && !redis.running) await redis.restart().catch(() => undefined);
    if (this.records.some((r) => r.outcome === 'done' && r.detail.startsWith('upstream'))) {
      await this.setUpstream({ failureRate: 0, latencyMs: 0 }).catch(() => undefined);
    }
  }

  private async perform(fault: Fault): Promise<void> {
    const record: FaultRecord = { id: fault.id, plannedAtS: fault.atS, atS: null, outcome: 'done', detail: '' };
    this.records.push(record);
    const action = fault.action;
    try {
      if (action.kind === 'upstream') {
        if (this.options.adminToken === undefined) return skip(record, 'no admin token (set ADMIN_TOKEN or --admin-token)');
        const settings: Record<string, number> = {};
        if (action.failureRate !== undefined) settings.failureRate = action.failureRate;
        if (action.latencyMs !== undefined) settings.latencyMs = action.latencyMs;
        await this.setUpstream(settings);
        record.detail = `upstream ${JSON.stringify(settings)}`;
      } else {
        const redis = this.options.redis;
        if (redis === undefined) return skip(record, "the runner does not own the service's Redis (it started no service)");
        if (action.running) await redis.restart();
        else await redis.kill('SIGTERM');
        record.detail = `redis ${action.running ? 'started' : 'stopped'} (${redis.url})`;
      }
      record.atS = this.options.clock();
    } catch (error) {
      record.outcome = 'failed';
      record.detail = error instanceof Error ? error.message : String(error);
    }
  }

  private async setUpstream(settings: Record<string, number>): Promise<void> {
    const response = await fetch(`${this.options.baseUrl}${ROUTES.adminUpstream}`, {
      method: 'POST',
      headers: adminHeaders(this.options.adminToken ?? ''),
      body: JSON.stringify(settings),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`${ROUTES.adminUpstream} answered ${response.status}: ${await response.text()}`);
  }
}

function skip(record: FaultRecord, why: string): void {
  record.outcome = 'skipped';
  record.detail = why;
}
