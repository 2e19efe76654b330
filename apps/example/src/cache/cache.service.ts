import { Injectable } from '@nestjs/common';
import { CircuitBreaker, InjectRedisPool, type RedisConnectionPool } from '@app/resilience';
import { KEY_NAMESPACE } from './cache-request.js';

/** GET/SET through the Redis pool `main_cache`, behind the `cache` breaker; keys are namespaced. */
@Injectable()
export class CacheService {
  constructor(@InjectRedisPool('main_cache') private readonly redis: RedisConnectionPool) {}

  /** The stored JSON text, or null when the key is absent. */
  @CircuitBreaker('cache')
  async get(key: string): Promise<string | null> {
    return this.redis.client.get(KEY_NAMESPACE + key);
  }

  @CircuitBreaker('cache')
  async set(key: string, json: string, ttlSeconds?: number): Promise<void> {
    if (ttlSeconds === undefined) await this.redis.client.set(KEY_NAMESPACE + key, json);
    else await this.redis.client.set(KEY_NAMESPACE + key, json, 'EX', ttlSeconds);
  }
}
