/**
 * The reports' one stylesheet, inline (the Content-Security-Policy allows it by its hash, nothing else). Colours meet
 * WCAG AA (4.5:1 for text) on their backgrounds; every colour repeats what a word or symbol already says.
 */
export const REPORT_CSS = `
:root { --ink: #1b1f24; --muted: #4d5661; --line: #c9d1d9; --paper: #ffffff; --band: #f3f5f7; --link: #0a53be;
  --ok-bg: #dcf2e1; --ok-ink: #0b4a1d; --open-bg: #fde4e2; --open-ink: #86170f; --block-bg: #e4e7eb; --block-ink: #23292f;
  --warn-bg: #fff1cc; --warn-ink: #5c3d00; --bar: #1f6f3f; --bar-track: #d5dbe1; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--paper); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 20px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 32px 0 8px; padding-top: 8px; border-top: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 20px 0 6px; }
p, li { overflow-wrap: anywhere; }
a { color: var(--link); }
a:focus-visible, .scroll:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.lede { color: var(--muted); margin: 0 0 12px; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; margin: 8px 0 0; list-style: none; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 12px 0; }
dl.facts div { background: var(--band); border-radius: 6px; padding: 8px 10px; }
dl.facts dt { font-size: .8rem; color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.scroll { max-width: 100%; overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0; caption-side: top; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
tbody th[scope="row"] { min-width: 10rem; max-width: 22rem; overflow-wrap: anywhere; }
thead th { background: var(--band); }
tbody th { font-weight: 600; }
td ul { margin: 0; padding-left: 18px; }
td li { overflow-wrap: normal; }
.id, code { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: .8rem; }
.id { display: block; color: var(--muted); }
table.wide { min-width: 760px; }
.heat { width: auto; font-size: .75rem; }
.heat th, .heat td { padding: 2px 4px; }
.heat td { text-align: center; }
.heat td span { display: block; white-space: nowrap; }
.heat thead th { text-align: center; }
.heat tbody th { min-width: 10rem; max-width: 15rem; }
.rule { white-space: nowrap; }
.skip { position: absolute; left: -10000px; top: 0; }
.skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 4px 8px; z-index: 1; }
.v-ok { background: var(--ok-bg); color: var(--ok-ink); }
.v-open { background: var(--open-bg); color: var(--open-ink); font-weight: 600; }
.v-block { background: var(--block-bg); color: var(--block-ink); }
.v-warn { background: var(--warn-bg); color: var(--warn-ink); }
.sev { font-weight: 600; white-space: nowrap; }
.sev-error, .status-bad { color: var(--open-ink); }
.sev-warning, .status-warn { color: var(--warn-ink); }
.status-good { color: var(--ok-ink); }
.callout { border-left: 4px solid var(--line); background: var(--band); padding: 8px 12px; margin: 8px 0; }
.callout.bad { border-color: var(--open-ink); background: var(--open-bg); }
.callout.good { border-color: var(--ok-ink); background: var(--ok-bg); }
.callout.warn { border-color: var(--warn-ink); background: var(--warn-bg); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 12px; padding: 0; list-style: none; font-size: .85rem; }
.legend li span { display: inline-block; padding: 0 6px; border-radius: 4px; }
.bar { display: block; width: 100%; max-width: 220px; height: 10px; margin-top: 2px; }
.bar .track { fill: var(--bar-track); }
.bar .fill { fill: var(--bar); }
.num { white-space: nowrap; }
footer { color: var(--muted); font-size: .85rem; padding: 24px 16px; }
@media (max-width: 600px) {
  body { font-size: 14px; }
  th, td { padding: 3px 5px; }
  .heat tbody th { min-width: 7rem; }
}
@media print {
  body { font-size: 10pt; }
  nav, .skip { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; border-top: 0; }
  tr, .callout { break-inside: avoid; }
  .scroll { overflow: visible; }
  .v-ok, .v-open, .v-block, .v-warn, .bar .fill, .bar .track, .callout { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
