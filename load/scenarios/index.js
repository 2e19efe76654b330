// The scenario registry and how the environment scales it. Plain JavaScript with no imports
// beyond this folder, so k6 (reading __ENV) and the Node runner (reading process.env) share it.
import { basic } from './basic.js';
import { chaos } from './chaos.js';
import { endurance } from './endurance.js';
import { spike } from './spike.js';

/** @type {Record<import('./scenario-types.js').ScenarioName, import('./scenario-types.js').ScenarioDefinition>} */
export const SCENARIOS = { basic, spike, endurance, chaos };

export const SCENARIO_NAMES = /** @type {import('./scenario-types.js').ScenarioName[]} */ (Object.keys(SCENARIOS));

export class LoadConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'LoadConfigError';
  }
}

const UNIT_MS = /** @type {Record<string, number>} */ ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 });

/**
 * A duration in seconds: a bare number is seconds (as in the service's YAML), or a number with ms/s/m/h.
 * @param {string} variable the name to blame in the error
 * @param {string} text
 * @returns {number}
 */
export function parseDurationSeconds(variable, text) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  const seconds = match ? (Number(match[1]) * UNIT_MS[match[2] ?? 's']) / 1000 : NaN;
  if (!(seconds >= 1)) {
    throw new LoadConfigError(
      `${variable}: must be a duration of at least 1 s such as "30", "90s", "5m" or "1h", got ${JSON.stringify(text)}`,
    );
  }
  return seconds;
}

/**
 * @param {string} variable
 * @param {string} text
 * @returns {number}
 */
function parseUsers(variable, text) {
  const users = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !(users >= 1 && users <= 10_000)) {
    throw new LoadConfigError(`${variable}: must be a whole number of users from 1 to 10000, got ${JSON.stringify(text)}`);
  }
  return users;
}

/** @param {string | undefined} value */
const isSet = (value) => value !== undefined && value.trim() !== '';

/**
 * The named scenario with LOAD_TEST_DURATION and LOAD_TEST_MAX_USERS applied (absolute seconds and
 * users). Stage and fault times keep their shares of the duration, stage users their share of the maximum.
 * @param {string} name
 * @param {Record<string, string | undefined>} env
 * @returns {import('./scenario-types.js').Scenario}
 */
export function resolveScenario(name, env) {
  const definition = SCENARIOS[/** @type {import('./scenario-types.js').ScenarioName} */ (name)];
  if (definition === undefined) {
    throw new LoadConfigError(`scenario: unknown scenario ${JSON.stringify(name)}; choose one of ${SCENARIO_NAMES.join(', ')}`);
  }
  const durationS = isSet(env.LOAD_TEST_DURATION)
    ? parseDurationSeconds('LOAD_TEST_DURATION', /** @type {string} */ (env.LOAD_TEST_DURATION))
    : definition.defaultDurationS;
  const maxUsers = isSet(env.LOAD_TEST_MAX_USERS)
    ? parseUsers('LOAD_TEST_MAX_USERS', /** @type {string} */ (env.LOAD_TEST_MAX_USERS))
    : definition.defaultMaxUsers;
  const stages = definition.stages.map((stage) => ({
    durationS: round(stage.share * durationS),
    // A stage aiming at some users aims at one at least, so a small maximum still runs every stage.
    users: stage.users === 0 ? 0 : Math.max(1, Math.round(stage.users * maxUsers)),
  }));
  const faults = definition.faults.map((fault) => ({ id: fault.id, atS: round(fault.atShare * durationS), action: fault.action }));
  const { stages: _stages, faults: _faults, ...rest } = definition;
  return { ...rest, durationS, maxUsers, stages, faults };
}

/** @param {number} value */
function round(value) {
  return Math.round(value * 1000) / 1000;
}

/**
 * Checks a scenario's data; returns one message per problem (empty when sound).
 * @param {import('./scenario-types.js').ScenarioDefinition} s
 * @returns {string[]}
 */
export function checkScenarioDefinition(s) {
  const problems = [];
  const at = (/** @type {string} */ key) => `${s.name}.${key}`;
  const shares = s.stages.reduce((sum, stage) => sum + stage.share, 0);
  if (Math.abs(shares - 1) > 1e-9) problems.push(`${at('stages')}: shares must add up to 1, got ${shares}`);
  s.stages.forEach((stage, i) => {
    if (!(stage.users >= 0 && stage.users <= 1)) problems.push(`${at(`stages[${i}].users`)}: must be a share from 0 to 1`);
  });
  if (s.endpoints.length === 0) problems.push(`${at('endpoints')}: at least one endpoint`);
  s.endpoints.forEach((e, i) => {
    if (!(e.weight > 0)) problems.push(`${at(`endpoints[${i}].weight`)}: must be > 0`);
    if (!e.path.startsWith('/')) problems.push(`${at(`endpoints[${i}].path`)}: must start with /`);
  });
  const faultIds = new Set(s.faults.map((f) => f.id));
  s.faults.forEach((f, i) => {
    if (!(f.atShare > 0 && f.atShare < 1)) problems.push(`${at(`faults[${i}].atShare`)}: must be between 0 and 1`);
  });
  s.expectations.forEach((x, i) => {
    for (const key of /** @type {const} */ (['afterFault', 'fromFault', 'toFault'])) {
      const id = /** @type {Record<string, unknown>} */ (x)[key];
      if (typeof id === 'string' && !faultIds.has(id))
        problems.push(`${at(`expectations[${i}].${key}`)}: no fault named ${JSON.stringify(id)}`);
    }
  });
  return problems;
}
