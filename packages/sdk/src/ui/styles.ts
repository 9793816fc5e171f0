/**
 * The widgets' stylesheet, static text applied through a constructable stylesheet in the shadow
 * root. Colours and radius come from `--goyo-*` custom properties, set on the host by the theme.
 * Fixed widgets sit in corners and shrink to the viewport (375 px phones included); a `--flip`
 * modifier moves one to the other side when it would cover the field the user is in. A slideout
 * (or NPS card) shown with the checklist's launcher sits above it, so they never overlap at any
 * width. The banner is in the page's flow (the host element is the body's first child), so it
 * pushes the page down instead of covering its header. A tour step
 * (`.tour`) and the ring around its element (`.spot`) get their coordinates from a second,
 * per-step stylesheet (tour/anchor.ts); a step without an element is centred.
 *
 * Text in any language: the host's `lang` (mount.ts) picks the fonts and the line breaking.
 * Japanese and Chinese wrap between phrases, never inside a word (`word-break: auto-phrase`, where
 * the browser supports it), with the strict rules (no line starting with `。` or a small kana); a
 * long Latin word or URL still wraps rather than overflowing the card. Glyphs a font may lack
 * (emoji, ✓) are not used: the checklist's tick is drawn.
 */
export const CSS = `
:host{all:initial;display:block;--a:var(--goyo-accent,#4f46e5);--t:var(--goyo-text,#1f2937);--b:var(--goyo-background,#fff);--r:var(--goyo-radius,12px);font:14px/1.45 var(--goyo-font,system-ui,sans-serif);color:var(--t);word-break:auto-phrase;line-break:strict;overflow-wrap:anywhere}
*{box-sizing:border-box}
button,a{font:inherit;cursor:pointer}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.card{background:var(--b);color:var(--t);border-radius:var(--r);box-shadow:0 8px 30px #0003;padding:16px;max-width:calc(100vw - 24px)}
.btn{border:0;border-radius:8px;padding:8px 14px;background:var(--a);color:#fff;text-decoration:none;display:inline-block}
.btn--quiet{background:transparent;color:var(--t);text-decoration:underline}
.x{position:absolute;top:8px;right:8px;border:0;background:transparent;color:var(--t);font-size:20px;line-height:1;padding:4px 8px}
h2{font-size:16px;margin:0 28px 6px 0}
p{margin:0 0 12px}
.actions{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
.fixed{position:fixed;z-index:2147483000}
.launcher{bottom:16px;right:16px;border:0;border-radius:999px;padding:10px 16px;background:var(--a);color:#fff;box-shadow:0 4px 14px #0003}
.panel{bottom:72px;right:16px;width:340px;max-height:calc(100vh - 96px);overflow:auto}
.launcher.flip,.panel.flip{right:auto;left:16px}
.items{list-style:none;margin:0 0 8px;padding:0}
.item{display:flex;gap:10px;align-items:flex-start;padding:8px 0;border-top:1px solid #0001}
.tick{flex:none;width:20px;height:20px;border-radius:50%;border:2px solid var(--a);display:grid;place-items:center}
.item[data-done=true] .tick{background:var(--a)}
.item[data-done=true] .tick:after{content:"";width:4px;height:8px;margin-top:-2px;border:solid #fff;border-width:0 2px 2px 0;transform:rotate(45deg)}
.item[data-done=true] .title{text-decoration:line-through;opacity:.7}
.item a{color:var(--a)}
.desc{font-size:13px;opacity:.8}
.party{text-align:center;font-size:16px;padding:12px 0;animation:pop .6s ease-out}
@keyframes pop{0%{transform:scale(.6);opacity:0}60%{transform:scale(1.08);opacity:1}100%{transform:scale(1)}}
.backdrop{inset:0;background:#0006;display:grid;place-items:center;padding:12px}
.modal{position:relative;width:440px}
.slideout{position:fixed;z-index:2147483000;bottom:16px;left:16px;width:360px}
.slideout.flip{left:auto;right:16px}
.launcher~.slideout{bottom:72px}
.banner{position:relative;border-radius:0;max-width:none;display:flex;gap:12px;align-items:center;flex-wrap:wrap;padding:10px 48px 10px 16px}
.banner h2,.banner p{margin:0}
.scale{display:flex;flex-wrap:wrap;gap:4px;margin:8px 0;border:0;padding:0}
.scale button{width:34px;height:34px;border:1px solid #0003;border-radius:6px;background:var(--b);color:var(--t)}
.scale button[aria-checked=true]{background:var(--a);color:#fff}
.ends{display:flex;justify-content:space-between;font-size:12px;opacity:.8}
textarea{width:100%;min-height:60px;font:inherit;margin:4px 0 10px}
label{display:block}
.tour{width:320px}
.tour--center{top:50%;left:50%;transform:translate(-50%,-50%)}
.spot{z-index:2147482999;border-radius:8px;box-shadow:0 0 0 3px var(--a);pointer-events:none}
.progress{font-size:12px;opacity:.8;margin:0 28px 2px 0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`
