/**
 * An intrusive doubly linked FIFO: O(1) push, shift and removal from the middle (a caller who
 * aborts leaves the queue at once). Intrusive, so a queued item costs no extra node object.
 */
export class ListNode {
  prev: ListNode | null = null;
  next: ListNode | null = null;
  linked = false;
}

export class LinkedQueue<N extends ListNode> {
  private head: N | null = null;
  private tail: N | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  peek(): N | null {
    return this.head;
  }

  push(node: N): void {
    node.prev = this.tail;
    node.next = null;
    node.linked = true;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.count++;
  }

  shift(): N | null {
    const node = this.head;
    if (node !== null) this.remove(node);
    return node;
  }

  /** Unlinks `node`; does nothing if it is not in a queue (already shifted or removed). */
  remove(node: N): void {
    if (!node.linked) return;
    if (node.prev === null) this.head = node.next as N | null;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev as N | null;
    else node.next.prev = node.prev;
    node.prev = node.next = null;
    node.linked = false;
    this.count--;
  }
}
