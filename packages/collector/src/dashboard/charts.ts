import { html, raw } from 'hono/html'

/**
 * Inline SVG charts, rendered on the server: no script, no CDN, and every value escaped by `html`.
 * Each chart is an `role="img"` with a label; the numbers behind it always follow in a table.
 */

export type Html = ReturnType<typeof html>

export interface Series {
  label: string
  color: string
  points: Array<{ x: string; y: number | null }>
}

/** Default width: a full-width card at 1280 px, drawn 1:1 so that text keeps its size. */
const DEFAULT_WIDTH = 880
const FONT = raw('font-size="11" fill="#64748b"')
const fmt = (value: number, format: (v: number) => string) => format(value)

/** Rounds a maximum up to a readable axis end (1, 2, 2.5, 5 × 10^n). */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power
  return 10 * power
}

/** A line chart of daily (or weekly) series sharing one x axis. */
export function lineChart(options: { width?: number; title: string; series: Series[]; format?: (v: number) => string; max?: number; height?: number }): Html {
  const W = options.width ?? DEFAULT_WIDTH
  const format = options.format ?? ((v: number) => String(Math.round(v * 100) / 100))
  const height = options.height ?? 220
  const left = 48
  const right = 12
  const top = 12
  const bottom = 28
  const xs = options.series[0]?.points.map((p) => p.x) ?? []
  const values = options.series.flatMap((s) => s.points.map((p) => p.y).filter((y): y is number => y !== null))
  const max = options.max ?? niceMax(Math.max(0, ...values))
  const plotW = W - left - right
  const plotH = height - top - bottom
  const x = (i: number) => left + (xs.length <= 1 ? plotW / 2 : (i * plotW) / (xs.length - 1))
  const y = (v: number) => top + plotH - (Math.min(v, max) / max) * plotH
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * max)
  const labelEvery = Math.max(1, Math.ceil(xs.length / 6))
  const paths = options.series.map((s) => {
    let d = ''
    let pen = false
    s.points.forEach((p, i) => {
      if (p.y === null) return void (pen = false)
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.y).toFixed(1)}`
      pen = true
    })
    return html`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`
  })
  return html`<figure class="chart">
  <svg viewBox="0 0 ${W} ${height}" width="${W}" role="img" aria-label="${options.title}" class="chart__svg">
    <title>${options.title}</title>
    ${ticks.map((t) => html`<line x1="${left}" x2="${W - right}" y1="${y(t)}" y2="${y(t)}" stroke="#e2e8f0"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" ${FONT}>${fmt(t, format)}</text>`)}
    ${xs.map((label, i) => (i % labelEvery === 0 || i === xs.length - 1 ? html`<text x="${x(i)}" y="${height - 8}" text-anchor="middle" ${FONT}>${label}</text>` : ''))}
    ${paths}
  </svg>
  ${legend(options.series)}
</figure>`
}

/** Horizontal bars, one per row: adoption per feature, funnels, distributions. */
export function barChart(options: {
  width?: number
  title: string
  bars: Array<{ label: string; value: number | null; color?: string; note?: string }>
  format?: (v: number) => string
  max?: number
}): Html {
  const W = options.width ?? DEFAULT_WIDTH
  const format = options.format ?? ((v: number) => v.toLocaleString('en'))
  const row = 26
  const labelW = Math.min(190, Math.round(W * 0.34))
  const valueW = Math.min(110, Math.round(W * 0.2))
  const height = options.bars.length * row + 8
  const max = options.max ?? niceMax(Math.max(0, ...options.bars.map((b) => b.value ?? 0)))
  const plotW = W - labelW - valueW
  return html`<figure class="chart">
  <svg viewBox="0 0 ${W} ${height}" width="${W}" role="img" aria-label="${options.title}" class="chart__svg">
    <title>${options.title}</title>
    ${options.bars.map((bar, i) => {
      const width = bar.value === null ? 0 : Math.max(bar.value > 0 ? 2 : 0, (Math.min(bar.value, max) / max) * plotW)
      const yTop = 4 + i * row
      return html`<g>
      <text x="${labelW - 8}" y="${yTop + 16}" text-anchor="end" font-size="12" fill="#334155">${truncate(bar.label, 28)}</text>
      <rect x="${labelW}" y="${yTop + 4}" width="${plotW}" height="16" rx="3" fill="#f1f5f9"/>
      <rect x="${labelW}" y="${yTop + 4}" width="${width.toFixed(1)}" height="16" rx="3" fill="${bar.color ?? '#0f766e'}"/>
      <text x="${labelW + plotW + 8}" y="${yTop + 16}" font-size="12" fill="#0f172a">${bar.value === null ? '–' : format(bar.value)}${bar.note ? ` ${bar.note}` : ''}</text>
    </g>`
    })}
  </svg>
</figure>`
}

/** Horizontal stacked bars: accounts by tier × band, NPS mix. */
export function stackedBars(options: {
  width?: number
  title: string
  rows: Array<{ label: string; parts: Array<{ key: string; value: number; color: string }> }>
}): Html {
  const W = options.width ?? DEFAULT_WIDTH
  const row = 30
  const labelW = Math.min(130, Math.round(W * 0.24))
  const totalW = 50
  const height = options.rows.length * row + 8
  const plotW = W - labelW - totalW
  const max = Math.max(1, ...options.rows.map((r) => r.parts.reduce((sum, p) => sum + p.value, 0)))
  const keys = new Map<string, string>()
  for (const r of options.rows) for (const p of r.parts) keys.set(p.key, p.color)
  return html`<figure class="chart">
  <svg viewBox="0 0 ${W} ${height}" width="${W}" role="img" aria-label="${options.title}" class="chart__svg">
    <title>${options.title}</title>
    ${options.rows.map((r, i) => {
      const yTop = 4 + i * row
      let offset = labelW
      const total = r.parts.reduce((sum, p) => sum + p.value, 0)
      return html`<g>
      <text x="${labelW - 8}" y="${yTop + 18}" text-anchor="end" font-size="12" fill="#334155">${truncate(r.label, 18)}</text>
      ${r.parts.map((p) => {
        const width = (p.value / max) * plotW
        const x = offset
        offset += width
        return width > 0
          ? html`<rect x="${x.toFixed(1)}" y="${yTop + 4}" width="${width.toFixed(1)}" height="20" fill="${p.color}"><title>${p.key}: ${p.value}</title></rect>${width > 24 ? html`<text x="${(x + width / 2).toFixed(1)}" y="${yTop + 18}" text-anchor="middle" font-size="11" fill="#fff">${p.value}</text>` : ''}`
          : ''
      })}
      <text x="${offset + 8}" y="${yTop + 18}" font-size="12" fill="#0f172a">${total}</text>
    </g>`
    })}
  </svg>
  ${legend([...keys].map(([label, color]) => ({ label, color })))}
</figure>`
}

/** Vertical columns over ordered categories: TTV buckets, NPS answers per week. */
export function columnChart(options: { width?: number; title: string; columns: Array<{ label: string; value: number | null; color?: string }>; format?: (v: number) => string }): Html {
  const W = options.width ?? DEFAULT_WIDTH
  const format = options.format ?? ((v: number) => v.toLocaleString('en'))
  const height = 220
  const top = 20
  const bottom = 30
  const plotH = height - top - bottom
  const slot = (W - 20) / Math.max(1, options.columns.length)
  const barW = Math.min(56, slot * 0.7)
  const max = niceMax(Math.max(0, ...options.columns.map((c) => c.value ?? 0)))
  return html`<figure class="chart">
  <svg viewBox="0 0 ${W} ${height}" width="${W}" role="img" aria-label="${options.title}" class="chart__svg">
    <title>${options.title}</title>
    <line x1="10" x2="${W - 10}" y1="${top + plotH}" y2="${top + plotH}" stroke="#cbd5e1"/>
    ${options.columns.map((col, i) => {
      const h = col.value === null ? 0 : (col.value / max) * plotH
      const cx = 10 + slot * i + slot / 2
      return html`<g>
      <rect x="${(cx - barW / 2).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" rx="3" fill="${col.color ?? '#0f766e'}"/>
      <text x="${cx.toFixed(1)}" y="${(top + plotH - h - 5).toFixed(1)}" text-anchor="middle" font-size="11" fill="#0f172a">${col.value === null ? '–' : format(col.value)}</text>
      <text x="${cx.toFixed(1)}" y="${height - 10}" text-anchor="middle" ${FONT}>${truncate(col.label, 14)}</text>
    </g>`
    })}
  </svg>
</figure>`
}

function legend(items: Array<{ label: string; color: string }>): Html {
  return html`<figcaption class="legend">${items.map((item) => html`<span class="legend__item"><i style="background:${safeColor(item.color)}"></i>${item.label}</span>`)}</figcaption>`
}

/** Colours come from this module's palette; anything else falls back to grey. */
const safeColor = (color: string) => (/^#[0-9a-f]{3,8}$/i.test(color) ? color : '#94a3b8')

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)
