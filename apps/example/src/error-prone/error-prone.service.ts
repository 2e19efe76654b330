import { Inject, Injectable } from '@nestjs/common';
import { CircuitBreaker } from '@app/resilience';
import { APP_SETTINGS, type AppSettings } from '../settings/app-settings.js';
import { FailurePattern } from './failure-pattern.js';

/** The failure the endpoint simulates (answered 500; the breaker counts it). */
export class SimulatedFailureError extends Error {
  override readonly name = 'SimulatedFailureError';
}

@Injectable()
export class ErrorProneService {
  private readonly pattern = new FailurePattern();

  constructor(@Inject(APP_SETTINGS) private readonly settings: AppSettings) {}

  /** Fails at `rate` (default ERROR_RATE) behind the `error_prone` breaker. */
  @CircuitBreaker('error_prone')
  async call(rate: number = this.settings.errorRate): Promise<{ status: 'ok'; errorRate: number }> {
    if (this.pattern.next(rate)) throw new SimulatedFailureError(`Simulated failure (error rate ${rate})`);
    return { status: 'ok', errorRate: rate };
  }

  /** Starts a fresh failure cycle (see FailurePattern). */
  resetPattern(): void {
    this.pattern.reset();
  }
}
