import { describe, expect, it } from '@jest/globals';
import { resolveScenario } from '../scenarios/index.js';
import type { Expectation, Scenario } from '../scenarios/scenario-types.js';
import { evaluateChecks, type CheckInput } from './checks.js';
import type { FaultRecord } from './fault-injector.js';
import { parsePrometheusText } from './prometheus-text.js';
import { RequestTimeline } from './request-timeline.js';
import { toServiceSample, type ServiceSample } from './service-sample.js';
import { usersAt } from './user-schedule.js';

const T0 = Date.UTC(2026, 0, 1);

/** One sample per second from per-second states. */
function samples(
  count: number,
  at: (t: number) => { breaker?: string; pool?: string; active?: number; rejected?: number; heap?: number },
): ServiceSample[] {
  return Array.from({ length: count }, (_, t) => {
    const s = at(t);
    const state = s.breaker ?? 'closed';
    const openedAt = state === 'open' ? new Date(T0 + 3200).toISOString() : null;
    return toServiceSample(t, parsePrometheusText(`nodejs_heap_size_used_bytes ${s.heap ?? 50e6}\nprocess_resident_memory_bytes 1e8\n`), {
      status: 'up',
      circuitBreakers: { external_api: { state, openedAt, nextAttemptAt: openedAt && new Date(T0 + 6200).toISOString() } },
      bulkheads: { heavy_computation: { active: s.active ?? 0, queued: 0, rejected: s.rejected ?? 0, maxConcurrent: 3 } },
      pools: { main_cache: { poolStatus: s.pool ?? 'up' } },
    });
  });
}

function input(expectations: Expectation[], list: ServiceSample[], faults: FaultRecord[] = [], ranS = list.length): CheckInput {
  const scenario: Scenario = { ...resolveScenario('chaos', { LOAD_TEST_DURATION: String(ranS) }), expectations };
  let now = 0;
  const timeline = new RequestTimeline(() => now);
  for (now = 0; now < ranS; now++) {
    timeline.recordAnswer('external-data', 200, 'ok', now >= 3 && now < 7);
    timeline.recordLatency(now < ranS / 4 ? 10 : now >= (3 * ranS) / 4 ? 100 : 20);
  }
  return { scenario, summary: timeline.summary(ranS), timeline, samples: list, faults, startedAtMs: T0, ranS, sampleIntervalS: 1 };
}

const fault = (id: string, atS: number): FaultRecord => ({ id, plannedAtS: atS, atS, outcome: 'done', detail: '' });

const expectation = (results: ReturnType<typeof evaluateChecks>) =>
  results.filter((r) => r.kind === 'expectation').map((r) => [r.passed, r.actual]);

describe('breaker expectations', () => {
  const opens: Expectation = { kind: 'breaker-opens', breaker: 'external_api', afterFault: 'upstream-fails', withinMs: 5000 };
  const closes: Expectation = {
    kind: 'breaker-closes',
    breaker: 'external_api',
    afterFault: 'upstream-heals',
    withinMs: { recoveryTimeoutPlusMs: 5000 },
  };

  it('passes when the breaker opens after the fault (timed by its openedAt) and closes within recovery timeout + 5 s', () => {
    const list = samples(20, (t) => ({ breaker: t >= 4 && t < 12 ? 'open' : 'closed' }));
    const results = evaluateChecks(input([opens, closes], list, [fault('upstream-fails', 3), fault('upstream-heals', 7)]));
    expect(expectation(results)).toEqual([
      [true, 'opened 0.2 s after the fault'],
      [true, 'closed by 5.0 s after the fault (sampled every 1.0 s)'],
    ]);
    expect(results.find((r) => r.name.includes('closes'))!.expected).toBe('closed within recovery timeout + 5.0 s = 8.0 s');
  });

  it('fails when the breaker never opens (a disabled breaker), and then cannot close either', () => {
    const list = samples(20, () => ({ breaker: 'closed' }));
    const results = evaluateChecks(input([opens, closes], list, [fault('upstream-fails', 3), fault('upstream-heals', 7)]));
    expect(expectation(results)).toEqual([
      [false, 'never seen open'],
      [false, 'the breaker was never seen open or half-open before the fault ended'],
    ]);
  });

  it('fails when it stays open too long, and when the fault never happened', () => {
    const list = samples(20, (t) => ({ breaker: t >= 4 ? 'open' : 'closed' }));
    const results = evaluateChecks(input([closes, opens], list, [fault('upstream-heals', 7)]));
    expect(expectation(results)).toEqual([
      [false, 'still open at the end of the run'],
      [false, 'fault upstream-fails never happened (run ended at 20.0 s)'],
    ]);
  });
});

