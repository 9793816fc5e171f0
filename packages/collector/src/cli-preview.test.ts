import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { previewLinkCommand } from './cli-preview'
import { verifyPreviewToken } from './content/preview-token'

const SECRET = 'sk_cli_test'
const NOW = Date.parse('2026-06-01T09:00:00Z')

describe('goyo-collector preview-link', () => {
  let dir: string
  let file: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'goyo-preview-'))
    file = join(dir, 'goyo.content.json')
    await writeFile(file, JSON.stringify({
      checklists: [{ id: 'welcome', title: 'T', items: [{ id: 'i', title: 'x', doneWhen: { event: 'Tour Completed' } }] }],
      tours: [{ id: 'welcome', title: 'T', steps: [{ id: 's', title: 't', body: 'b' }] }],
      prompts: [{ id: 'payroll', kind: 'banner', title: 't', body: 'b', cta: { label: 'l', href: '/x' } }],
    }))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  const run = async (args: string[]) => {
    let out = ''
    let err = ''
    const code = await previewLinkCommand(args, { GOYO_SECRET_KEY: SECRET }, { out: (t) => void (out += t), err: (t) => void (err += t), now: () => NOW })
    return { code, out, err }
  }

  it('prints a link with a token for the item, valid for an hour', async () => {
    const { code, out, err } = await run(['--item', 'payroll', '--url', 'https://app.example.com/invoices', '--content', file])
    expect(code).toBe(0)
    const link = new URL(out.trim())
    expect(link.origin + link.pathname).toBe('https://app.example.com/invoices')
    expect(await verifyPreviewToken(SECRET, link.searchParams.get('goyo_preview')!, NOW)).toMatchObject({ kind: 'prompts', id: 'payroll' })
    expect(err).toContain('until 2026-06-01T10:00:00.000Z')
  })

  it('asks which kind when two share the id, and refuses unknown items and bad URLs', async () => {
    expect(await run(['--item', 'welcome', '--url', 'https://app.example.com/', '--content', file])).toMatchObject({ code: 1, err: expect.stringContaining('checklist and a tour: say which') })
    const tour = await run(['--item', 'welcome', '--kind', 'tour', '--url', 'https://app.example.com/', '--content', file])
    expect(tour.code).toBe(0)
    expect(await verifyPreviewToken(SECRET, new URL(tour.out.trim()).searchParams.get('goyo_preview')!, NOW)).toMatchObject({ kind: 'tours', id: 'welcome' })
    expect(await run(['--item', 'nope', '--url', 'https://app.example.com/', '--content', file])).toMatchObject({ code: 1, err: expect.stringContaining('no checklist, prompt, survey or tour "nope"') })
    expect((await run(['--item', 'payroll', '--url', 'app.example.com', '--content', file])).code).toBe(2)
    expect((await run(['--item', 'payroll', '--url', 'javascript:alert(1)', '--content', file])).code).toBe(2)
    expect((await run(['--url', 'https://app.example.com/', '--content', file])).code).toBe(2)
    expect((await run(['--item', 'payroll', '--url', 'https://app.example.com/'])).code).toBe(2)
  })
})
