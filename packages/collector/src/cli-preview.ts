import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { ItemKind } from './content/checks'
import { findItem } from './content/preview'
import { createPreviewToken, previewLink, PREVIEW_TTL_MS } from './content/preview-token'
import { contentFromText } from './content/source'
import { resolveKeys } from './keys'
import { openStore, type StoreLocation } from './store/open'

const USAGE = `Usage: goyo-collector preview-link --item ID --url URL [options]

Prints a link into your app that shows one checklist, prompt, survey or tour in your own browser
now, ignoring its audience and caps, for one hour. Events from the preview count nowhere.

Options:
  --item ID             The item's id in the content file
  --kind KIND           checklist, prompt, survey or tour, when several kinds use the id
  --url URL             A page of your app that loads goyo.js (http or https)
  --content FILE        The content file (env GOYO_CONTENT)
  --data DIR | --database-url URL   The store holding the secret key (env DATABASE_URL;
                        default ./.goyo-data); GOYO_SECRET_KEY wins when set
`

const KINDS: Record<string, ItemKind> = { checklist: 'checklists', prompt: 'prompts', survey: 'surveys', tour: 'tours' }

/**
 * `goyo-collector preview-link`: signs a preview token (secret-key HMAC, one hour) for one item
 * and prints the page URL with it. Resolves with the exit code.
 */
export async function previewLinkCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: { out?: (text: string) => void; err?: (text: string) => void; now?: () => number } = {},
): Promise<number> {
  const out = options.out ?? ((text) => process.stdout.write(text))
  const err = options.err ?? ((text) => process.stderr.write(text))
  const usage = (message: string) => (err(`${message}\n\n${USAGE}`), 2)
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        item: { type: 'string' }, kind: { type: 'string' }, url: { type: 'string' }, content: { type: 'string' },
        data: { type: 'string' }, 'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    return usage((error as Error).message)
  }
  if (values.help) return out(USAGE), 0
  if (!values.item) return usage('--item is required')
  if (!values.url || !/^https?:\/\//i.test(values.url) || !URL.canParse(values.url)) return usage('--url must be a full http(s) address of a page of your app')
  if (values.kind && !KINDS[values.kind]) return usage(`--kind must be one of ${Object.keys(KINDS).join(', ')}`)
  const file = values.content ?? env.GOYO_CONTENT
  if (!file) return usage('--content (or GOYO_CONTENT) is required: the item is looked up there')
  try {
    const item = findItem(contentFromText(file, await readFile(file, 'utf8')), values.item, values.kind ? KINDS[values.kind] : undefined)
    if ('error' in item) return err(`goyo-collector: ${item.error}\n`), 1
    const secretKey = env.GOYO_SECRET_KEY ?? (await secretKeyFromStore(values, env))
    const now = (options.now ?? Date.now)()
    const link = previewLink(values.url, await createPreviewToken(secretKey, item, now))
    out(`${link}\n`)
    err(`Shows ${item.kind.slice(0, -1)} "${item.id}" until ${new Date(now + PREVIEW_TTL_MS).toISOString()}.\n`)
    return 0
  } catch (error) {
    err(`goyo-collector: ${(error as Error).message}\n`)
    return 1
  }
}

async function secretKeyFromStore(values: { data?: string; 'database-url'?: string }, env: NodeJS.ProcessEnv): Promise<string> {
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL
  const location: StoreLocation = databaseUrl ? { databaseUrl } : { dataDir: values.data ?? env.GOYO_DATA_DIR ?? './.goyo-data' }
  const store = await openStore(location)
  try {
    return (await resolveKeys(store, {})).keys.secretKey
  } finally {
    await store.close()
  }
}
