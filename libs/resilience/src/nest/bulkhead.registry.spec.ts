import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { BulkheadPolicy } from '../core/bulkhead/bulkhead-policy.js';
import { WorkerBulkhead } from '../core/bulkhead/worker-bulkhead.js';
import { isResilienceConfigError, type ResilienceConfigError } from '../core/errors.js';
import { BulkheadRegistry } from './bulkhead.registry.js';
import { Bulkhead } from './decorators/bulkhead.decorator.js';
import { ResilienceModule } from './resilience.module.js';

const workerFile = new URL('../core/bulkhead/fixtures/blocking-worker.mjs', import.meta.url);

const bulkheads = {
  default: { maxConcurrent: 4 },
  cpu: { type: 'worker', maxConcurrent: 2, maxQueue: 3, maxWaitMs: 1_000 },
  io: { maxConcurrent: 5 },
};

async function boot(providers: (new (...args: never[]) => unknown)[] = []): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [ResilienceModule.forRoot({ configFile: false, env: {}, bulkheads } as never)],
    providers,
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

function configError(run: () => unknown): ResilienceConfigError {
  try {
    run();
  } catch (error) {
    if (isResilienceConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ResilienceConfigError');
}

describe('BulkheadRegistry', () => {
  let moduleRef: TestingModule | undefined;
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  describe('getWorker', () => {
    it('makes one WorkerBulkhead per name from its `type: worker` entry, which runs the worker module', async () => {
      moduleRef = await boot();
      const registry = moduleRef.get(BulkheadRegistry);
      const cpu = registry.getWorker('cpu', { filename: workerFile, minThreads: 0 });
      expect(cpu).toBeInstanceOf(WorkerBulkhead);
      expect(registry.getWorker('cpu', { filename: workerFile })).toBe(cpu);
      // maxConcurrent → threads, maxQueue and the wait from config.
      expect(cpu.snapshot()).toMatchObject({ name: 'cpu', maxConcurrent: 2, maxQueue: 3, active: 0 });
      await expect(cpu.run<number>({ n: 9 }, { name: 'square' })).resolves.toBe(81);
      expect(cpu.snapshot()).toMatchObject({ completed: 1, rejected: 0 });
    });

    it('is listed with the semaphore bulkheads (getAll, entries, onCreate), as health and metrics read them', async () => {
      moduleRef = await boot();
      const registry = moduleRef.get(BulkheadRegistry);
      const created: string[] = [];
      registry.onCreate((_b, key) => created.push(key));
      const io = registry.get('io');
      const cpu = registry.getWorker('cpu', { filename: workerFile, minThreads: 0 });
      expect(registry.getAll()).toEqual([io, cpu]);
      expect(registry.entries().map(([key]) => key)).toEqual(['io', 'cpu']);
      expect(registry.has('cpu')).toBe(true);
      expect(created).toEqual(['io', 'cpu']);
      // What the observability layer reads of every listed bulkhead: name and snapshot.
      expect(registry.getAll().map((b) => [b.name, b.snapshot().maxConcurrent])).toEqual([
        ['io', 5],
        ['cpu', 2],
      ]);
    });

    it('closes the worker threads on application shutdown', async () => {
      moduleRef = await boot();
      const cpu = moduleRef.get(BulkheadRegistry).getWorker('cpu', { filename: workerFile, minThreads: 0 });
      await moduleRef.close();
      moduleRef = undefined;
      await expect(cpu.run({ n: 2 }, { name: 'square' })).rejects.toThrow('Worker bulkhead "cpu" is closed');
    });

    it('refuses a name the config does not make a worker bulkhead, and a second worker file for a name', async () => {
      moduleRef = await boot();
      const registry = moduleRef.get(BulkheadRegistry);
      for (const name of ['io', 'unconfigured']) {
        const error = configError(() => registry.getWorker(name, { filename: workerFile }));
        expect(error.issues).toEqual([
          {
            path: `bulkheads.${name}.type`,
            message: expect.stringContaining(`needs \`type: worker\` in its config entry), got "semaphore"`),
          },
        ]);
      }
      registry.getWorker('cpu', { filename: workerFile, minThreads: 0 });
      const other = new URL('./other-worker.mjs', workerFile);
      expect(configError(() => registry.getWorker('cpu', { filename: other })).issues[0]).toEqual({
        path: "getWorker('cpu').filename",
        message: `is already ${workerFile.href}, got ${other.href}`,
      });
    });
  });

  describe('get (semaphore bulkheads)', () => {
    it('gives the semaphore bulkhead of a name, and refuses a `type: worker` name pointing at getWorker', async () => {
      moduleRef = await boot();
      const registry = moduleRef.get(BulkheadRegistry);
      expect(registry.get('io')).toBeInstanceOf(BulkheadPolicy);
      expect(registry.get('io').snapshot().maxConcurrent).toBe(5);
      const error = configError(() => registry.get('cpu', { maxConcurrent: 1 }));
      expect(error.issues).toEqual([{ path: 'bulkheads.cpu.type', message: expect.stringContaining('must be semaphore here') }]);
      expect(error.issues[0].message).toContain(`getWorker('cpu', { filename })`);
      expect(registry.getAll()).toEqual([registry.get('io')]);
    });

    it('fails start-up for @Bulkhead on a worker name, naming the method and the config key', async () => {
      @Injectable()
      class Heavy {
        @Bulkhead('cpu')
        async crunch(): Promise<number> {
          return 1;
        }
      }
      let failure: unknown;
      try {
        moduleRef = await boot([Heavy]);
      } catch (error) {
        failure = error;
      }
      expect(isResilienceConfigError(failure)).toBe(true);
      const error = failure as ResilienceConfigError;
      expect(error.message).toContain(`Invalid @Bulkhead('cpu') on Heavy.crunch`);
      expect(error.issues[0].path).toBe('bulkheads.cpu.type');
      expect(error.issues[0].message).toContain('a method decorated with @Bulkhead cannot move to a thread), got "worker"');
    });
  });
});
