/**
 * Types of the scenario data in this folder. The data itself is plain JavaScript (k6 cannot load
 * TypeScript modules at run time), shared by the k6 scripts and the Node runner; these
 * declarations type it for both.
 */

export type ScenarioName = 'basic' | 'spike' | 'endurance' | 'chaos';

/** A stage as written: shares of the run's duration and of its maximum users, so the env can scale both. */
export interface StageDefinition {
  /** Share of the whole duration (all stages add up to 1). */
  share: number;
  /** Target users at the end of the stage, as a share of the maximum (0..1). Users ramp linearly to it. */
  users: number;
}

export interface Stage {
  durationS: number;
  /** Target users at the end of the stage. */
  users: number;
}

export interface EndpointDefinition {
  /** Short name used in reports, k6 tags and expectations. */
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** Relative share of requests (weights need not add up to anything). */
  weight: number;
  /** JSON body of a POST. */
  body?: unknown;
  /** Statuses that mean the endpoint did its job. */
  ok: number[];
  /** Statuses that mean it shed load or degraded on purpose (a full bulkhead, an open breaker, Redis down): counted apart, not as errors. */
  degraded: number[];
}

export interface Thresholds {
  /** Share (0..1) of requests that failed: connection errors and statuses neither ok nor degraded (nor 429 when counted as shed). */
  maxErrorRate: number;
  p95Ms: number;
  p99Ms: number;
  /** Requests per second over the whole run. */
  minThroughputRps: number;
}

/** How the scenario lives with the example's per-client rate limit (100 requests / 60 s by default). */
export type RateLimitPolicy =
  /** The runner raises the limit for its run (through the service's YAML); a 429 is an error. */
  | { mode: 'raise'; requests: number; windowS: number }
  /** The limit stays in force; 429 answers are load the service shed on purpose, not errors. */
  | { mode: 'count-as-shed' };

export type FaultAction =
  /** Through the admin endpoints: the upstream stub's failure rate (0..1) and/or latency. */
  | { kind: 'upstream'; failureRate?: number; latencyMs?: number }
  /** Stop or start the Redis the service uses (only when the runner started that Redis). */
  | { kind: 'redis'; running: boolean };

export interface FaultDefinition {
  id: string;
  /** When, as a share of the duration. */
  atShare: number;
  action: FaultAction;
}

export interface Fault {
  id: string;
  atS: number;
  action: FaultAction;
}

/** A window length: milliseconds, or "recoveryTimeout+N" = the breaker's observed open time plus N ms. */
export type WithinMs = number | { recoveryTimeoutPlusMs: number };

export type Expectation =
  | { kind: 'breaker-opens'; breaker: string; afterFault: string; withinMs: number }
  | { kind: 'breaker-closes'; breaker: string; afterFault: string; withinMs: WithinMs }
  | { kind: 'bulkhead-limit'; bulkhead: string; maxActive: number; mustReject: boolean }
  | { kind: 'fallback-served'; endpoint: string; fromFault: string; toFault: string; min: number }
  | { kind: 'pools-recover'; afterFault: string; withinMs: number }
  | { kind: 'healthy-at-end'; notStatus: 'down' | 'degraded' }
  | { kind: 'recovers-after-load'; lastShare: number; maxErrorRate: number }
  | { kind: 'memory-growth'; metric: 'heap' | 'rss'; maxGrowthPercent: number; minGrowthBytes: number }
  | { kind: 'latency-drift'; maxIncreasePercent: number; minIncreaseMs: number };

export interface ScenarioDefinition {
  name: ScenarioName;
  description: string;
  defaultDurationS: number;
  defaultMaxUsers: number;
  stages: StageDefinition[];
  endpoints: EndpointDefinition[];
  /** Mean pause of a user between requests (k6 sleeps 0.5x..1.5x of it; the runner paces each connection at 1/thinkTime). */
  thinkTimeMs: number;
  thresholds: Thresholds;
  rateLimit: RateLimitPolicy;
  faults: FaultDefinition[];
  expectations: Expectation[];
  /** snake_case overrides of the example's resilience.yaml (under `resilience:`), applied when the runner starts the service. */
  serviceConfig: Record<string, unknown>;
}

/** A scenario with the environment applied: absolute seconds and users. */
export interface Scenario extends Omit<ScenarioDefinition, 'stages' | 'faults'> {
  durationS: number;
  maxUsers: number;
  stages: Stage[];
  faults: Fault[];
}
