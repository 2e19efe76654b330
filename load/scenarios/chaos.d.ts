import type { ScenarioDefinition } from './scenario-types.js';
export declare const chaos: ScenarioDefinition;
