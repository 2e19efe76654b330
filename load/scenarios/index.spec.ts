import { describe, expect, it } from '@jest/globals';
import { SCENARIOS, SCENARIO_NAMES, checkScenarioDefinition, resolveScenario } from './index.js';

describe('scenario data', () => {
  it.each(SCENARIO_NAMES)('%s is sound: stage shares add up to 1, weights > 0, expectations name real faults', (name) => {
    expect(checkScenarioDefinition(SCENARIOS[name])).toEqual([]);
  });

  it('finds broken data and names the key', () => {
    const broken = {
      ...SCENARIOS.chaos,
      stages: [{ share: 0.5, users: 2 }],
      expectations: [{ kind: 'pools-recover' as const, afterFault: 'no-such-fault', withinMs: 1 }],
    };
    expect(checkScenarioDefinition(broken)).toEqual([
      'chaos.stages: shares must add up to 1, got 0.5',
      'chaos.stages[0].users: must be a share from 0 to 1',
      'chaos.expectations[0].afterFault: no fault named "no-such-fault"',
    ]);
  });

  it('says for every scenario how it treats the rate limit', () => {
    expect(Object.fromEntries(SCENARIO_NAMES.map((n) => [n, SCENARIOS[n].rateLimit.mode]))).toEqual({
      basic: 'raise',
      spike: 'count-as-shed',
      endurance: 'raise',
      chaos: 'raise',
    });
  });
});

describe('resolveScenario', () => {
  it('uses the scenario defaults without LOAD_TEST_* variables', () => {
    const s = resolveScenario('chaos', {});
    expect(s.durationS).toBe(60);
    expect(s.maxUsers).toBe(10);
    expect(s.stages.reduce((sum, stage) => sum + stage.durationS, 0)).toBeCloseTo(60, 6);
    expect(s.faults.map((f) => [f.id, f.atS])).toEqual([
      ['upstream-fails', 9],
      ['upstream-heals', 21],
      ['redis-stops', 36],
      ['redis-starts', 42],
    ]);
  });

  it('scales stages, users and fault times by LOAD_TEST_DURATION and LOAD_TEST_MAX_USERS', () => {
    const s = resolveScenario('spike', { LOAD_TEST_DURATION: '2m', LOAD_TEST_MAX_USERS: '40' });
    expect(s.durationS).toBe(120);
    expect(s.stages).toEqual([
      { durationS: 24, users: 2 },
      { durationS: 6, users: 40 },
      { durationS: 42, users: 40 },
      { durationS: 6, users: 2 },
      { durationS: 42, users: 2 },
    ]);
    // A tiny maximum still gives every non-empty stage one user.
    expect(resolveScenario('spike', { LOAD_TEST_MAX_USERS: '1' }).stages.map((st) => st.users)).toEqual([1, 1, 1, 1, 1]);
    expect(resolveScenario('basic', { LOAD_TEST_DURATION: '30' }).durationS).toBe(30);
  });

  it.each([
    ['LOAD_TEST_DURATION', 'soon', /LOAD_TEST_DURATION: must be a duration of at least 1 s .* got "soon"/],
    ['LOAD_TEST_DURATION', '500ms', /LOAD_TEST_DURATION: must be a duration of at least 1 s/],
    ['LOAD_TEST_MAX_USERS', '0', /LOAD_TEST_MAX_USERS: must be a whole number of users from 1 to 10000, got "0"/],
    ['LOAD_TEST_MAX_USERS', '2.5', /LOAD_TEST_MAX_USERS: must be a whole number/],
  ])('rejects %s=%s naming the variable', (variable, value, message) => {
    expect(() => resolveScenario('basic', { [variable]: value })).toThrow(message);
  });

  it('rejects an unknown scenario, listing the known ones', () => {
    expect(() => resolveScenario('soak', {})).toThrow('scenario: unknown scenario "soak"; choose one of basic, spike, endurance, chaos');
  });
});
