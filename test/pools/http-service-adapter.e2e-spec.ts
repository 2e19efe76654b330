import { firstValueFrom } from 'rxjs';
import { AxiosError } from 'axios';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HttpConnectionPool } from '../../libs/resilience/src/core/pools/http-pool.js';
import { toHttpService } from '../../libs/resilience/src/nest/http-service-adapter.js';
import { InjectHttpPool, getHttpPoolToken, getRedisPoolToken } from '../../libs/resilience/src/nest/pool-injection.js';
import { startUpstreamStub, type UpstreamStub } from '../helpers/upstream.js';

describe('the HTTP pool through Nest: HttpService adapter and @InjectHttpPool', () => {
  let stub: UpstreamStub;
  let pool: HttpConnectionPool;

  beforeAll(async () => {
    stub = await startUpstreamStub();
    pool = new HttpConnectionPool('api', { baseUrl: stub.url, maxConnections: 2, healthCheckInterval: 0 });
  });
  afterAll(async () => {
    await pool.close();
    await stub.stop();
  });

  it('answers with Observables over the pool sockets, and 4xx errors carry the status', async () => {
    const http = toHttpService(pool);
    expect(toHttpService(pool)).toBe(http);
    const before = stub.connectionsAccepted;
    const results = await Promise.all(Array.from({ length: 20 }, () => firstValueFrom(http.get<{ id: number }>('/data'))));
    expect(results.every((r) => r.status === 200 && typeof r.data.id === 'number')).toBe(true);
    expect(stub.connectionsAccepted - before).toBeLessThanOrEqual(2);
    expect(pool.stats().totalAcquired).toBeGreaterThanOrEqual(20);
    stub.setFailureStatus(422);
    stub.setFailureRate(1);
    try {
      const err = await firstValueFrom(http.get('/data')).catch((e: unknown) => e);
      expect((err as AxiosError).response?.status).toBe(422);
    } finally {
      stub.setFailureRate(0);
    }
  });

  it('injects a pool registered under its token by name', async () => {
    @Injectable()
    class Consumer {
      constructor(@InjectHttpPool('api') readonly api: HttpConnectionPool) {}
    }
    const moduleRef = await Test.createTestingModule({
      providers: [Consumer, { provide: getHttpPoolToken('api'), useValue: pool }],
    }).compile();
    expect(moduleRef.get(Consumer).api).toBe(pool);
    expect(getHttpPoolToken('api')).not.toBe(getRedisPoolToken('api'));
    await moduleRef.close();
  });
});
