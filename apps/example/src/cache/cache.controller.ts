import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, ServiceUnavailableException } from '@nestjs/common';
import { isResilienceError } from '@app/resilience';
import { parseCacheWrite, validateKey } from './cache-request.js';
import { CacheService } from './cache.service.js';

@Controller('api/cache')
export class CacheController {
  constructor(private readonly cache: CacheService) {}

  @Get(':key')
  async read(@Param('key') key: string): Promise<{ key: string; value: unknown }> {
    validateKey(key);
    const json = await this.cache.get(key).catch(redisUnavailable);
    if (json === null) throw new NotFoundException(`key: "${key}" is not in the cache`);
    return { key, value: JSON.parse(json) as unknown };
  }

  @Post(':key')
  @HttpCode(200)
  async write(
    @Param('key') key: string,
    @Body() body: unknown,
  ): Promise<{ key: string; value: unknown; ttl: number | null; stored: true }> {
    validateKey(key);
    const write = parseCacheWrite(body);
    await this.cache.set(key, write.json, write.ttlSeconds).catch(redisUnavailable);
    return { key, value: write.value, ttl: write.ttlSeconds ?? null, stored: true };
  }
}

/** Library errors (open breaker, pool down) keep their own answers; a raw Redis error becomes a 503 with its reason. */
function redisUnavailable(error: unknown): never {
  if (isResilienceError(error)) throw error;
  throw new ServiceUnavailableException(`Redis is unavailable: ${error instanceof Error ? error.message : String(error)}`);
}
