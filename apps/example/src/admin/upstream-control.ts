/**
 * Chaos controls of the upstream stub: its failure rate, failure status and latency, set through the
 * stub's `/__control` endpoint (the bundled stub, or any upstream speaking the same protocol).
 */
import { BadGatewayException, BadRequestException } from '@nestjs/common';

export interface UpstreamSettings {
  failureRate?: number;
  latencyMs?: number;
  failureStatus?: number;
}

export function parseUpstreamSettings(body: unknown): UpstreamSettings {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException('The body must be a JSON object like {"failureRate": 0.5, "latencyMs": 200}');
  }
  const given = body as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !['failureRate', 'latencyMs', 'failureStatus'].includes(k));
  if (unknown.length > 0) throw new BadRequestException(`${unknown[0]}: unknown setting; use failureRate, latencyMs or failureStatus`);
  const out: UpstreamSettings = {};
  const check = (key: keyof UpstreamSettings, ok: (v: number) => boolean, rule: string): void => {
    const value = given[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || !ok(value)) throw new BadRequestException(`${key}: must be ${rule}, got ${JSON.stringify(value)}`);
    out[key] = value;
  };
  check('failureRate', (v) => v >= 0 && v <= 1, 'a number from 0 to 1');
  check('latencyMs', (v) => Number.isInteger(v) && v >= 0 && v <= 120_000, 'a whole number of ms from 0 to 120000');
  check('failureStatus', (v) => Number.isInteger(v) && v >= 500 && v <= 599, 'a 5xx status code');
  if (Object.keys(out).length === 0) throw new BadRequestException('Give at least one of failureRate, latencyMs, failureStatus');
  return out;
}

export async function controlUpstream(baseUrl: string, settings?: UpstreamSettings): Promise<unknown> {
  const url = new URL('/__control', baseUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: settings === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: settings === undefined ? undefined : JSON.stringify(settings),
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    throw new BadGatewayException(`The upstream's control endpoint is unreachable: ${(error as Error).message}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok)
    throw new BadGatewayException(`The upstream's control endpoint answered ${response.status}; only the bundled stub has one`);
  return body;
}
