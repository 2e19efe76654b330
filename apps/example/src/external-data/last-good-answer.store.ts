import { Injectable, Logger } from '@nestjs/common';
import { InjectRedisPool, type RedisConnectionPool } from '@app/resilience';

export interface StoredAnswer {
  data: unknown;
  fetchedAt: string;
}

const KEY = 'example:external-data:last-good';
/** Stale data older than a day is more misleading than an honest 503. */
const KEEP_SECONDS = 24 * 3600;

/** The last good upstream answer, kept in Redis so every replica (and a restart) can fall back to it. */
@Injectable()
export class LastGoodAnswerStore {
  private readonly logger = new Logger(LastGoodAnswerStore.name);

  constructor(@InjectRedisPool('main_cache') private readonly redis: RedisConnectionPool) {}

  /** Best effort: a Redis outage must not fail a good upstream answer. */
  save(answer: StoredAnswer): void {
    this.redis.client.set(KEY, JSON.stringify(answer), 'EX', KEEP_SECONDS).catch((error: unknown) => {
      this.logger.debug(`could not keep the last good answer: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** The kept answer, or undefined when there is none or Redis cannot tell. */
  async load(): Promise<StoredAnswer | undefined> {
    try {
      const text = await this.redis.client.get(KEY);
      return text === null ? undefined : (JSON.parse(text) as StoredAnswer);
    } catch {
      return undefined;
    }
  }
}
