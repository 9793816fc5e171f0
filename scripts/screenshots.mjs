// Regenerates the README's screenshots (docs/screenshots/*.png) in Chromium from the Ledgerly demo:
// a small seeded history, the collector on a temporary embedded store, and a real browser.
//   node scripts/screenshots.mjs        (needs `npm run build`, /usr/bin/chromium and a Japanese font,
//                                        e.g. apt-get install fonts-ipafont-gothic, for the Japanese page)
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const at = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url))
const bin = at('packages/collector/bin/goyo-collector.js')
const content = at('demo/goyo.content.json')
const out = at('docs/screenshots')
const dir = mkdtempSync(join(tmpdir(), 'goyo-shots-'))
const data = join(dir, 'data')
const site = join(dir, 'site')
const run = (args) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' })

let collector
let browser
try {
  const seeded = run(['seed-demo', '--data', data, '--content', content, '--accounts', '80', '--days', '60'])
  if (seeded.status !== 0) throw new Error(`seed-demo failed:\n${seeded.stderr}`)
  const keys = run(['keys', '--data', data]).stdout
  const writeKey = /write key:\s+(\S+)/.exec(keys)[1]
  const secretKey = /secret key:\s+(\S+)/.exec(keys)[1]
  cpSync(at('demo/site'), site, { recursive: true })
  writeFileSync(join(site, 'index.html'), readFileSync(join(site, 'index.html'), 'utf8').replaceAll('%GOYO_WRITE_KEY%', writeKey))

  collector = spawn(process.execPath, [bin, 'start', '--data', data, '--content', content, '--public', site, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] })
  const base = await new Promise((resolve, reject) => {
    let stderr = ''
    const timer = setTimeout(() => reject(new Error(`the collector did not start:\n${stderr}`)), 60_000)
    collector.stderr.on('data', (chunk) => {
      stderr += chunk
      const match = /listening on (http:\/\/\S+)/.exec(stderr)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
  })

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })

  // Tess, at a tech-touch account: the checklist, opened from its launcher.
  await page.goto(`${base}/`)
  const root = page.locator('#goyo-root')
  const launcher = root.locator('.launcher')
  await launcher.waitFor({ timeout: 15_000 })
  if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click()
  await page.waitForTimeout(600)
  await page.screenshot({ path: join(out, 'checklist.png') })

  // Ten new invoices later, the Payroll cross-sell on the next page load.
  for (let i = 0; i < 10; i++) {
    await page.locator('#new-invoice').click()
    await page.goBack()
  }
  await page.waitForTimeout(2500)
  await page.reload()
  await root.getByRole('dialog').waitFor({ timeout: 15_000 })
  await page.waitForTimeout(600)
  await page.screenshot({ path: join(out, 'prompt.png') })

  // The PM dashboard, signed in with the secret key.
  await page.goto(`${base}/dashboard/login`)
  await page.locator('input[type="password"], input[name="key"], input[name="secretKey"]').first().fill(secretKey)
  await page.locator('form button[type="submit"], form input[type="submit"]').first().click()
  await page.waitForLoadState('networkidle')
  await page.setViewportSize({ width: 1280, height: 900 })
  // Each page as a PM first sees it: the overview, who is at risk and why, last month's revenue,
  // and time to value with who has not reached it, in Japanese (the switch, then back).
  const shots = [
    ['/dashboard', 'dashboard.png'],
    ['/dashboard/at-risk', 'dashboard-at-risk.png'],
    ['/dashboard/revenue', 'dashboard-revenue.png'],
    [`/dashboard/language?to=ja&next=${encodeURIComponent('/dashboard/ttv')}`, 'dashboard-ttv-ja.png'],
  ]
  for (const [path, file] of shots) {
    await page.goto(`${base}${path}`)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(out, file), fullPage: false })
  }
  // Further down the same page: who has not reached value past their tier's target.
  const list = await page.locator('#not-reached').boundingBox()
  await page.screenshot({ path: join(out, 'dashboard-not-reached-ja.png'), fullPage: true, clip: { x: 220, y: list.y - 16, width: 1060, height: 620 } })
  await page.goto(`${base}/dashboard/language?to=en&next=/dashboard`)
  process.stderr.write(`screenshots written to ${out}\n`)
} finally {
  await browser?.close()
  collector?.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 1000))
  rmSync(dir, { recursive: true, force: true })
}
