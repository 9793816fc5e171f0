import type { Queue } from './queue'
import { doc, win } from '../lib/globals'

/**
 * Connects the queue to the page's life: `online` retries at once, a hidden page flushes (the
 * request is keepalive, so it survives a close), and `pagehide` hands off what is left.
 * `pagehide` rather than `unload`/`beforeunload`: those break the back/forward cache and do not
 * fire reliably on mobile (web.dev, "Page Lifecycle API").
 * A BroadcastChannel tells the other tabs which events were delivered, so that their unload path
 * does not hand off events this tab already sent.
 *
 * @example
 * const unbind = bindLifecycle(queue, 'goyo:wk_1')
 */
export function bindLifecycle(queue: Queue, channelName: string): { _teardown(): void; _announce(keys: string[]): void } {
  const onOnline = (): void => queue._online()
  const onPageHide = (): void => queue._unload()
  const onVisibility = (): void => {
    if (doc?.visibilityState === 'hidden') void queue.flush()
  }
  win?.addEventListener('online', onOnline)
  win?.addEventListener('pagehide', onPageHide)
  doc?.addEventListener('visibilitychange', onVisibility)
  let channel: BroadcastChannel | undefined
  try {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : undefined
    if (channel) channel.onmessage = (message: MessageEvent<string[]>) => queue._delivered(message.data)
  } catch {
    channel = undefined
  }
  return {
    _teardown() {
      win?.removeEventListener('online', onOnline)
      win?.removeEventListener('pagehide', onPageHide)
      doc?.removeEventListener('visibilitychange', onVisibility)
      channel?.close()
    },
    _announce(keys) {
      try {
        channel?.postMessage(keys)
      } catch {
        // Best effort: without it another tab may hand off a delivered event; the collector dedupes.
      }
    },
  }
}