describe('bulkhead, pool, memory and latency expectations', () => {
  it('bulkhead-limit: the max active seen and the rejections during the run', () => {
    const limit: Expectation = { kind: 'bulkhead-limit', bulkhead: 'heavy_computation', maxActive: 3, mustReject: true };
    expect(
      expectation(
        evaluateChecks(
          input(
            [limit],
            samples(8, (t) => ({ active: t % 4, rejected: t * 2 })),
          ),
        ),
      ),
    ).toEqual([[true, 'max active seen 3 (limit 3), rejected 14 during the run']]);
    expect(
      expectation(
        evaluateChecks(
          input(
            [limit],
            samples(8, () => ({ active: 4 })),
          ),
        ),
      )[0]![0],
    ).toBe(false);
    expect(
      expectation(
        evaluateChecks(
          input(
            [limit],
            samples(8, () => ({ active: 2 })),
          ),
        ),
      ),
    ).toEqual([[false, 'max active seen 2 (limit 3), rejected 0 during the run']]);
  });

  it('pools-recover: fails while a pool is still down after the grace window', () => {
    const recover: Expectation = { kind: 'pools-recover', afterFault: 'redis-starts', withinMs: 3000 };
    const starts = [fault('redis-starts', 10)];
    expect(
      expectation(
        evaluateChecks(
          input(
            [recover],
            samples(20, (t) => ({ pool: t >= 8 && t < 12 ? 'down' : 'up' })),
            starts,
          ),
        ),
      ),
    ).toEqual([[true, '7 samples, none down']]);
    expect(
      expectation(
        evaluateChecks(
          input(
            [recover],
            samples(20, (t) => ({ pool: t >= 8 && t < 15 ? 'down' : 'up' })),
            starts,
          ),
        ),
      ),
    ).toEqual([[false, 'down: main_cache at 13.0 s, main_cache at 14.0 s']]);
  });

  it('memory-growth compares the medians of the first and last quarter, with a byte floor', () => {
    const growth: Expectation = { kind: 'memory-growth', metric: 'heap', maxGrowthPercent: 50, minGrowthBytes: 10e6 };
    const leaking = samples(20, (t) => ({ heap: 40e6 + t * 4e6 }));
    expect(expectation(evaluateChecks(input([growth], leaking)))[0]![0]).toBe(false);
    const flat = samples(20, (t) => ({ heap: 40e6 + (t % 2) * 4e6 }));
    expect(expectation(evaluateChecks(input([growth], flat)))[0]![0]).toBe(true);
  });

  it('latency-drift compares p95 of the first and last quarter by time', () => {
    // The synthetic timeline answers in 10 ms in the first quarter and 100 ms in the last.
    const strict: Expectation = { kind: 'latency-drift', maxIncreasePercent: 100, minIncreaseMs: 50 };
    const loose: Expectation = { kind: 'latency-drift', maxIncreasePercent: 100, minIncreaseMs: 100 };
    expect(
      expectation(
        evaluateChecks(
          input(
            [strict, loose],
            samples(20, () => ({})),
          ),
        ),
      ),
    ).toEqual([
      [false, '10 ms -> 100 ms (900.0%)'],
      [true, '10 ms -> 100 ms (900.0%)'],
    ]);
  });

  it('fallback-served counts fallback answers between the two faults', () => {
    const served: Expectation = {
      kind: 'fallback-served',
      endpoint: 'external-data',
      fromFault: 'upstream-fails',
      toFault: 'upstream-heals',
      min: 4,
    };
    const faults = [fault('upstream-fails', 3), fault('upstream-heals', 7)];
    expect(
      expectation(
        evaluateChecks(
          input(
            [served],
            samples(10, () => ({})),
            faults,
          ),
        ),
      ),
    ).toEqual([[true, '4 fallback answers']]);
    expect(
      expectation(
        evaluateChecks(
          input(
            [{ ...served, min: 5 }],
            samples(10, () => ({})),
            faults,
          ),
        ),
      )[0]![0],
    ).toBe(false);
  });
});

describe('thresholds', () => {
  it('judge the error rate, p95, p99 and throughput of the whole run', () => {
    const results = evaluateChecks(
      input(
        [],
        samples(10, () => ({})),
      ),
    );
    expect(results.map((r) => [r.name, r.passed, r.actual])).toEqual([
      ['error rate', true, '0.00% (0 of 10)'],
      ['p95 latency', true, '100 ms'],
      ['p99 latency', true, '100 ms'],
      ['throughput', false, '1.0 req/s'],
    ]);
  });
});

describe('usersAt', () => {
  it('ramps linearly from 0 to each stage target, like k6 ramping-vus', () => {
    const stages = [
      { durationS: 10, users: 10 },
      { durationS: 10, users: 10 },
      { durationS: 5, users: 0 },
    ];
    expect([0, 5, 10, 15, 22.5, 25, 30].map((t) => usersAt(stages, t))).toEqual([0, 5, 10, 10, 5, 0, 0]);
  });
});

describe('parsePrometheusText', () => {
  it('reads labelled samples and skips comments and junk', () => {
    const m = parsePrometheusText(
      '# HELP x\ncircuit_breaker_state{name="external_api"} 1\ncircuit_breaker_state{name="a\\"b"} 2\nbroken line\nnodejs_heap_size_used_bytes 1.5e7\n',
    );
    expect(m.get('circuit_breaker_state')).toEqual([
      { labels: { name: 'external_api' }, value: 1 },
      { labels: { name: 'a"b' }, value: 2 },
    ]);
    expect(m.get('nodejs_heap_size_used_bytes')).toEqual([{ labels: {}, value: 1.5e7 }]);
    expect(m.has('broken')).toBe(false);
  });
});
