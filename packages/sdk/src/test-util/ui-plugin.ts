/**
 * The UI plugin on a stand-in client, for the widgets' DOM tests: content goes in through
 * `on('content')`, events come out of `track`.
 */
import { within } from '@testing-library/preact'
import { vi } from 'vitest'
import type { DeliveredContent, Goyo, WireEvent } from '../types'
import { ROOT_ID } from '../ui/mount'
import { createUiPlugin } from '../ui/plugin'

/** Starts the UI plugin on a stand-in client; `ui()` queries inside its shadow root. */
export function startUi() {
  let receive: (content: DeliveredContent) => void = () => {}
  const contexts: Array<Record<string, unknown>> = []
  // Like the real client: every tracked event goes through the plugins' onEvent.
  const track = vi.fn((event: string, properties: Record<string, unknown>) => {
    const wire = { type: 'track', event, properties, context: {} } as unknown as WireEvent
    plugin.onEvent!(wire)
    contexts.push(wire.context)
  })
  const log = vi.fn()
  const client = {
    track,
    on: (name: string, fn: (content: DeliveredContent) => void) => ((receive = name === 'content' ? fn : receive), () => {}),
    user: { anonymousId: 'anon', userId: 'u1', groupId: null },
  } as unknown as Goyo
  const plugin = createUiPlugin(document)
  const teardown = plugin.setup!(client, log) as () => void
  const ui = () => within(document.getElementById(ROOT_ID)!.shadowRoot as unknown as HTMLElement)
  const events = () => track.mock.calls.map(([event, properties]) => `${event} ${JSON.stringify(properties)}`)
  const logs = () => log.mock.calls.map(([message]) => message as string)
  /** A client-side route change, as the core reports it: a page event after history moved. */
  const navigate = async (path: string) => {
    history.pushState(null, '', path)
    plugin.onEvent!({ type: 'page' } as WireEvent)
    await Promise.resolve()
  }
  return { receive: (c: DeliveredContent) => receive(c), ui, events, logs, contexts, navigate, teardown, plugin }
}

