import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { BulkheadPolicy } from '../core/bulkhead/bulkhead-policy.js';
import { WorkerBulkhead, type WorkerBulkheadOptions } from '../core/bulkhead/worker-bulkhead.js';
import { ResilienceConfigError } from '../core/errors.js';
import type { ResolvedBulkheadConfig } from '../config/schema/bulkheads.schema.js';
import { bulkheadConfig, type NamedPolicyConfig } from './config-lookup.js';
import { PolicyRegistry } from './policy-registry.js';
import { RESILIENCE_CONFIG } from './tokens.js';

type BulkheadConfig = Partial<ResolvedBulkheadConfig>;

/** What code gives a worker bulkhead beside its config entry (the limits come from config only). */
export type WorkerBulkheadSpec = Pick<WorkerBulkheadOptions, 'filename' | 'minThreads' | 'idleTimeoutMs'>;

/** Either kind of bulkhead the registry lists: both have `name`, `snapshot()` and `onRejection()`. */
export type AnyBulkhead = BulkheadPolicy | WorkerBulkhead;

/**
 * The application's bulkheads by name (`bulkheads.<name>` over `bulkheads.default`), of the kind
 * the config gives the name:
 * - `type: semaphore` (the default): `get(name)` is a `BulkheadPolicy`, what `@Bulkhead(name)` uses.
 * - `type: worker`: `getWorker(name, { filename })` is a `WorkerBulkhead` (maxConcurrent threads,
 *   maxQueue, maxWaitMs from the entry) running that worker module; one per name, closed on
 *   application shutdown.
 * Asking for the other kind fails with a ResilienceConfigError naming `bulkheads.<name>.type`. In
 * particular `@Bulkhead(name)` on a worker name fails start-up: a method cannot move to a thread, and
 * a semaphore silently standing in would run on the event loop the work the config sends off it
 * (and report a second bulkhead under the same name to health and metrics).
 *
 * `getAll()`, `entries()` and `onCreate()` cover both kinds, so health, metrics and the log bridge
 * see worker bulkheads too (they read `name`, `snapshot()` and `onRejection()`).
 */
@Injectable()
export class BulkheadRegistry extends PolicyRegistry<BulkheadPolicy, BulkheadConfig, AnyBulkhead> implements OnApplicationShutdown {
  protected readonly kindName = 'bulkhead';
  private readonly workers = new Map<string, { bulkhead: WorkerBulkhead; filename: string }>();

  constructor(@Inject(RESILIENCE_CONFIG) private readonly config: NamedPolicyConfig) {
    super();
  }

  /** The worker bulkhead `name` (config `type: worker`), created on first use; later calls must name the same file. */
  getWorker(name: string, spec: WorkerBulkheadSpec): WorkerBulkhead {
    const filename = spec?.filename instanceof URL ? spec.filename.href : spec?.filename;
    const existing = this.workers.get(name);
    if (existing !== undefined) {
      if (existing.filename !== filename) {
        throw new ResilienceConfigError(
          [{ path: `getWorker('${name}').filename`, message: `is already ${existing.filename}, got ${String(filename)}` }],
          `Worker bulkhead "${name}" runs one worker module`,
        );
      }
      return existing.bulkhead;
    }
    const config = this.configFor(name);
    if (config.type !== 'worker') {
      throw kindMismatch(name, config, 'worker', `getWorker('${name}') needs \`type: worker\` in its config entry`);
    }
    const { type: _type, ...limits } = config;
    const bulkhead = new WorkerBulkhead({ maxConcurrent: 10, ...limits, ...spec, name });
    this.workers.set(name, { bulkhead, filename: String(filename) });
    this.add(name, bulkhead);
    return bulkhead;
  }

  /** Ends every worker bulkhead's threads (running tasks finish first). */
  async onApplicationShutdown(): Promise<void> {
    const workers = [...this.workers.values()];
    await Promise.all(workers.map((w) => w.bulkhead.close()));
  }

  protected configFor(name: string): BulkheadConfig {
    return bulkheadConfig(this.config, name);
  }

  /** The semaphore bulkhead `name` (and these overrides); throws for a name configured `type: worker`. */
  override get(name: string, overrides?: Partial<BulkheadConfig>): BulkheadPolicy {
    const config = this.configFor(name);
    if (config.type === 'worker') {
      throw kindMismatch(
        name,
        config,
        'semaphore',
        `a worker bulkhead runs worker files through getWorker('${name}', { filename }); a method decorated with @Bulkhead cannot move to a thread`,
      );
    }
    return super.get(name, overrides);
  }

  protected create(key: string, options: BulkheadConfig): BulkheadPolicy {
    const { type: _type, ...limits } = options;
    return new BulkheadPolicy({ maxConcurrent: 10, ...limits, name: key });
  }
}

function kindMismatch(name: string, config: BulkheadConfig, wanted: string, why: string): ResilienceConfigError {
  return new ResilienceConfigError(
    [{ path: `bulkheads.${name}.type`, message: `must be ${wanted} here (${why}), got ${JSON.stringify(config.type ?? 'semaphore')}` }],
    `Bulkhead "${name}" is of the wrong kind`,
  );
}
