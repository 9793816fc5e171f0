import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { InvalidTimeZoneError } from './calendar/zone'
import { checkTimeZoneInDatabase, rebuildCommand, timeZoneSetting } from './cli-rebuild'
import { createCollector } from './collector'
import { resolveKeys } from './keys'
import type { Keys } from './http/auth'
import { fileAssets, publicFiles, serve, type RunningServer } from './node'
import { DEFAULT_RATE_LIMIT, type RateLimit } from './http/rate-limit'
import { openStore, type StoreLocation } from './store/open'
import type { Store } from './store/store'
import { contentFromText, EMPTY_CONTENT, staticContent, type ContentSource } from './content/source'
import { watchContentFile } from './content/file'
import { formatWarnings, unreceivedEventWarnings } from './content/event-warnings'
import { reportCommand } from './cli-report'
import { seedDemoCommand } from './cli-seed'
import { previewLinkCommand } from './cli-preview'

const USAGE = `Usage: goyo-collector <command> [options]

Commands:
  start      Start the collector (HTTP ingest, content, reports)
  migrate    Apply pending database migrations and exit
  keys       Print the workspace's write key and secret key
  report     Print a report: goyo-collector report <name> [--from --to --tier --format table|json|csv]
             (goyo-collector report --help lists the reports and options)
  seed-demo  Write a deterministic demo history (Ledgerly) and evaluate it
  rebuild    Rebuild the rollups from the event log in GOYO_TIMEZONE (after changing it, or to
             repair them); start does it by itself when the zone changed
  preview-link  Print a link that shows one item in your app now, for an hour:
             goyo-collector preview-link --item ID --url URL (preview-link --help for more)

Options:
  --port N              Port to listen on (env PORT, default 8787)
  --host HOST           Address to bind (default 0.0.0.0)
  --data DIR            Embedded store folder (default ./.goyo-data)
  --database-url URL    PostgreSQL server instead of the embedded store (env DATABASE_URL)
  --content FILE        Content file: features, checklists, prompts, tiers, health, playbooks
                        (env GOYO_CONTENT); watched, a valid change applies without a restart;
                        rebuild reads its prompt goals and feature events
  --public DIR          Serve a folder at / (a landing page, docs, the demo app)
  --accounts N --days N --seed N
                        seed-demo: accounts (300), days of history (90), seed (1);
                        --content defaults to demo/goyo.content.json
  -h, --help            Show this help

Environment:
  GOYO_TIMEZONE                     The workspace time zone, an IANA name (default UTC): where
                                    reports cut days, weeks and months
  GOYO_WRITE_KEY, GOYO_SECRET_KEY   Use these keys instead of generated ones
  GOYO_RATE_LIMIT                   Events per second per write key (0 turns limiting off)
  GOYO_SDK_DIR                      Folder with the built goyo.js (default: packages/sdk/dist)
  GOYO_TRUST_PROXY                  1: believe X-Forwarded-Proto/-For from the proxy in front
                                    (HSTS over TLS, wrong keys throttled per real client)
`

/** Thrown for a wrong command line; the message is printed with the usage. */
class UsageError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      content: { type: 'string' },
      public: { type: 'string' },
      accounts: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  return { command: positionals[0], values }
}

type Values = ReturnType<typeof parse>['values']

function storeLocation(values: Values, env: NodeJS.ProcessEnv): StoreLocation {
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL
  if (values.data && databaseUrl) throw new UsageError('give either --data or --database-url, not both')
  return databaseUrl ? { databaseUrl } : { dataDir: values.data ?? env.GOYO_DATA_DIR ?? './.goyo-data' }
}

function rateLimit(env: NodeJS.ProcessEnv): RateLimit | false {
  if (env.GOYO_RATE_LIMIT === undefined) return DEFAULT_RATE_LIMIT
  const perSecond = Number(env.GOYO_RATE_LIMIT)
  if (!Number.isFinite(perSecond) || perSecond < 0) throw new UsageError('GOYO_RATE_LIMIT must be a number of events per second')
  return perSecond === 0 ? false : { eventsPerSecond: perSecond, burst: perSecond * 2 }
}

function port(values: Values, env: NodeJS.ProcessEnv): number {
  const raw = values.port ?? env.PORT ?? '8787'
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new UsageError(`invalid port: ${raw}`)
  return value
}

function flag(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false
  if (value === '1' || value === 'true') return true
  throw new UsageError(`${name} must be 1 or 0`)
}

const describeLocation = (location: StoreLocation) =>
  'databaseUrl' in location ? `PostgreSQL (${location.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')})` : `embedded store in ${location.dataDir}`

