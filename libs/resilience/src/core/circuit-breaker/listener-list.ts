/**
 * A list of event listeners whose exceptions never reach the code that emitted the event:
 * a broken listener must not break a call (it is reported as a process warning instead).
 * Copy-on-write, so listeners may add or dispose listeners while an event is being emitted.
 */
export type Listener<E> = (event: E) => void;

export class ListenerList<E> {
  private listeners: readonly Listener<E>[] = [];

  constructor(private readonly description: string) {}

  get size(): number {
    return this.listeners.length;
  }

  /** Adds a listener; the returned disposer removes it (once, however often it is called). */
  add(listener: Listener<E>): () => void {
    if (typeof listener !== 'function') throw new TypeError(`${this.description}: listener must be a function`);
    this.listeners = [...this.listeners, listener];
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners = [...this.listeners.slice(0, i), ...this.listeners.slice(i + 1)];
    };
  }

  emit(event: E): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`${this.description} listener threw: ${error instanceof Error ? error.message : String(error)}`, {
          type: 'ResilienceListenerWarning',
        });
      }
    }
  }
}
