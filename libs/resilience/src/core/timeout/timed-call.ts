/**
 * What a `TimeoutPolicy` watches: a call with a deadline, kept in the policy's FIFO of calls in
 * bucket order. The policy's own calls and the calls of a fused chain (fused-run.ts) share it.
 */
import type { TimeoutError } from '../errors.js';
import { ListNode } from '../bulkhead/linked-queue.js';

/** The calls started between two ticks. Its deadline is known once the tick that closes it has run. */
export class Bucket {
  /** Date.now() at the tick that closed the bucket; -1 while open. Every call in it started no later. */
  closedAt = -1;
}

/** @internal A call in flight under a timeout. */
export abstract class TimedCall extends ListNode {
  /** Set by the timeout when it starts watching the call. */
  bucket: Bucket | null = null;
  /** The signal's controller, only for an operation that declared a signal parameter. */
  controller: AbortController | undefined = undefined;

  /** The deadline passed while the call was watched; the timeout has already stopped watching it. */
  abstract timedOut(error: TimeoutError): void;
}