async function start(values: Values, env: NodeJS.ProcessEnv) {
  const location = storeLocation(values, env)
  const limit = rateLimit(env)
  const listenPort = port(values, env)
  const timeZone = timeZoneSetting(env)
  const trustProxy = flag(env.GOYO_TRUST_PROXY, 'GOYO_TRUST_PROXY')
  const say = (message: string) => process.stderr.write(`${message}\n`)
  const contentFile = values.content ?? env.GOYO_CONTENT
  let warn = (): void => {}
  // An invalid content file stops the start here, before the store is opened, with every problem.
  const watcher = contentFile
    ? await watchContentFile(contentFile, {
        onChange: () => (say(`content: ${contentFile} reloaded`), warn()),
        onError: (error) => say(`content: change to ${contentFile} ignored, the previous content stays:\n${error.message}`),
      })
    : undefined
  const content: ContentSource = watcher ?? staticContent()
  let store: Store | undefined
  let running: RunningServer
  let generated: boolean
  let keys: Keys
  try {
    store = await openStore(location)
    await checkTimeZoneInDatabase(store.sql, timeZone)
    ;({ keys, generated } = await resolveKeys(store, { writeKey: env.GOYO_WRITE_KEY, secretKey: env.GOYO_SECRET_KEY }))
    const sdkDir = env.GOYO_SDK_DIR ?? new URL('../../sdk/dist/', import.meta.url)
    const collector = createCollector({
      store,
      keys,
      rateLimit: limit,
      assets: fileAssets(sdkDir),
      content,
      publicFiles: values.public ? publicFiles(values.public) : undefined,
      trustProxy,
      timeZone,
    })
    running = await serve(collector, { port: listenPort, host: values.host })
  } catch (error) {
    // A refused start (the folder is in use, the port is taken, the database is away) must end
    // the process at once: the content file's watcher alone would keep it alive.
    watcher?.close()
    await store?.close().catch(() => {})
    throw error
  }
  if (watcher && contentFile) {
    // Events that nothing is known to send are worth a warning only until the collector has seen one.
    const sql = store.sql
    warn = () =>
      void unreceivedEventWarnings(sql, watcher.warnings()).then(
        (left) => left.length > 0 && say(`content: ${formatWarnings(contentFile, left)}`),
        () => {},
      )
    warn()
  }
  if (generated) {
    say('Generated workspace keys (stored; later starts reuse them; `goyo-collector keys` shows them again):')
    say(`  write key:  ${keys.writeKey}`)
    say(`  secret key: ${keys.secretKey}`)
  }
  say(`goyo-collector listening on ${running.url} (${describeLocation(location)}, time zone ${timeZone})`)
  const shutdown = (signal: string) => {
    say(`${signal}: finishing in-flight requests, then closing the store`)
    running.stop().then(
      () => process.exit(0),
      (error) => {
        say(`shutdown failed: ${(error as Error).message}`)
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
}

/** Runs the command line; resolves with the exit code for commands that finish. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  // `report` takes options of its own (--from, --tier, --format...), parsed in cli-report.ts.
  if (argv[0] === 'report') return reportCommand(argv.slice(1), env)
  if (argv[0] === 'preview-link') return previewLinkCommand(argv.slice(1), env)
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { command, values } = parsed
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(USAGE)
    return command === undefined && !values.help ? 2 : 0
  }
  try {
    switch (command) {
      case 'start':
        await start(values, env)
        return undefined
      case 'migrate': {
        const store = await openStore(storeLocation(values, env), { migrate: false })
        const applied = await store.migrate()
        await store.close()
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'nothing to apply\n')
        return 0
      }
      case 'keys': {
        const store = await openStore(storeLocation(values, env))
        const { keys } = await resolveKeys(store, { writeKey: env.GOYO_WRITE_KEY, secretKey: env.GOYO_SECRET_KEY })
        await store.close()
        process.stdout.write(`write key:  ${keys.writeKey}\nsecret key: ${keys.secretKey}\n`)
        return 0
      }
      case 'rebuild': {
        const timeZone = timeZoneSetting(env)
        const file = values.content ?? env.GOYO_CONTENT
        const content = file ? contentFromText(file, await readFile(file, 'utf8')) : EMPTY_CONTENT
        const store = await openStore(storeLocation(values, env))
        try {
          return await rebuildCommand({ store, content, timeZone })
        } finally {
          await store.close()
        }
      }
      case 'seed-demo':
        return await seedDemoCommand({ location: storeLocation(values, env), accounts: values.accounts, days: values.days, seed: values.seed, content: values.content ?? env.GOYO_CONTENT, timeZone: timeZoneSetting(env) })
      default:
        throw new UsageError(`unknown command: ${command}`)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`)
      return 2
    }
    if (error instanceof InvalidTimeZoneError) {
      process.stderr.write(`goyo-collector: ${error.message}\n`)
      return 2
    }
    process.stderr.write(`goyo-collector: ${(error as Error).message}\n`)
    return 1
  }
}
