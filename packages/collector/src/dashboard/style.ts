/**
 * The dashboard's one stylesheet, inlined in every page (the CSP allows no other). The shell's
 * content column is `minmax(0, 1fr)` and every card may shrink, so a wide table scrolls inside its
 * own card (its first column stays in view) instead of widening the page at 1024 or 1280 px.
 */
export const CSS = `
:root{--ink:#0f172a;--muted:#475569;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--accent:#0f766e;--red:#b91c1c;--yellow:#b45309;--green:#15803d}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;color:var(--ink);background:var(--bg)}
:lang(ja){word-break:auto-phrase;line-break:strict}
a{color:var(--accent)}a:hover{text-decoration:underline}
.shell{display:grid;grid-template-columns:220px minmax(0,1fr);min-height:100vh;background:linear-gradient(to right,#0f172a 220px,transparent 220px)}
.nav{background:#0f172a;color:#cbd5e1;padding:20px 12px;position:sticky;top:0;height:100vh;overflow-y:auto}
.nav__brand{display:flex;align-items:center;gap:8px;color:#fff;font-weight:700;font-size:18px;padding:0 10px 18px;margin:0}
.nav__brand span{display:inline-grid;place-items:center;width:26px;height:26px;border-radius:7px;background:var(--accent);font-size:14px;color:#fff}
.nav__brand--light{color:var(--ink);padding:0 0 12px}
.nav a{display:block;color:#cbd5e1;padding:7px 10px;border-radius:6px;margin:2px 0;text-decoration:none}
.nav a:hover{background:#1e293b}
.nav a[aria-current=page]{background:#134e4a;color:#fff;font-weight:600}
.nav form{margin-top:10px;padding:0 10px}
.nav button{background:none;border:1px solid #475569;color:#e2e8f0;border-radius:6px;padding:6px 10px;cursor:pointer;font:inherit;font-size:13px}
.lang{display:flex;gap:6px;flex-wrap:wrap;margin:18px 10px 6px;font-size:13px}
.lang a,.lang span{display:inline-block;padding:3px 8px;border-radius:6px;margin:0;border:1px solid #475569}
.lang span{background:#134e4a;color:#fff}
.login .lang a,.login .lang span{color:var(--accent);border-color:var(--line)}.login .lang span{color:#fff;background:var(--accent)}
main{padding:28px 32px;max-width:1180px;width:100%;min-width:0}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 12px}h3{font-size:14px;margin:16px 0 8px}
.sub{color:var(--muted);margin:0 0 20px}.intro{max-width:80ch}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 20px;min-width:0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:20px;margin:0 0 20px}
.grid>*{margin:0;min-width:0}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0 0 20px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;min-width:0}
.kpi[title]{cursor:help}
.kpi b{display:block;font-size:24px;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}.kpi small{display:block;color:var(--muted)}
.chart{margin:0 0 8px}.chart__svg{max-width:100%;height:auto;display:block}
.chart__empty{color:var(--muted);background:var(--bg);border:1px dashed var(--line);border-radius:8px;padding:18px;margin:0 0 8px}
.legend{display:flex;flex-wrap:wrap;gap:14px;color:var(--muted);font-size:12px;margin-top:6px}
.legend__item i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px}
details.numbers{margin-top:8px}details>summary{cursor:pointer;color:var(--muted);font-size:13px}
details.definitions{margin:0 0 20px;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 16px}
details.definitions dl{margin:10px 0 0;display:grid;grid-template-columns:minmax(120px,max-content) 1fr;gap:6px 16px}
details.definitions dt{font-weight:600}details.definitions dd{margin:0;color:var(--muted)}
.tablewrap{overflow-x:auto;max-width:100%;border:1px solid var(--line);border-radius:8px}
table{border-collapse:separate;border-spacing:0;width:100%;font-variant-numeric:tabular-nums;font-size:13px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top;white-space:nowrap;background:var(--card)}
tr:last-child>td{border-bottom:0}
th:first-child,td:first-child{position:sticky;left:0;z-index:1;box-shadow:1px 0 0 var(--line)}
td.long{white-space:normal;min-width:180px;max-width:420px}
th{color:var(--muted);font-weight:600;font-size:12px;background:#f1f5f9}
th[title]{cursor:help;text-decoration:underline dotted #94a3b8;text-underline-offset:3px}
th a{color:inherit}
td.num,th.num{text-align:right}
ul.reasons{margin:0;padding-left:16px}ul.reasons li{margin:0}
.tablebar{display:flex;justify-content:space-between;align-items:center;margin:8px 0;gap:12px}
.csv{font-size:13px}
.filters{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-start;margin:0 0 20px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:4px}
.filters .field-error{color:var(--red);font-size:12px;max-width:220px}
.filters button{align-self:flex-end;margin-bottom:1px}
input,select{font:inherit;padding:6px 8px;border:1px solid #94a3b8;border-radius:6px;background:#fff;color:var(--ink)}
input[aria-invalid=true]{border-color:var(--red);outline:1px solid var(--red)}
button.primary,a.primary{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:7px 14px;cursor:pointer;text-decoration:none;display:inline-block}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.notice{background:#fffbeb;border:1px solid #fcd34d;border-radius:8px;padding:10px 14px;margin:0 0 20px}
.error{background:#fef2f2;border-color:#fca5a5}
.timeline{list-style:none;padding:0;margin:0}.timeline li{padding:8px 0;border-bottom:1px solid var(--line);display:grid;grid-template-columns:160px 1fr;gap:12px}
.timeline time{color:var(--muted);font-size:12px}
.comments{list-style:none;padding:0;margin:0}.comments li{padding:10px 0;border-bottom:1px solid var(--line)}
.comments blockquote{margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.comments .meta{color:var(--muted);font-size:12px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.tablewrap:focus-visible{outline:2px solid var(--accent)}
.pager{display:flex;gap:12px;margin-top:12px}
.login{max-width:420px;margin:12vh auto;background:#fff;border:1px solid var(--line);border-radius:12px;padding:28px}
.login h1{font-size:20px}.login input{width:100%;margin:6px 0 14px}.login .lang{margin:18px 0 0}
@media (max-width:900px){.shell{grid-template-columns:minmax(0,1fr);background:none}.nav{position:static;height:auto}main{padding:20px}}
`
