/**
 * The circuit breaker's closed-state cost against the raw call and the peers (issue 2), and the
 * memory and timers of 100,000 breakers created and used once.
 */
import CircuitBreaker from 'opossum';
import { ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';
import { CircuitBreakerPolicy } from '@app/resilience';
import { isCoarseClockRunning, stopCoarseClock } from '../../libs/resilience/src/core/circuit-breaker/coarse-clock.js';
import { measureInterleaved, ratioRow, type BenchRow, type BenchSuite } from '../harness.js';

const SUITE = 'core-breaker';
const BREAKERS = 100_000;

const op = async (): Promise<number> => 42;

async function latency(): Promise<BenchRow[]> {
  const consecutive = new CircuitBreakerPolicy({ name: 'consecutive' });
  const count = new CircuitBreakerPolicy({ name: 'count', slidingWindow: { type: 'count', size: 100 } });
  const time = new CircuitBreakerPolicy({ name: 'time', slidingWindow: { type: 'time', size: 60 } });
  const opossum = new CircuitBreaker(op);
  const cockatiel = circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) });

  // More rounds than the default: the machine is shared, and the median of 15 resists bursts of load.
  const ns = await measureInterleaved(
    {
      raw: () => op(),
      consecutive: () => consecutive.execute(op),
      count: () => count.execute(op),
      time: () => time.execute(op),
      opossum: () => opossum.fire(),
      cockatiel: () => cockatiel.execute(op),
    },
    { rounds: 15 },
  );
  opossum.shutdown();
  return [
    ratioRow(SUITE, 'raw async () => 42', ns.raw, ns.raw),
    ratioRow(SUITE, 'CircuitBreakerPolicy consecutive (closed)', ns.consecutive, ns.raw, 1.6),
    ratioRow(SUITE, 'CircuitBreakerPolicy count window 100 (closed)', ns.count, ns.raw),
    ratioRow(SUITE, 'CircuitBreakerPolicy time window 60 s (closed)', ns.time, ns.raw, 2.0),
    ratioRow(SUITE, 'opossum 10 fire() (defaults)', ns.opossum, ns.raw),
    ratioRow(SUITE, 'cockatiel 4 ConsecutiveBreaker(5)', ns.cockatiel, ns.raw),
  ];
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function timerCount(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;
}

async function manyBreakers(): Promise<BenchRow[]> {
  stopCoarseClock();
  const timersBefore = timerCount();
  const before = heapMb();
  const breakers: CircuitBreakerPolicy[] = new Array(BREAKERS);
  for (let i = 0; i < BREAKERS; i++) {
    breakers[i] = new CircuitBreakerPolicy({ name: `breaker-${i}` });
    await breakers[i].execute(op);
  }
  const after = heapMb();
  const held = after - before;
  const timers = timerCount() - timersBefore;
  const coarseClock = isCoarseClockRunning() ? 1 : 0;
  const rows: BenchRow[] = [
    {
      suite: SUITE,
      name: `heap held by ${BREAKERS.toLocaleString('en-US')} consecutive breakers used once`,
      value: held,
      unit: 'MB',
      target: '< 100 MB',
      pass: held < 100,
    },
    {
      suite: SUITE,
      name: 'timers they left (active resources + shared coarse clock)',
      value: timers + coarseClock,
      unit: 'count',
      target: '0',
      pass: timers + coarseClock === 0,
    },
  ];
  breakers.length = 0;
  return rows;
}

export const suite: BenchSuite = {
  name: SUITE,
  async run() {
    const rows = await latency();
    stopCoarseClock(); // the time-window breaker above started it; it would stop by itself after 1 s idle
    return [...rows, ...(await manyBreakers())];
  },
};
