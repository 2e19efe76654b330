/**
 * Numeric encodings for state gauges.
 *
 * `circuit_breaker_state`: 0 closed, 1 open, 2 half-open (DESIGN §4). Operator states map onto
 * what they do to calls: `forced_open` rejects like open → 1; `disabled` lets every call through
 * like closed → 0. To tell them apart, `circuit_breaker_current_state{name,state}` is 1 for the
 * one current state out of all five (the Prometheus "state set" pattern).
 *
 * `connection_pool_status`: 0 up, 1 degraded, 2 down (worse is higher, as for breakers).
 */
import type { BreakerStateName } from '../core/errors.js';
import type { PoolStatus } from '../core/pools/pool-types.js';

export const BREAKER_STATES: readonly BreakerStateName[] = ['closed', 'open', 'half_open', 'forced_open', 'disabled'];

const BREAKER_STATE_VALUE: Record<BreakerStateName, number> = { closed: 0, open: 1, half_open: 2, forced_open: 1, disabled: 0 };
const POOL_STATUS_VALUE: Record<PoolStatus, number> = { up: 0, degraded: 1, down: 2 };

export function breakerStateValue(state: BreakerStateName): number {
  return BREAKER_STATE_VALUE[state];
}

export function poolStatusValue(status: PoolStatus): number {
  return POOL_STATUS_VALUE[status];
}
