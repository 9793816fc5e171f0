#!/usr/bin/env node
// The collector runs from its TypeScript sources through tsx, so a clean clone works right after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
const code = await main(process.argv.slice(2))
if (code !== undefined) process.exitCode = code
