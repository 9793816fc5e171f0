/** A tiny typed event emitter, one per client (no module-level state). */
export interface Emitter<Events> {
  on<K extends keyof Events>(name: K, fn: (payload: Events[K]) => void): () => void
  emit<K extends keyof Events>(name: K, payload: Events[K]): void
  clear(): void
}

/**
 * Creates an emitter. A listener that throws is isolated: the others still run and nothing
 * reaches the host page, because a listener is host code called from inside the SDK.
 *
 * @example
 * const emitter = createEmitter<{ error: Error }>()
 * const off = emitter.on('error', (e) => console.log(e))
 * off()
 */
export function createEmitter<Events>(): Emitter<Events> {
  let listeners: { [K in keyof Events]?: Array<(payload: Events[K]) => void> } = {}
  return {
    on(name, fn) {
      const list = (listeners[name] ??= [])
      list.push(fn)
      return () => {
        const index = list.indexOf(fn)
        if (index >= 0) list.splice(index, 1)
      }
    },
    emit(name, payload) {
      for (const fn of listeners[name]?.slice() ?? []) {
        try {
          fn(payload)
        } catch {
          // A broken listener must not break the SDK or the other listeners.
        }
      }
    },
    clear() {
      listeners = {}
    },
  }
}
