import { describe, expect, it } from 'vitest'
import { createPreviewToken, previewLink, PREVIEW_TTL_MS, verifyPreviewToken } from './preview-token'

const SECRET = 'sk_test_secret'
const NOW = Date.parse('2026-06-01T09:00:00Z')
const ITEM = { kind: 'prompts', id: 'payroll-cross-sell' } as const

describe('preview tokens', () => {
  it('are accepted for an hour and name their item', async () => {
    const token = await createPreviewToken(SECRET, ITEM, NOW)
    expect(await verifyPreviewToken(SECRET, token, NOW)).toEqual({ ...ITEM, expiresAt: NOW + PREVIEW_TTL_MS })
    expect(await verifyPreviewToken(SECRET, token, NOW + PREVIEW_TTL_MS - 1)).toMatchObject(ITEM)
  })

  it('are refused once expired, saying when', async () => {
    const token = await createPreviewToken(SECRET, ITEM, NOW)
    expect(await verifyPreviewToken(SECRET, token, NOW + PREVIEW_TTL_MS)).toEqual({
      reason: 'expired',
      message: `the preview link expired at ${new Date(NOW + PREVIEW_TTL_MS).toISOString()}: make a new one`,
    })
  })

  it('are refused when tampered with: another item, a later expiry, a changed signature, another secret', async () => {
    const token = await createPreviewToken(SECRET, ITEM, NOW)
    const [, signature] = token.split('.')
    const forged = (claim: object) => `${Buffer.from(JSON.stringify(claim)).toString('base64url')}.${signature}`
    for (const bad of [
      forged({ k: 'prompts', i: 'other-prompt', e: NOW + PREVIEW_TTL_MS }),
      forged({ k: 'prompts', i: ITEM.id, e: NOW + 100 * PREVIEW_TTL_MS }),
      `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`,
    ]) {
      expect(await verifyPreviewToken(SECRET, bad, NOW), bad).toMatchObject({ reason: 'tampered' })
    }
    expect(await verifyPreviewToken('sk_another_workspace', token, NOW)).toMatchObject({ reason: 'tampered' })
  })

  it('are refused when incomplete or unreadable', async () => {
    const token = await createPreviewToken(SECRET, ITEM, NOW)
    expect(await verifyPreviewToken(SECRET, token.split('.')[0]!, NOW)).toMatchObject({ reason: 'malformed' })
    expect(await verifyPreviewToken(SECRET, `${token}.x`, NOW)).toMatchObject({ reason: 'malformed' })
    expect(await verifyPreviewToken(SECRET, '', NOW)).toMatchObject({ reason: 'malformed' })
  })

  it('go into the page URL, keeping its query and fragment', () => {
    expect(previewLink('https://app.example.com/invoices?tab=all#top', 'abc.def')).toBe('https://app.example.com/invoices?tab=all&goyo_preview=abc.def#top')
  })
})
