import { describe, expect, it } from 'vitest'
import { basicUsername, bearerToken, constantTimeEqual } from './auth'

describe('auth helpers', () => {
  it('compares keys exactly, whatever their lengths', () => {
    expect(constantTimeEqual('wk_abc', 'wk_abc')).toBe(true)
    expect(constantTimeEqual('wk_abd', 'wk_abc')).toBe(false)
    expect(constantTimeEqual('wk_ab', 'wk_abc')).toBe(false)
    expect(constantTimeEqual('wk_abcd', 'wk_abc')).toBe(false)
    expect(constantTimeEqual('', 'wk_abc')).toBe(false)
  })

  it('reads the Basic username with or without the colon, and rejects junk', () => {
    expect(basicUsername(`Basic ${btoa('wk_1:')}`)).toBe('wk_1')
    expect(basicUsername(`basic ${btoa('wk_1')}`)).toBe('wk_1')
    expect(basicUsername('Basic %%%')).toBeNull()
    expect(basicUsername('Bearer x')).toBeNull()
    expect(bearerToken('Bearer sk_1')).toBe('sk_1')
    expect(bearerToken('Bearer ')).toBeNull()
  })
})
