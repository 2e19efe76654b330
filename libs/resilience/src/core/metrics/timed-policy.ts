import type { Operation, Policy, PolicyKind } from '../policy.js';
import type { DurationHistogram } from './duration-histogram.js';

/**
 * Records how long each call through `inner` takes (success or failure) into a histogram. Used only
 * when the call-duration histogram is switched on: it reads the clock twice and makes two small
 * closures per call, which is why it is off by default.
 */
export class TimedPolicy implements Policy {
  constructor(
    private readonly inner: Policy,
    readonly histogram: DurationHistogram,
  ) {}

  get kind(): PolicyKind {
    return this.inner.kind;
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    const started = performance.now();
    const histogram = this.histogram;
    return this.inner.execute(fn, signal).then(
      (value) => {
        histogram.observe((performance.now() - started) / 1000);
        return value;
      },
      (error: unknown) => {
        histogram.observe((performance.now() - started) / 1000);
        throw error;
      },
    );
  }
}
