// The page's own assets, served by Kehou (no CDN): the stylesheet and the small script that follows a job's
// progress over server-sent events. No inline script or style anywhere (the CSP allows only 'self').
export const CSS = `
:root { --fg:#1b1f24; --muted:#4a5360; --line:#c9d1da; --bg:#ffffff; --soft:#f3f6f9; --accent:#0b5cad; --accent-fg:#ffffff;
  --ok:#1e6b34; --bad:#a4161a; --warn:#7a4b00; font-size: 16px; }
* { box-sizing: border-box; }
body { margin:0; font-family: "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",system-ui,sans-serif;
  color:var(--fg); background:var(--bg); line-height:1.6; }
a { color:var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline:3px solid #f5a623; outline-offset:2px; }
.skip { position:absolute; left:-999px; top:0; } .skip:focus { left:8px; background:#fff; padding:4px 8px; z-index:10; }
header.top { display:flex; flex-wrap:wrap; align-items:center; gap:.5rem 1.5rem; padding:.6rem 1rem; background:var(--accent); color:var(--accent-fg); }
header.top a { color:var(--accent-fg); text-decoration:none; }
header.top .brand { font-weight:700; font-size:1.15rem; }
header.top nav { display:flex; gap:1rem; flex-wrap:wrap; }
main { max-width:1100px; margin:0 auto; padding:1rem; }
footer { max-width:1100px; margin:2rem auto 1rem; padding:0 1rem; color:var(--muted); font-size:.9rem; }
h1 { font-size:1.5rem; margin:.5rem 0 1rem; } h2 { font-size:1.2rem; margin:1.5rem 0 .6rem; border-bottom:2px solid var(--soft); padding-bottom:.2rem; }
h3 { font-size:1.05rem; margin:1rem 0 .4rem; }
.muted { color:var(--muted); }
.card { border:1px solid var(--line); border-radius:8px; padding:1rem; margin:0 0 1rem; background:#fff; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(280px,1fr)); gap:1rem; }
form.inline { display:flex; flex-wrap:wrap; gap:.5rem; align-items:flex-end; }
label { display:block; font-weight:600; margin:.4rem 0 .2rem; }
label.check { display:flex; gap:.4rem; align-items:center; font-weight:400; }
input[type=text], input[type=date], input[type=number], input[type=search], input[type=file], select {
  font:inherit; padding:.45rem .55rem; border:1px solid #8893a0; border-radius:6px; min-height:2.6rem; max-width:100%; background:#fff; color:var(--fg); }
button, .button { font:inherit; display:inline-block; padding:.5rem 1rem; min-height:2.6rem; border-radius:6px; border:1px solid var(--accent);
  background:var(--accent); color:var(--accent-fg); cursor:pointer; text-decoration:none; }
button.secondary, .button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
.field { margin-bottom:.6rem; }
.file-pick { position:relative; display:flex; flex-wrap:wrap; gap:.5rem; align-items:center; }
.file-input { position:absolute; left:0; top:0; width:1px; height:1px; opacity:0; }
.file-input:focus-visible + label { outline:3px solid var(--accent); outline-offset:2px; }
.file-name { color:var(--fg); word-break:break-all; }
form.signout { display:inline; margin:0; }
button.link { background:none; border:none; color:inherit; padding:0; min-height:0; text-decoration:underline; cursor:pointer; }
.narrow { max-width:28rem; }
table { border-collapse:collapse; width:100%; margin:.5rem 0 1rem; }
th, td { border:1px solid var(--line); padding:.4rem .5rem; text-align:left; vertical-align:top; }
th { background:var(--soft); }
caption { text-align:left; font-weight:600; padding:.3rem 0; }
.scroll { overflow-x:auto; -webkit-overflow-scrolling:touch; }
table.grid th[scope=row] { position:sticky; left:0; z-index:1; white-space:nowrap; }
table.grid td { min-width:7.5rem; } table.grid td .l0 { font-weight:600; display:block; } table.grid td span { display:block; }
.badge { display:inline-block; padding:0 .5rem; border-radius:999px; font-size:.85rem; border:1px solid currentColor; white-space:nowrap; }
.badge.ok { color:var(--ok); } .badge.bad { color:var(--bad); } .badge.warn { color:var(--warn); } .badge.run { color:var(--accent); }
.alert { border-left:4px solid var(--bad); background:#fdf1f1; padding:.6rem .8rem; margin:.6rem 0; }
.notice { border-left:4px solid var(--ok); background:#eef7f0; padding:.6rem .8rem; margin:.6rem 0; }
.tabs { display:flex; flex-wrap:wrap; gap:.3rem; margin:.5rem 0 1rem; padding:0; list-style:none; }
.tabs a { display:block; padding:.35rem .8rem; border:1px solid var(--line); border-radius:999px; text-decoration:none; }
.tabs a[aria-current=page] { background:var(--accent); color:var(--accent-fg); border-color:var(--accent); }
.chips { display:flex; flex-wrap:wrap; gap:.4rem; list-style:none; padding:0; margin:.4rem 0 1rem; }
.chips a { display:block; padding:.3rem .7rem; border:1px solid var(--line); border-radius:6px; text-decoration:none; min-height:2.2rem; }
progress { width:100%; height:1.6rem; accent-color:var(--accent); }
.progress-text { font-size:1.1rem; font-weight:600; }
tr.uncovered td { background:#fff4e5; }
.del { color:var(--bad); text-decoration:line-through; } .ins { color:var(--ok); font-weight:600; }
details { margin:.5rem 0; } summary { cursor:pointer; font-weight:600; }
@media (max-width: 600px) {
  main { padding:.6rem; } h1 { font-size:1.3rem; }
  table.list thead { display:none; } table.list tr { display:block; border:1px solid var(--line); margin-bottom:.6rem; border-radius:6px; }
  table.list td { display:block; border:none; border-bottom:1px solid var(--soft); }
  table.list td[data-label]::before { content:attr(data-label) "："; font-weight:600; color:var(--muted); }
}
@media print {
  header.top, footer, nav, form, .tabs, .chips, .noprint { display:none !important; }
  main { max-width:none; padding:0; } table.grid { page-break-inside:avoid; } a { color:inherit; text-decoration:none; }
}
`;

