// `npm start`: builds the SDK when it has not been built yet, then runs the collector on the
// embedded store in ./.goyo-data. Arguments after `npm start --` go to `goyo-collector start`.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const sdk = new URL('../packages/sdk/dist/goyo.js', import.meta.url)

if (!existsSync(sdk)) {
  process.stderr.write('Building the SDK (first start only)...\n')
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.stderr.write('The SDK build failed; the collector starts without /sdk/goyo.js.\n')
}

const bin = fileURLToPath(new URL('../packages/collector/bin/goyo-collector.js', import.meta.url))
const child = spawn(process.execPath, [bin, 'start', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
