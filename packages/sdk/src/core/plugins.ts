import type { GoyoError, Goyo, Plugin, WireEvent } from '../types'
import type { Logger } from './logger'

/** The registered plugins of one client. See {@link createPlugins}. */
export interface Plugins {
  use(plugin: Plugin, client: Goyo): void
  has(name: string): boolean
  /** Runs every `onEvent` in registration order; `null` means a plugin dropped the event. */
  _run(event: WireEvent): WireEvent | null
  _teardown(): void
}

/**
 * The extension seam. A plugin that throws is reported and skipped for that call: the event
 * continues unchanged, so a broken extension can cost a feature but never lose data.
 * Registering a second plugin with the same name replaces nothing and is ignored.
 *
 * @example
 * const plugins = createPlugins(report, log)
 * plugins.use({ name: 'ui', onEvent: (e) => (render(e), e) }, client)
 */
export function createPlugins(_report: (error: GoyoError) => void, log: Logger): Plugins {
  const list: Plugin[] = []
  const teardowns: Array<() => void> = []
  const fail = (plugin: Plugin, cause: unknown): void =>
    _report({ code: 'internal', message: `plugin ${plugin.name} failed`, cause })
  const has = (name: string): boolean => list.some((p) => p.name === name)
  return {
    use(plugin, client) {
      if (!plugin || has(plugin.name)) return
      list.push(plugin)
      try {
        const teardown = plugin.setup?.(client, log)
        if (typeof teardown === 'function') teardowns.push(teardown)
      } catch (cause) {
        fail(plugin, cause)
      }
    },
    has,
    _run(event) {
      let current: WireEvent | null = event
      for (const plugin of list) {
        if (!plugin.onEvent) continue
        try {
          const next = plugin.onEvent(current)
          if (next === null) return null
          if (next) current = next
        } catch (cause) {
          fail(plugin, cause)
        }
      }
      return current
    },
    _teardown() {
      for (const fn of teardowns.splice(0)) {
        try {
          fn()
        } catch {
          // Teardown is best effort; the client is going away.
        }
      }
      list.length = 0
    },
  }
}
