import { Inject } from '@nestjs/common';

/**
 * Injection tokens and decorators for named pools. The module registers one provider per pool
 * under these tokens (from `connection_pools.*` config); a class then asks for a pool by name:
 * `constructor(@InjectRedisPool('cache') private readonly cache: RedisConnectionPool) {}`.
 */
export const getHttpPoolToken = (name: string): string => `nest-resilience:http-pool:${name}`;
export const getRedisPoolToken = (name: string): string => `nest-resilience:redis-pool:${name}`;

export const InjectHttpPool = (name: string): PropertyDecorator & ParameterDecorator => Inject(getHttpPoolToken(name));
export const InjectRedisPool = (name: string): PropertyDecorator & ParameterDecorator => Inject(getRedisPoolToken(name));
