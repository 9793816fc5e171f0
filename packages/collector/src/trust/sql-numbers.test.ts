import { describe, expect, it } from 'vitest'
import { storeCases } from '../../../../test/_util/stores'
import { numberFromText } from './sql-numbers'

describe.each(storeCases)('numberFromText on $name', (storeCase) => {
  it('reads decimal text and gives NULL for anything else, never an error', async () => {
    const store = await storeCase.open()
    try {
      const inputs = ['750', '-12.5', '9'.repeat(400), `1${'0'.repeat(15)}`, '1e308', 'abc', '', ' 5', '0x10', 'NaN', 'Infinity']
      const rows = await store.sql.query<{ value: number | null }>(`SELECT ${numberFromText('t')} AS value FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n`, [inputs])
      expect(rows.map((row) => (row.value === null ? null : Number(row.value)))).toEqual([750, -12.5, null, null, null, null, null, null, null, null, null])
    } finally {
      await store.close()
    }
  })
})
