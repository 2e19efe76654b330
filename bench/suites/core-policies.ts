/**
 * The bulkhead, timeout and composed timeout+breaker+bulkhead against the raw call and cockatiel 4
 * (issue 2): ns/op of `async () => 42`, and the ratio to the raw call.
 */
import { bulkhead, circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
import { CircuitBreakerPolicy, composePolicies } from '@app/resilience';
import { BulkheadPolicy } from '../../libs/resilience/src/core/bulkhead/bulkhead-policy.js';
import { TimeoutPolicy } from '../../libs/resilience/src/core/timeout/timeout-policy.js';
import { measureInterleaved, ratioRow, type BenchRow, type BenchSuite } from '../harness.js';

const SUITE = 'core-policies';

const op = async (): Promise<number> => 42;

async function run(): Promise<BenchRow[]> {
  const ours = new BulkheadPolicy({ name: 'bench', maxConcurrent: 10 });
  const timeout = new TimeoutPolicy({ timeoutMs: 1000 });
  const composed = composePolicies(
    new TimeoutPolicy({ timeoutMs: 1000 }),
    new CircuitBreakerPolicy({ name: 'bench' }),
    new BulkheadPolicy({ name: 'bench-composed', maxConcurrent: 10 }),
  );
  const cockatielBulkhead = bulkhead(10, 0);
  const cockatielBreaker = circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) });

  // More rounds than the default: the machine is shared, and the median of 15 resists bursts of load.
  const ns = await measureInterleaved(
    {
      raw: () => op(),
      bulkhead: () => ours.execute(op),
      timeout: () => timeout.execute(op),
      composed: () => composed.execute(op),
      cockatielBulkhead: () => cockatielBulkhead.execute(op),
      cockatielBreaker: () => cockatielBreaker.execute(op),
    },
    { rounds: 15 },
  );
  const composedRow = ratioRow(SUITE, 'composed Timeout+CircuitBreaker+Bulkhead', ns.composed, ns.raw);
  composedRow.target = `<= cockatiel breaker (${(ns.cockatielBreaker / ns.raw).toFixed(2)}x)`;
  composedRow.pass = ns.composed <= ns.cockatielBreaker;
  return [
    ratioRow(SUITE, 'raw async () => 42', ns.raw, ns.raw),
    ratioRow(SUITE, 'BulkheadPolicy (uncontended)', ns.bulkhead, ns.raw, 1.6),
    ratioRow(SUITE, 'TimeoutPolicy 1 s (fn without signal)', ns.timeout, ns.raw),
    composedRow,
    ratioRow(SUITE, 'cockatiel 4 bulkhead(10, 0)', ns.cockatielBulkhead, ns.raw),
    ratioRow(SUITE, 'cockatiel 4 ConsecutiveBreaker(5)', ns.cockatielBreaker, ns.raw),
  ];
}

export const suite: BenchSuite = { name: SUITE, run };
