import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, UseGuards } from '@nestjs/common';
import {
  CircuitBreakerRegistry,
  InjectHttpPool,
  RESILIENCE_CONFIG,
  type CircuitBreakerPolicy,
  type CircuitBreakerSnapshot,
  type HttpConnectionPool,
  type ResolvedResilienceConfig,
} from '@app/resilience';
import { ErrorProneService } from '../error-prone/error-prone.service.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { controlUpstream, parseUpstreamSettings } from './upstream-control.js';

type BreakerAction = 'force-open' | 'close' | 'disable' | 'reset';
const ACTIONS: Record<BreakerAction, (breaker: CircuitBreakerPolicy) => void> = {
  'force-open': (b) => b.forceOpen(),
  close: (b) => b.close(),
  disable: (b) => b.disable(),
  reset: (b) => b.reset(),
};

/** Operator endpoints (chaos tests, incidents). Every route needs `Authorization: Bearer $ADMIN_TOKEN`. */
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(
    private readonly breakers: CircuitBreakerRegistry,
    @Inject(RESILIENCE_CONFIG) private readonly config: ResolvedResilienceConfig,
    @InjectHttpPool('external_api') private readonly upstream: HttpConnectionPool,
    private readonly errorProne: ErrorProneService,
  ) {}

  @Get('circuit-breakers')
  list(): CircuitBreakerSnapshot[] {
    return this.knownBreakers().map((name) => this.breakers.get(name).snapshot());
  }

  /** `POST /admin/circuit-breakers/:name/{force-open|close|disable|reset}`: the breaker's snapshot after the action. */
  @Post('circuit-breakers/:name/:action')
  @HttpCode(200)
  act(@Param('name') name: string, @Param('action') action: string): CircuitBreakerSnapshot {
    if (!Object.hasOwn(ACTIONS, action)) {
      throw new NotFoundException(`action: must be one of ${Object.keys(ACTIONS).join(', ')}, got ${JSON.stringify(action)}`);
    }
    if (!this.knownBreakers().includes(name)) {
      throw new NotFoundException(`No circuit breaker named ${JSON.stringify(name)}; known: ${this.knownBreakers().join(', ')}`);
    }
    const breaker = this.breakers.get(name);
    ACTIONS[action as BreakerAction](breaker);
    // A reset error-prone breaker starts a fresh failure cycle, so the seed's loop behaves the same every time.
    if (name === 'error_prone' && action === 'reset') this.errorProne.resetPattern();
    return breaker.snapshot();
  }

  @Get('upstream')
  upstreamSettings(): Promise<unknown> {
    return controlUpstream(this.upstream.options.baseUrl);
  }

  /** `POST /admin/upstream {failureRate?, latencyMs?, failureStatus?}`: changes the upstream stub's behaviour. */
  @Post('upstream')
  @HttpCode(200)
  setUpstream(@Body() body: unknown): Promise<unknown> {
    return controlUpstream(this.upstream.options.baseUrl, parseUpstreamSettings(body));
  }

  /** Configured breakers and those created by use (decorators, routes). */
  private knownBreakers(): string[] {
    const names = new Set(Object.keys(this.config.circuitBreakers).filter((n) => n !== 'default'));
    for (const [key] of this.breakers.entries()) names.add(key);
    return [...names];
  }
}
