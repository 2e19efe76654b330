import { Injectable } from '@nestjs/common';
import { Bulkhead, CircuitBreaker, Fallback, InjectHttpPool, Timeout, type HttpConnectionPool } from '@app/resilience';
import { LastGoodAnswerStore } from './last-good-answer.store.js';

export interface ExternalData {
  source: 'upstream' | 'fallback';
  data: unknown;
  fetchedAt: string;
  /** Why the fallback answered (fallback only). */
  reason?: string;
}

/**
 * The upstream's `/data` through the HTTP pool `external_api`, behind the breaker, bulkhead and
 * timeout of the same name. When the call fails or is refused, the fallback answers the last good
 * answer (kept in Redis) marked `source: "fallback"`; with none kept, the original error stands
 * (an open breaker then answers 503 with Retry-After).
 */
@Injectable()
export class ExternalDataService {
  constructor(
    @InjectHttpPool('external_api') private readonly http: HttpConnectionPool,
    private readonly lastGood: LastGoodAnswerStore,
  ) {}

  @Fallback('fromLastGoodAnswer')
  @CircuitBreaker('external_api')
  @Timeout('external_api')
  @Bulkhead('external_api')
  async fetch(): Promise<ExternalData> {
    const response = await this.http.get<unknown>('/data');
    const answer = { data: response.data, fetchedAt: new Date().toISOString() };
    this.lastGood.save(answer);
    return { source: 'upstream', ...answer };
  }

  async fromLastGoodAnswer(error: unknown): Promise<ExternalData> {
    const kept = await this.lastGood.load();
    if (kept === undefined) throw error;
    return { source: 'fallback', ...kept, reason: error instanceof Error ? error.message : String(error) };
  }
}
