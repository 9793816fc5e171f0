import type { FoldOutcome } from '../store/store'

/** Options of {@link createFoldWorker}. */
export interface FoldWorkerOptions {
  /** Folds everything committed and not folded yet (`store.fold(policy)`). */
  fold(): Promise<FoldOutcome>
  /** Accounts whose rollups a fold changed: the customer-success engine evaluates them. */
  onFolded?(accounts: string[]): void
  /**
   * How often to fold without being asked (ms): events another replica stored and did not fold,
   * or a fold that failed. Default 1,000; 0 turns the timer off (tests).
   */
  intervalMs?: number
  /**
   * Least time between the starts of two folds asked for by commits (ms). Under load, commits
   * come every few milliseconds; waiting a little lets one fold take many of them, so a user's
   * many events of a day and feature become one row update, and the same user's profile one row
   * update per fold instead of several (a fold of a second of load costs about half as much per
   * event as one of half a second). Readers never wait for it: they fold on demand. Default 1,000.
   */
  spacingMs?: number
  log?(message: string, error?: unknown): void
}

/** Folds the log into the rollups in the background, and on demand for readers. */
export interface FoldWorker {
  /**
   * Resolves once every event committed before the call is folded: what reports, account reads
   * and content delivery wait for so that an answer includes every acknowledged event.
   * Rejects when the fold fails (the store is down: the caller answers 503).
   */
  catchUp(): Promise<void>
  /** Asks for a fold soon, after a commit; many asks while one runs make one more fold. */
  kick(): void
  /** Stops the timer and waits for a fold in progress. */
  stop(): Promise<void>
}

/**
 * One fold at a time per process, started by commits (`kick`), by readers (`catchUp`) and by a
 * slow timer. A reader that arrives while a fold runs cannot know whether that fold saw its
 * events, so it waits for the next one, which every reader arriving meanwhile shares: under a
 * burst of reports there are at most two folds in line.
 *
 * @example
 * const worker = createFoldWorker({ fold: () => store.fold(policy), onFolded: (ids) => engine.markDirty(ids) })
 * await store.append(events)
 * worker.kick()
 * await worker.catchUp() // a report asked now sees those events
 */
export function createFoldWorker(options: FoldWorkerOptions): FoldWorker {
  const log = options.log ?? ((message, error) => console.error(JSON.stringify({ time: new Date().toISOString(), fold: message, error: (error as Error | undefined)?.message })))
  let running: Promise<void> | null = null
  let next: Promise<void> | null = null
  let stopped = false

  const foldOnce = async (): Promise<void> => {
    const outcome = await options.fold()
    if (outcome.accounts.length > 0) options.onFolded?.(outcome.accounts)
  }

  /** A fold that starts after every fold already running, shared by everyone who asks meanwhile. */
  const schedule = (): Promise<void> => {
    if (next) return next
    const previous = running
    const fold: Promise<void> = previous ? previous.catch(() => {}).then(start) : Promise.resolve().then(start)
    next = fold
    return fold

    async function start(): Promise<void> {
      next = null
      running = fold
      try {
        await foldOnce()
      } finally {
        if (running === fold) running = null
      }
    }
  }

  const background = () => {
    if (stopped) return
    lastStart = Date.now()
    schedule().catch((error: unknown) => log('folding the log into the rollups failed; retrying', error))
  }

  const spacing = options.spacingMs ?? 1000
  let lastStart = 0
  let soon: ReturnType<typeof setTimeout> | undefined
  const kick = () => {
    if (soon || stopped) return
    soon = setTimeout(() => {
      soon = undefined
      background()
    }, Math.max(0, lastStart + spacing - Date.now()))
    ;(soon as { unref?: () => void }).unref?.()
  }

  const interval = options.intervalMs ?? 1000
  const timer = interval > 0 ? setInterval(background, interval) : undefined
  ;(timer as { unref?: () => void } | undefined)?.unref?.()

  return {
    catchUp: schedule,
    kick,
    async stop() {
      stopped = true
      clearInterval(timer)
      clearTimeout(soon)
      await Promise.allSettled([running, next])
    },
  }
}
