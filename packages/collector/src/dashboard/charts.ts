import { html, raw } from 'hono/html'

/**
 * Inline SVG charts, rendered on the server: no script, no CDN, and every value escaped by `html`.
 * Each chart is an `role="img"` with a label; the numbers behind it always follow in a table. A
 * chart without data says why (`empty`) instead of drawing empty axes. Words and number formats
 * come from the page, in its language.
 */

export type Html = ReturnType<typeof html>

export interface Series {
  label: string
  color: string
  points: Array<{ x: string; y: number | null }>
}

/** Default width: a full-width card at 1280 px, drawn 1:1 so that text keeps its size. */
const DEFAULT_WIDTH = 880
const FONT = raw('font-size="11" fill="#475569"')
const plain = (value: number) => String(Math.round(value * 100) / 100 + 0)

/** Rounds a maximum up to a readable axis end (1, 2, 2.5, 5 × 10^n). */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power
  return 10 * power
}

/** The figure a chart without data becomes: its title and the reason. */
export const emptyChart = (title: string, reason: string): Html =>
  html`<figure class="chart"><p class="chart__empty" role="note"><b>${title}</b><br>${reason}</p></figure>`

/**
 * An axis range around the data that does not start at zero (rates near 100 %): the data's low
 * and high ends rounded out to a nice step, so a line of 95–108 % is not flattened on 0–200 %.
 */
export function fitRange(values: readonly number[]): { min: number; max: number } {
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  const step = niceMax((hi - lo) / 4 || Math.abs(hi) / 10 || 1)
  const min = Math.floor(lo / step) * step
  const max = Math.ceil(hi / step) * step
  return max > min ? { min, max } : { min: min - step, max: max + step }
}

/** About how wide a text is at `size` px: CJK characters are square, Latin ones a little over half as wide. */
export function textWidth(text: string, size: number): number {
  let units = 0
  for (const ch of text) units += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 1 : 0.58
  return units * size
}

/** The text, cut with an ellipsis to fit `width` px at `size` px. */
export function fitText(text: string, width: number, size: number): string {
  if (textWidth(text, size) <= width) return text
  let cut = text
  while (cut.length > 1 && textWidth(`${cut}…`, size) > width) cut = cut.slice(0, -1)
  return `${cut}…`
}

/**
 * The anchor of an x label at `x`: labels near an edge are anchored on that edge so that the
 * first and last are never clipped.
 */
const anchorAt = (x: number, width: number) => (x > width - 40 ? 'end' : x < 40 ? 'start' : 'middle')

/**
 * A line chart of series sharing one x axis. The y axis fits the data: from `min` (default: 0,
 * or the data's negative floor) to `max` (default: the data's nice maximum), so NPS runs −100…100.
 */
