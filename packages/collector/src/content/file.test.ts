import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { watchContentFile, type FileContentSource } from './file'
import { ContentError } from './source'

describe('watchContentFile', () => {
  let dir: string
  let file: string
  let source: FileContentSource | undefined

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'goyo-content-'))
    file = join(dir, 'goyo.content.json')
  })
  afterEach(async () => {
    source?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses an invalid file at start with every problem, by line and path', async () => {
    await writeFile(file, '{\n  "tiers": [{ "id": "a" }, { "id": "b", "when": { "trait": "arr", "gte": "lots" } }],\n  "prompts": [{ "id": "p" }]\n}')
    const error = await watchContentFile(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContentError)
    const message = (error as ContentError).message
    expect(message).toContain(`${file}:3: prompts[0].kind: required`)
    expect(message).toContain(`${file}:2: tiers[1].when`)
  })

  it('takes a valid change without a restart and keeps the previous content on an invalid one', async () => {
    await writeFile(file, JSON.stringify({ tiers: [{ id: 'tech-touch' }] }))
    const onChange = vi.fn()
    const onError = vi.fn()
    source = await watchContentFile(file, { onChange, onError, debounceMs: 10 })
    const before = source.version()
    await writeFile(file, JSON.stringify({ tiers: [{ id: 'low', when: { trait: 'arr', gte: 5 } }, { id: 'tech-touch' }] }))
    await vi.waitFor(() => expect(onChange).toHaveBeenCalled(), { timeout: 5000 })
    expect(source.current().tiers.map((tier) => tier.id)).toEqual(['low', 'tech-touch'])
    expect(source.version()).not.toBe(before)

    await writeFile(file, '{ "tiers": [ broken')
    await vi.waitFor(() => expect(onError).toHaveBeenCalled(), { timeout: 5000 })
    expect(onError.mock.calls[0]![0].message).toContain('not valid JSON')
    expect(source.current().tiers.map((tier) => tier.id)).toEqual(['low', 'tech-touch'])
  })

  it('keeps the warnings of the current content (events nothing is known to send)', async () => {
    await writeFile(file, JSON.stringify({ checklists: [{ id: 'c', title: 'T', items: [{ id: 'i', title: 'x', doneWhen: { event: 'Client Added' } }] }] }))
    // The watcher must not take the change before reload() does (it did under load, and reload() then saw nothing new).
    source = await watchContentFile(file, { debounceMs: 60_000 })
    expect(source.warnings().map((w) => w.event)).toEqual(['Client Added'])
    await writeFile(file, JSON.stringify({ checklists: [{ id: 'c', title: 'T', items: [{ id: 'i', title: 'x', doneWhen: { event: 'Tour Completed' } }] }] }))
    expect(await source.reload()).toBe(true)
    expect(source.warnings()).toEqual([])
  })
})
