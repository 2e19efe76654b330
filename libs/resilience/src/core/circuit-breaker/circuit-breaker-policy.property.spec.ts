/**
 * Property: for random options and random interleavings of call starts, settlements (success,
 * counted failure, ignored 4xx), clock steps and operator actions,
 *  - no more than `halfOpenMaxCalls` trial calls of one half-open period are ever in flight;
 *  - a half-open breaker closes only after `halfOpenMaxCalls` trials of that period succeeded, and
 *    reopens only after one of them failed (results of older calls never decide);
 *  - a call made while the breaker is closed always reaches the function;
 *  - once every call has settled, successCount + failureCount + ignoredCount + rejectedCount
 *    equals the number of calls made while the breaker was not disabled.
 */
import fc from 'fast-check';
import { isCircuitOpenError } from '../errors.js';
import type { CircuitBreakerOptions } from './circuit-breaker-options.js';
import { CircuitBreakerPolicy } from './circuit-breaker-policy.js';

type Outcome = 'ok' | 'fail' | 'ignored';
type Action =
  | { kind: 'start' }
  | { kind: 'startSettled'; outcome: Outcome; sync: boolean }
  | { kind: 'settle'; pick: number; outcome: Outcome }
  | { kind: 'tick'; ms: number }
  | { kind: 'operator'; op: 'reset' | 'forceOpen' | 'disable' };

const outcomeArb = fc.constantFrom<Outcome>('ok', 'ok', 'fail', 'fail', 'fail', 'ignored');
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Action>({ kind: 'start' }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('startSettled' as const), outcome: outcomeArb, sync: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), outcome: outcomeArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 1500 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('operator' as const),
      op: fc.constantFrom('reset' as const, 'reset' as const, 'reset' as const, 'forceOpen' as const, 'disable' as const),
    }),
  },
);

const optionsArb: fc.Arbitrary<Omit<CircuitBreakerOptions, 'name' | 'now'>> = fc.oneof(
  fc.record({
    slidingWindow: fc.constant({ type: 'consecutive' as const }),
    failureThreshold: fc.integer({ min: 1, max: 4 }),
    halfOpenMaxCalls: fc.integer({ min: 1, max: 4 }),
    recoveryTimeout: fc.integer({ min: 100, max: 1000 }),
    backoffMultiplier: fc.double({ min: 1, max: 3, noNaN: true }),
  }),
  fc.integer({ min: 1, max: 6 }).chain((size) =>
    fc.record({
      slidingWindow: fc.constant({ type: 'count' as const, size }),
      minimumCalls: fc.integer({ min: 1, max: size }),
      failureRateThreshold: fc.integer({ min: 0, max: 100 }),
      halfOpenMaxCalls: fc.integer({ min: 1, max: 4 }),
      recoveryTimeout: fc.integer({ min: 100, max: 1000 }),
    }),
  ),
  fc.record({
    slidingWindow: fc.record({ type: fc.constant('time' as const), size: fc.integer({ min: 1, max: 5 }) }),
    minimumCalls: fc.integer({ min: 1, max: 5 }),
    failureRateThreshold: fc.integer({ min: 0, max: 100 }),
    halfOpenMaxCalls: fc.integer({ min: 1, max: 4 }),
    recoveryTimeout: fc.integer({ min: 100, max: 1000 }),
  }),
);

