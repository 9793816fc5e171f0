import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { publicFiles } from '../node'

describe('--public folder', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'goyo-public-'))
    await mkdir(join(dir, 'site'))
    await writeFile(join(dir, 'site', 'index.html'), '<!doctype html><title>app</title>')
    await writeFile(join(dir, 'site', 'app.js'), 'console.log(1)')
    await writeFile(join(dir, 'secret.txt'), 'outside')
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('serves files, falls back to index.html for app routes, and never leaves the folder', async () => {
    const store = await storeCases[0]!.open()
    try {
      const api = inProcessCollector(store, { publicFiles: publicFiles(join(dir, 'site')) })
      const js = await api.request('/app.js')
      expect(js.headers.get('content-type')).toContain('text/javascript')
      expect(await js.text()).toBe('console.log(1)')
      const route = await api.request('/invoices/new')
      expect(await route.text()).toContain('<title>app</title>')
      for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
        const res = await api.request(path)
        expect(await res.text(), path).not.toContain('outside')
      }
      // The collector's own paths are not shadowed by the folder.
      expect((await api.request('/v1/reports/overview')).status).toBe(401)
      expect((await api.request('/healthz')).status).toBe(200)
      expect((await api.request('/missing.js')).status).toBe(404)
    } finally {
      await store.close()
    }
  })
})