// Follows [data-job-events]: a progress bar fed by server-sent events; at the end it goes to the result page.
export const JS = `
(function () {
  'use strict';
  function follow(root) {
    var box = root.querySelector ? root.querySelector('[data-job-events]') : null;
    if (!box || box.getAttribute('data-following')) return;
    box.setAttribute('data-following', '1');
    var bar = box.querySelector('progress');
    var text = box.querySelector('[data-progress-text]');
    var source = new EventSource(box.getAttribute('data-job-events'));
    source.addEventListener('progress', function (e) {
      var p = JSON.parse(e.data);
      var pct = Math.round(p.fraction * 100);
      bar.value = pct;
      bar.setAttribute('aria-valuenow', String(pct));
      text.textContent = p.label + ' ' + pct + '%';
    });
    source.addEventListener('end', function (e) {
      source.close();
      var job = JSON.parse(e.data);
      if (job && job.status === 'done') { bar.value = 100; text.textContent = '完成 100%'; }
      var next = box.getAttribute('data-done-url');
      setTimeout(function () { window.location.assign(next); }, job && job.status === 'done' ? 600 : 0);
    });
    source.onerror = function () { if (source.readyState === 2) window.location.reload(); };
  }
  // [data-print]: the browser's print dialog (the print stylesheet keeps only the tables)
  document.addEventListener('click', function (e) {
    var t = e.target && e.target.closest ? e.target.closest('[data-print]') : null;
    if (t) { e.preventDefault(); window.print(); }
  });
  // the upload's Chinese file button: show the chosen file's name beside it
  document.addEventListener('change', function (e) {
    var input = e.target;
    if (!input || input.type !== 'file' || !input.closest) return;
    var shown = input.closest('.file-pick');
    shown = shown ? shown.querySelector('[data-file-name]') : null;
    if (shown) shown.textContent = input.files && input.files.length > 0 ? input.files[0].name : '未选择文件';
  });
  document.addEventListener('DOMContentLoaded', function () { follow(document); });
  document.addEventListener('htmx:load', function () { follow(document); });
})();
`;

/** The tab icon: 课 on the page's blue. */
export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cad"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">课</text></svg>`;