interface Pending {
  settle: (outcome: Outcome) => void;
  /** The half-open period the call was admitted in, or -1 when it was not a trial. */
  period: number;
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function settleWith(outcome: Outcome): Promise<string> {
  return outcome === 'ok' ? Promise.resolve('ok') : Promise.reject(outcome === 'fail' ? new Error('down') : { status: 404 });
}

describe('CircuitBreakerPolicy (property)', () => {
  it('never has more than halfOpenMaxCalls trials in flight, always runs calls made while closed, and its totals add up', async () => {
    await fc.assert(
      fc.asyncProperty(optionsArb, fc.array(actionArb, { minLength: 20, maxLength: 80 }), async (options, actions) => {
        let t = 1_000_000;
        const b = new CircuitBreakerPolicy({ name: 'prop', ...options, now: () => t });
        const maxTrials = b.snapshot().halfOpenMaxCalls;
        let period = -1;
        let operating = false;
        const trialSuccesses = new Map<number, number>();
        const trialFailures = new Map<number, number>();
        const bump = (m: Map<number, number>, key: number, by = 1): number => {
          const n = (m.get(key) ?? 0) + by;
          m.set(key, n);
          return n;
        };
        // Checks made inside the operation would be swallowed as call failures: collect them instead.
        const violations: string[] = [];
        b.onStateChange((e) => {
          if (e.to === 'half_open') period++;
          if (e.from !== 'half_open' || operating) return;
          if (e.to === 'closed' && (trialSuccesses.get(period) ?? 0) < maxTrials)
            violations.push(`closed without ${maxTrials} trial successes`);
          if (e.to === 'open' && (trialFailures.get(period) ?? 0) === 0) violations.push('reopened without a failed trial');
        });
        const inFlightTrials = new Map<number, number>();
        const record = (trialOf: number, outcome: Outcome): void => {
          if (trialOf < 0) return;
          if (outcome === 'ok') bump(trialSuccesses, trialOf);
          if (outcome === 'fail') bump(trialFailures, trialOf);
        };
        const admit = (): number => {
          const trialOf = b.state === 'half_open' ? period : -1;
          if (trialOf >= 0) {
            if (bump(inFlightTrials, trialOf) > maxTrials) violations.push(`more than ${maxTrials} trials in flight`);
            if (b.snapshot().halfOpenTrials.admitted > maxTrials) violations.push('admitted count above halfOpenMaxCalls');
          }
          return trialOf;
        };
        const pending: Pending[] = [];
        const calls: Promise<unknown>[] = [];
        let counted = 0;

        const start = (run: () => Promise<string> | string): void => {
          const before = b.state;
          if (before !== 'disabled') counted++;
          let reached = false;
          const call = b.execute(() => {
            reached = true;
            return run();
          });
          if (before === 'closed') expect(reached).toBe(true);
          // Only CircuitOpenError or the errors we threw may come out.
          calls.push(call.catch((e: unknown) => e));
        };

        for (const action of actions) {
          switch (action.kind) {
            case 'start':
              start(() => {
                const trialOf = admit();
                return new Promise<string>((resolve, reject) => {
                  pending.push({
                    period: trialOf,
                    settle: (outcome) => {
                      if (trialOf >= 0) bump(inFlightTrials, trialOf, -1);
                      record(trialOf, outcome);
                      settleWith(outcome).then(resolve, reject);
                    },
                  });
                });
              });
              break;
            case 'startSettled':
              start(() => {
                const trialOf = admit();
                if (trialOf >= 0) bump(inFlightTrials, trialOf, -1); // settles at once
                record(trialOf, action.outcome);
                if (action.sync && action.outcome !== 'ok') throw action.outcome === 'fail' ? new Error('down') : { status: 404 };
                return settleWith(action.outcome);
              });
              break;
            case 'settle':
              if (pending.length > 0) pending.splice(action.pick % pending.length, 1)[0].settle(action.outcome);
              break;
            case 'tick':
              t += action.ms;
              break;
            case 'operator':
              operating = true;
              b[action.op]();
              operating = false;
              break;
          }
          await flush();
        }

        for (const p of pending.splice(0)) p.settle('ok');
        const results = await Promise.all(calls);
        for (const r of results) {
          if (r instanceof Error && !isCircuitOpenError(r)) expect(r.message).toBe('down');
        }
        expect(violations).toEqual([]);
        const s = b.snapshot();
        expect(s.successCount + s.failureCount + s.ignoredCount + s.rejectedCount).toBe(counted);
      }),
      { numRuns: 200 },
    );
  });
});
