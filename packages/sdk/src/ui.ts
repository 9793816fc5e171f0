/**
 * @module
 * The lazy UI chunk (`goyo-ui.js`): Preact and the widgets. goyo.js loads it only when the
 * content answer has something to show; it registers the `ui` plugin through the one seam,
 * `window.goyo.__ext`.
 */
import { createUiPlugin } from './ui/plugin'

;(window as unknown as { goyo?: { __ext?: { use(plugin: ReturnType<typeof createUiPlugin>): void } } }).goyo?.__ext?.use(createUiPlugin())
