import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isUnavailable, StoreUnavailableError } from './errors'
import { openPglite } from './pglite'
import { startPgliteThread, type PgliteThread } from './pglite-thread'
import type { SqlClient } from './sql'

const FIXTURE = new URL('./pglite-thread.fixture.mjs', import.meta.url)
const fixture = (dataDir?: string) => startPgliteThread({ dataDir, postgresqlconf: [], script: FIXTURE, restartSpacingMs: 0 })
const rowsOf = async (thread: PgliteThread, text: string) => (await thread.call({ op: 'query', text })).rows

describe('the embedded store thread, when it fails', () => {
  it('passes a statement error through with its code: not an unavailable store', async () => {
    const thread = await fixture()
    const error = await thread.call({ op: 'query', text: 'fail' }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: '42601', message: 'syntax error' })
    expect(isUnavailable(error)).toBe(false)
    expect(await rowsOf(thread, 'select')).toHaveLength(1)
    await thread.close()
  })

  it('answers requests in flight with StoreUnavailableError when the thread crashes, and the process lives on', async () => {
    const thread = await fixture()
    const waiting = thread.call({ op: 'query', text: 'hang' })
    const crashed = thread.call({ op: 'query', text: 'crash' })
    await expect(crashed).rejects.toBeInstanceOf(StoreUnavailableError)
    await expect(waiting).rejects.toBeInstanceOf(StoreUnavailableError)
    await thread.close()
  })

  it('keeps an in-memory store unavailable after a crash: its data went with the thread', async () => {
    const thread = await fixture()
    await expect(thread.call({ op: 'query', text: 'exit' })).rejects.toBeInstanceOf(StoreUnavailableError)
    await expect(rowsOf(thread, 'select')).rejects.toBeInstanceOf(StoreUnavailableError)
    await thread.close()
  })

  it('starts a new thread on the same folder at the next request, and fails transactions of the old one', async () => {
    const thread = await fixture('/data')
    const begun = await thread.call({ op: 'begin' })
    const tx = { id: begun.tx!, generation: begun.generation! }
    await expect(thread.call({ op: 'query', text: 'exit' })).rejects.toBeInstanceOf(StoreUnavailableError)
    expect(await rowsOf(thread, 'select')).toEqual([{ dataDir: '/data', params: [], tx: null }])
    expect(thread.generation).toBe(tx.generation + 1)
    await expect(thread.call({ op: 'query', text: 'select', tx })).rejects.toBeInstanceOf(StoreUnavailableError)
    await thread.close()
  })

  it('is unavailable once closed', async () => {
    const thread = await fixture('/data')
    await thread.close()
    await expect(rowsOf(thread, 'select')).rejects.toBeInstanceOf(StoreUnavailableError)
  })

  it('refuses a parameter that cannot cross threads, and goes on answering', async () => {
    const thread = await fixture()
    await expect(thread.call({ op: 'query', text: 'select', params: [() => 1] })).rejects.toThrow()
    expect(await rowsOf(thread, 'select')).toHaveLength(1)
    await thread.close()
  })
})

describe('the embedded store on its thread', () => {
  let sql: SqlClient
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'goyo-thread-'))
    sql = await openPglite(dir)
    await sql.exec('CREATE TABLE t (id int PRIMARY KEY, doc jsonb, raw json)')
  })
  afterAll(async () => {
    await sql.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps a statement error’s SQLSTATE and detail', async () => {
    await sql.query('INSERT INTO t (id) VALUES (1)')
    const error = await sql.query('INSERT INTO t (id) VALUES (1)').catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: '23505' })
    expect(isUnavailable(error)).toBe(false)
  })

  it('commits a transaction, and rolls one back when its function throws', async () => {
    await sql.transaction((tx) => tx.query('INSERT INTO t (id) VALUES (2)'))
    await expect(sql.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES (3)')
      throw new Error('changed my mind')
    })).rejects.toThrow('changed my mind')
    const rows = await sql.query<{ id: number }>('SELECT id FROM t WHERE id IN (2, 3) ORDER BY id')
    expect(rows.map((row) => row.id)).toEqual([2])
  })

  it('takes json and jsonb parameters as UTF-8 bytes', async () => {
    const text = JSON.stringify([{ id: 4, doc: { name: 'Zoë ✓' } }])
    await sql.query(`INSERT INTO t (id, doc, raw) SELECT id, doc, $2::json FROM jsonb_to_recordset($1::jsonb) AS r(id int, doc jsonb)`, [Buffer.from(text), Buffer.from(text)])
    const [row] = await sql.query<{ doc: { name: string }; raw: unknown }>('SELECT doc, raw FROM t WHERE id = 4')
    expect(row).toEqual({ doc: { name: 'Zoë ✓' }, raw: [{ id: 4, doc: { name: 'Zoë ✓' } }] })
  })

  it('rolls back a transaction still open when it closes, instead of waiting for it forever', async () => {
    const folder = mkdtempSync(join(os.tmpdir(), 'goyo-thread-'))
    try {
      const other = await openPglite(folder)
      await other.exec('CREATE TABLE u (id int)')
      let inside!: () => void
      let release!: () => void
      const entered = new Promise<void>((resolve) => (inside = resolve))
      const closed = new Promise<void>((resolve) => (release = resolve))
      const open = other.transaction(async (tx) => {
        await tx.query('INSERT INTO u VALUES (1)')
        inside()
        await closed
        await tx.query('INSERT INTO u VALUES (2)')
      })
      open.catch(() => {})
      await entered
      await other.close()
      release()
      await expect(open).rejects.toBeInstanceOf(StoreUnavailableError)
      const again = await openPglite(folder)
      expect(await again.query('SELECT count(*)::int AS n FROM u')).toEqual([{ n: 0 }])
      await again.close()
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  it('lets statements already sent finish when it closes, then is unavailable', async () => {
    const other = await openPglite()
    const slow = other.query<{ done: number }>('SELECT 1 AS done FROM pg_sleep(0.2)')
    await other.close()
    expect(await slow).toEqual([{ done: 1 }])
    await expect(other.query('SELECT 1')).rejects.toBeInstanceOf(StoreUnavailableError)
  })
})