export function lineChart(options: { width?: number; title: string; series: Series[]; empty: string; format?: (v: number) => string; min?: number; max?: number; height?: number; fit?: boolean }): Html {
  const values = options.series.flatMap((s) => s.points.map((p) => p.y).filter((y): y is number => y !== null && Number.isFinite(y)))
  if (values.length === 0) return emptyChart(options.title, options.empty)
  const W = options.width ?? DEFAULT_WIDTH
  const format = options.format ?? plain
  const height = options.height ?? 220
  const left = 68
  const right = 16
  const top = 12
  const bottom = 28
  const xs = options.series[0]?.points.map((p) => p.x) ?? []
  const lowest = Math.min(0, ...values)
  const fitted = options.fit ? fitRange(values) : null
  const min = options.min ?? fitted?.min ?? (lowest < 0 ? -niceMax(-lowest) : 0)
  const max = options.max ?? fitted?.max ?? niceMax(Math.max(0, ...values))
  const plotW = W - left - right
  const plotH = height - top - bottom
  const x = (i: number) => left + (xs.length <= 1 ? plotW / 2 : (i * plotW) / (xs.length - 1))
  const y = (v: number) => top + plotH - ((Math.max(min, Math.min(v, max)) - min) / (max - min)) * plotH
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => min + t * (max - min))
  const labelEvery = Math.max(1, Math.ceil(xs.length / 6))
  // The last label always shows; a regular one too close before it gives way.
  const labelled = (i: number) => i === xs.length - 1 || (i % labelEvery === 0 && xs.length - 1 - i >= labelEvery * 0.75)
  const paths = options.series.map((s) => {
    let d = ''
    let pen = false
    s.points.forEach((p, i) => {
      if (p.y === null || !Number.isFinite(p.y)) return void (pen = false)
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.y).toFixed(1)}`
      pen = true
    })
    // A lone point has no segment to draw: a dot shows it.
    const dots = s.points.filter((p, i) => p.y !== null && (s.points[i - 1]?.y ?? null) === null && (s.points[i + 1]?.y ?? null) === null)
    return html`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>${dots.map((p) => html`<circle cx="${x(s.points.indexOf(p)).toFixed(1)}" cy="${y(p.y!).toFixed(1)}" r="3" fill="${s.color}"/>`)}`
  })
  return html`<figure class="chart">
  <svg viewBox="0 0 ${W} ${height}" width="${W}" role="img" aria-label="${options.title}" class="chart__svg">
    <title>${options.title}</title>
    ${ticks.map((t) => html`<line x1="${left}" x2="${W - right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${t === 0 && min < 0 ? '#94a3b8' : '#e2e8f0'}"/><text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" ${FONT}>${format(t)}</text>`)}
    ${xs.map((label, i) => (labelled(i) ? html`<text x="${x(i).toFixed(1)}" y="${height - 8}" text-anchor="${anchorAt(x(i), W)}" ${FONT}>${label}</text>` : ''))}
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
  empty: string
  format?: (v: number) => string
  max?: number
}): Html {
  if (options.bars.length === 0 || options.bars.every((bar) => bar.value === null)) return emptyChart(options.title, options.empty)
  const W = options.width ?? DEFAULT_WIDTH
  const format = options.format ?? plain
  const row = 26
  const labelW = Math.min(200, Math.round(W * 0.36))
  const valueW = Math.min(130, Math.round(W * 0.24))
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
      <text x="${labelW - 8}" y="${yTop + 16}" text-anchor="end" font-size="12" fill="#334155">${fitText(bar.label, labelW - 12, 12)}<title>${bar.label}</title></text>
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
  rows: Array<{ label: string; parts: Array<{ key: string; label: string; value: number; color: string }> }>
  empty: string
  format?: (v: number) => string
}): Html {
  const total = (parts: Array<{ value: number }>) => parts.reduce((sum, p) => sum + p.value, 0)
  if (options.rows.every((r) => total(r.parts) === 0)) return emptyChart(options.title, options.empty)
  const W = options.width ?? DEFAULT_WIDTH
  const format = options.format ?? plain
  const row = 30
  const labelW = Math.min(140, Math.round(W * 0.26))
  const totalW = 56
  const height = options.rows.length * row + 8
  const plotW = W - labelW - totalW
  const max = Math.max(1, ...options.rows.map((r) => total(r.parts)))
  const keys = new Map<string, { label: string; color: string }>()
  for (const r of options.rows) for (const p of r.parts) keys.set(p.key, { label: p.label, color: p.color })
  return html`<figure class="chart">
  <svg viewBox="0 0 ${W} ${height}" width="${W}" role="img" aria-label="${options.title}" class="chart__svg">
    <title>${options.title}</title>
    ${options.rows.map((r, i) => {
      const yTop = 4 + i * row
      let offset = labelW
      return html`<g>
      <text x="${labelW - 8}" y="${yTop + 18}" text-anchor="end" font-size="12" fill="#334155">${fitText(r.label, labelW - 12, 12)}<title>${r.label}</title></text>
      ${r.parts.map((p) => {
        const width = (p.value / max) * plotW
        const x = offset
        offset += width
        return width > 0
          ? html`<rect x="${x.toFixed(1)}" y="${yTop + 4}" width="${width.toFixed(1)}" height="20" fill="${safeColor(p.color)}"><title>${p.label}: ${format(p.value)}</title></rect>${width > 24 ? html`<text x="${(x + width / 2).toFixed(1)}" y="${yTop + 18}" text-anchor="middle" font-size="11" fill="#fff">${format(p.value)}</text>` : ''}`
          : ''
      })}
      <text x="${offset + 8}" y="${yTop + 18}" font-size="12" fill="#0f172a">${format(total(r.parts))}</text>
    </g>`
    })}
  </svg>
  ${legend([...keys.values()])}
</figure>`
}

/** Vertical columns over ordered categories: TTV buckets, breadth. */
export function columnChart(options: { width?: number; title: string; columns: Array<{ label: string; value: number | null; color?: string }>; empty: string; format?: (v: number) => string }): Html {
  if (options.columns.every((c) => !c.value)) return emptyChart(options.title, options.empty)
  const W = options.width ?? DEFAULT_WIDTH
  const format = options.format ?? plain
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
      <text x="${cx.toFixed(1)}" y="${height - 10}" text-anchor="middle" ${FONT}>${fitText(col.label, slot - 4, 11)}<title>${col.label}</title></text>
    </g>`
    })}
  </svg>
</figure>`
}

export function legend(items: Array<{ label: string; color: string }>): Html {
  return html`<figcaption class="legend">${items.map((item) => html`<span class="legend__item"><i style="background:${safeColor(item.color)}"></i>${item.label}</span>`)}</figcaption>`
}

/** Colours come from this module's palette; anything else falls back to grey. */
const safeColor = (color: string) => (/^#[0-9a-f]{3,8}$/i.test(color) ? color : '#94a3b8')
