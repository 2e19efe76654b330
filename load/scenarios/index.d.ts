import type { Scenario, ScenarioDefinition, ScenarioName } from './scenario-types.js';
export type * from './scenario-types.js';
export declare const SCENARIOS: Record<ScenarioName, ScenarioDefinition>;
export declare const SCENARIO_NAMES: ScenarioName[];
export declare class LoadConfigError extends Error {}
export declare function parseDurationSeconds(variable: string, text: string): number;
export declare function resolveScenario(name: string, env: Record<string, string | undefined>): Scenario;
export declare function checkScenarioDefinition(s: ScenarioDefinition): string[];
