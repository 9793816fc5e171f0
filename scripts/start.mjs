// `npm start`: the Ledgerly demo and the collector on the embedded store, in one process.
//  1. builds the SDK when it has not been built yet;
//  2. on the first run, seeds a demo history into ./.goyo-data (not again);
//  3. renders the demo site with this install's write key into ./.goyo-data/site;
//  4. starts the collector serving the demo at /, the SDK at /sdk/ and the dashboard at /dashboard.
// PORT is honoured (default 8787). Arguments after `npm start --` go to `goyo-collector start`.
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const at = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url))
const bin = at('packages/collector/bin/goyo-collector.js')
const data = process.env.GOYO_DATA_DIR ?? at('.goyo-data')
const content = at('demo/goyo.content.json')
const site = `${data}/site`
const port = process.env.PORT ?? '8787'
const say = (message) => process.stderr.write(`${message}\n`)
const collector = (args, options = {}) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', ...options })

if (!existsSync(at('packages/sdk/dist/goyo.js')) || !existsSync(at('packages/sdk/dist/goyo-ui.js'))) {
  say('Building the SDK (first start only)...')
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) say('The SDK build failed: the demo will load without Goyo. Run `npm run build` to see why.')
}

if (!existsSync(data)) {
  say('Seeding demo history into .goyo-data (first start only; about a minute)...')
  const seed = collector(['seed-demo', '--data', data, '--content', content], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (seed.status !== 0) say('Seeding failed; the collector starts with an empty store.')
}

const keys = collector(['keys', '--data', data])
const writeKey = /write key:\s+(\S+)/.exec(keys.stdout ?? '')?.[1]
const secretKey = /secret key:\s+(\S+)/.exec(keys.stdout ?? '')?.[1]
if (!writeKey || !secretKey) {
  say(`Could not read the workspace keys:\n${keys.stderr}`)
  process.exit(1)
}

cpSync(at('demo/site'), site, { recursive: true })
const index = `${site}/index.html`
writeFileSync(index, readFileSync(index, 'utf8').replaceAll('%GOYO_WRITE_KEY%', writeKey))

const child = spawn(process.execPath, [bin, 'start', '--data', data, '--content', content, '--public', site, '--port', port, ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'pipe'],
})
child.stderr.on('data', (chunk) => {
  const text = chunk.toString()
  process.stderr.write(text)
  const match = /listening on (http:\/\/\S+)/.exec(text)
  if (!match) return
  const base = match[1].replace('0.0.0.0', 'localhost')
  say(
    [
      '',
      'Goyo is running.',
      `  Demo app (Ledgerly):  ${base}/`,
      `  Dashboard:            ${base}/dashboard   (sign in with the secret key)`,
      `  SDK:                  ${base}/sdk/goyo.js`,
      `  Write key:            ${writeKey}`,
      `  Secret key:           ${secretKey}`,
      'Request logs are off here; run `npx goyo-collector start` for JSON logs on stdout.',
      '',
    ].join('\n'),
  )
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
