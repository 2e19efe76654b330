/** The JSON result of one scenario run (written to LOAD_TEST_OUTPUT_DIR/<scenario>.json). */
import type { Scenario } from '../scenarios/scenario-types.js';
import type { CheckResult } from './checks.js';
import type { FaultRecord } from './fault-injector.js';
import type { LoadSummary, SecondSummary } from './request-timeline.js';
import type { ServiceSample } from './service-sample.js';

export interface ScenarioResult {
  scenario: Scenario;
  target: { baseUrl: string; startedByRunner: boolean; configFile: string | null };
  startedAt: string;
  /** Seconds the load actually ran (less than planned when interrupted). */
  ranS: number;
  interrupted: boolean;
  passed: boolean;
  peakUsers: number;
  summary: LoadSummary;
  checks: CheckResult[];
  faults: FaultRecord[];
  seconds: SecondSummary[];
  samples: ServiceSample[];
  /** Problems that are not checks (e.g. the rate limit could not be raised). */
  notes: string[];
}

export interface SuiteResult {
  startedAt: string;
  passed: boolean;
  interrupted: boolean;
  scenarios: { name: string; passed: boolean; json: string; html: string; failedChecks: string[] }[];
}
