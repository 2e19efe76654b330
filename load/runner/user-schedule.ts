/**
 * How many users should run at a given second: k6's ramping-vus semantics (start at 0, move
 * linearly to each stage's target over the stage).
 */
import type { Stage } from '../scenarios/scenario-types.js';

export function usersAt(stages: readonly Stage[], t: number): number {
  let from = 0;
  let start = 0;
  for (const stage of stages) {
    const end = start + stage.durationS;
    if (t < end) {
      const progress = stage.durationS === 0 ? 1 : (t - start) / stage.durationS;
      return Math.round(from + (stage.users - from) * progress);
    }
    from = stage.users;
    start = end;
  }
  return 0;
}
