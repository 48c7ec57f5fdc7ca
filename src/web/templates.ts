// The page's Eta templates (server-rendered; htmx boosts links and forms, no front-end build). Kept as strings so
// the bundle and the package need no template files. `<%= %>` escapes; `<%~ %>` only for HTML built here.
export const TEMPLATES: Readonly<Record<string, string>> = {
  layout: `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,"responseHandling":[{"code":"204","swap":false},{"code":"[2345]..","swap":true,"error":false},{"code":"...","swap":true,"error":true}]}'>
<title><%= it.title %> · 课后服务排班</title>
<link rel="stylesheet" href="/assets/kehou.css">
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<script src="/assets/htmx.min.js" defer></script>
<script src="/assets/kehou.js" defer></script>
<% if (it.refresh) { %><noscript><meta http-equiv="refresh" content="<%= it.refresh %>"></noscript><% } %>
</head>
<body hx-boost="true">
<a class="skip" href="#main">跳到正文</a>
<header class="top">
  <a class="brand" href="/">课后服务排班</a>
  <nav aria-label="主导航"><a href="/">学校方案</a><a href="/docs" hx-boost="false">接口文档</a><% if (it.signOut) { %><form class="signout" method="post" action="/signout" hx-boost="false"><button type="submit" class="link">退出登录</button></form><% } %></nav>
</header>
<main id="main">
<%~ it.body %>
</main>
<footer>Kehou 课后服务排班 · 数据保存在本机，不上传到任何其他地方</footer>
</body>
</html>`,

  problems: `<% if (it.problems.length > 0) { %>
<section class="card" aria-labelledby="problems-title">
  <h2 id="problems-title"><%= it.heading %></h2>
  <p><%= it.summary %></p>
  <% for (const group of it.groups) { %>
  <h3><%= group.title %>（<%= group.items.length %> 处）</h3>
  <div class="scroll"><table class="list">
    <thead><tr><th scope="col">位置</th><th scope="col">问题</th><th scope="col">怎么改</th></tr></thead>
    <tbody>
    <% for (const p of group.items) { %>
      <tr><td data-label="位置"><code><%= p.where %></code></td><td data-label="问题"><%= p.message %></td><td data-label="怎么改"><%= p.hint %></td></tr>
    <% } %>
    </tbody>
  </table></div>
  <% } %>
</section>
<% } %>`,

  home: `<% layout('@layout.eta') %>
<h1>学校方案</h1>
<%~ it.problemsHtml %>
<% if (it.scenarios.length === 0) { %>
<p class="notice">还没有方案。上传学校数据（Excel 工作簿或 JSON），或先用内置示例试一试。</p>
<% } else { %>
<div class="scroll"><table class="list" aria-label="方案列表">
  <thead><tr><th scope="col">方案</th><th scope="col">学校</th><th scope="col">版本</th><th scope="col">排班</th><th scope="col">最近修改</th></tr></thead>
  <tbody>
  <% for (const s of it.scenarios) { %>
    <tr>
      <td data-label="方案"><a href="/scenarios/<%= s.id %>"><%= s.name %></a></td>
      <td data-label="学校"><%= s.school %></td>
      <td data-label="版本">第 <%= s.latestVersion %> 版</td>
      <td data-label="排班"><% if (s.plannedVersion !== null) { %><span class="badge ok">已排班（第 <%= s.plannedVersion %> 版）</span><% } else { %><span class="badge warn">未排班</span><% } %></td>
      <td data-label="最近修改"><%= it.time(s.updatedAt) %></td>
    </tr>
  <% } %>
  </tbody>
</table></div>
<% } %>
<h2>新建方案</h2>
<div class="cards">
  <form class="card" method="post" action="/scenarios" enctype="multipart/form-data" aria-labelledby="upload-title">
    <h3 id="upload-title">上传学校数据</h3>
    <div class="field"><span id="file-title">文件（Excel 工作簿 .xlsx 或 JSON）</span>
      <div class="file-pick"><input id="file" name="file" type="file" class="file-input" aria-labelledby="file-title file-button" accept=".xlsx,.json,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
      <label for="file" id="file-button" class="button secondary">选择文件…</label> <span class="file-name" data-file-name aria-live="polite">未选择文件</span></div></div>
    <div class="field"><label for="upload-name">方案名称（可不填，默认为学校名称）</label><input id="upload-name" name="name" type="text" maxlength="100"></div>
    <div class="field"><label for="upload-author">操作人</label><input id="upload-author" name="author" type="text" maxlength="40" value="<%= it.author %>"></div>
    <button type="submit">上传并校验</button>
  </form>
  <form class="card" method="post" action="/scenarios" enctype="multipart/form-data" aria-labelledby="example-title">
    <h3 id="example-title">用内置示例</h3>
    <div class="field"><label for="example">示例学校</label>
      <select id="example" name="example"><% for (const e of it.examples) { %><option value="<%= e.name %>"><%= e.label %></option><% } %></select></div>
    <div class="field"><label for="example-author">操作人</label><input id="example-author" name="author" type="text" maxlength="40" value="<%= it.author %>"></div>
    <button type="submit">用示例新建</button>
  </form>
</div>
<% if (it.template) { %><p class="muted">还没有学校数据？<a href="/template.xlsx" hx-boost="false" download>下载空白 Excel 模板</a>，按“说明”工作表填写后上传。</p><% } %>`,

  scenario: `<% layout('@layout.eta') %>
<p class="muted"><a href="/">学校方案</a> › <%= it.s.name %></p>
<h1><%= it.s.name %></h1>
<p><%= it.s.school %> · 第 <%= it.s.latestVersion %> 版 · 最近修改 <%= it.time(it.s.updatedAt) %></p>
<% if (it.notice) { %><p class="notice" role="status"><%= it.notice %></p><% } %>
<%~ it.problemsHtml %>
<div class="cards">
  <section class="card" aria-labelledby="plan-title">
    <h2 id="plan-title">排班</h2>
    <% if (it.s.plannedVersion !== null) { %>
      <p>当前排班：<a href="/scenarios/<%= it.s.id %>/versions/<%= it.s.plannedVersion %>">第 <%= it.s.plannedVersion %> 版</a>
      <% if (it.s.plannedVersion !== it.s.latestVersion) { %><span class="badge warn">学校数据已更新，需重新排班</span><% } %></p>
    <% } else { %><p>还没有排班。</p><% } %>
    <% if (it.running) { %>
      <p><a class="button" href="/scenarios/<%= it.s.id %>/jobs/<%= it.running.id %>">查看进行中的排班</a></p>
    <% } else { %>
    <form method="post" action="/scenarios/<%= it.s.id %>/solve" class="inline">
      <div><label for="timeLimit">求解时间（秒）</label><input id="timeLimit" name="timeLimit" type="number" min="1" max="<%= it.maxTimeLimit %>" value="<%= it.timeLimit %>"></div>
      <div><label for="solve-author">操作人</label><input id="solve-author" name="author" type="text" maxlength="40" value="<%= it.author %>"></div>
      <button type="submit">开始排班</button>
    </form>
    <% } %>
  </section>
  <% if (it.planned) { %>
  <section class="card" aria-labelledby="view-title">
    <h2 id="view-title">查看</h2>
    <ul class="chips">
      <% for (const v of it.views) { %><li><a href="/scenarios/<%= it.s.id %>/versions/<%= it.s.plannedVersion %>?view=<%= v.key %>"><%= v.label %></a></li><% } %>
    </ul>
    <h3>下载</h3>
    <ul class="chips">
      <% for (const d of it.downloads) { %><li><a href="/scenarios/<%= it.s.id %>/versions/<%= it.s.plannedVersion %>/download/<%= d.file %>" hx-boost="false" download><%= d.label %></a></li><% } %>
    </ul>
  </section>
  <section class="card" aria-labelledby="leave-title">
    <h2 id="leave-title">请假</h2>
    <form method="post" action="/scenarios/<%= it.s.id %>/leave">
      <div class="field"><label for="leave-staff">请假教师</label>
        <select id="leave-staff" name="staff" required><option value="">请选择</option>
        <% for (const t of it.staff) { %><option value="<%= t.id %>"><%= t.name %></option><% } %></select></div>
      <div class="field"><label for="leave-from">开始日期</label><input id="leave-from" name="from" type="date" required min="<%= it.start %>" max="<%= it.end %>"></div>
      <div class="field"><label for="leave-to">结束日期</label><input id="leave-to" name="to" type="date" required min="<%= it.start %>" max="<%= it.end %>"></div>
      <div class="field"><label for="leave-reason">事由（可不填）</label><input id="leave-reason" name="reason" type="text" maxlength="40"></div>
      <div class="field"><label for="leave-author">操作人</label><input id="leave-author" name="author" type="text" maxlength="40" value="<%= it.author %>"></div>
      <button type="submit">推演代课安排</button>
    </form>
  </section>
  <% } %>
</div>
<h2>版本记录</h2>
<div class="scroll"><table class="list" aria-label="版本记录">
  <thead><tr><th scope="col">版本</th><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">改了什么</th><th scope="col">排班</th></tr></thead>
  <tbody>
  <% for (const v of it.versions) { %>
    <tr><td data-label="版本">第 <%= v.number %> 版</td><td data-label="时间"><%= it.time(v.createdAt) %></td><td data-label="操作人"><%= v.author %></td>
      <td data-label="改了什么"><%= v.summary %></td>
      <td data-label="查看"><% if (v.hasSchedule) { %><a href="/scenarios/<%= it.s.id %>/versions/<%= v.number %>">查看第 <%= v.number %> 版排班</a><% } else { %><span class="muted">（未排班）</span><% } %></td></tr>
  <% } %>
  </tbody>
</table></div>
<% if (it.jobs.length > 0) { %>
<h2>最近的任务</h2>
<div class="scroll"><table class="list" aria-label="最近的任务">
  <thead><tr><th scope="col">任务</th><th scope="col">开始</th><th scope="col">状态</th><th scope="col">说明</th></tr></thead>
  <tbody>
  <% for (const j of it.jobs) { %>
    <tr><td data-label="任务"><a href="<%= j.href %>"><%= j.kind %></a></td><td data-label="开始"><%= it.time(j.createdAt) %></td>
      <td data-label="状态"><span class="badge <%= j.badge %>"><%= j.status %></span></td><td data-label="说明"><%= j.note %></td></tr>
  <% } %>
  </tbody>
</table></div>
<% } %>
<h2>管理</h2>
<div class="cards">
  <form class="card" method="post" action="/scenarios/<%= it.s.id %>/rename">
    <label for="rename">重命名</label><input id="rename" name="name" type="text" maxlength="100" required value="<%= it.s.name %>">
    <p><button type="submit" class="secondary">保存名称</button></p>
  </form>
  <form class="card" method="post" action="/scenarios/<%= it.s.id %>/copy">
    <label for="copy-name">复制为新方案（试试别的安排，原方案不变）</label><input id="copy-name" name="name" type="text" maxlength="100" required value="<%= it.s.name %>（副本）">
    <input type="hidden" name="author" value="<%= it.author %>">
    <p><button type="submit" class="secondary">复制</button></p>
  </form>
  <form class="card" method="post" action="/scenarios/<%= it.s.id %>/delete">
    <label class="check"><input type="checkbox" name="confirm" value="yes" required> 确认删除这个方案及其全部版本</label>
    <p><button type="submit" class="danger">删除方案</button></p>
  </form>
</div>`,

  job: `<% layout('@layout.eta') %>
<p class="muted"><a href="/">学校方案</a> › <a href="/scenarios/<%= it.s.id %>"><%= it.s.name %></a> › 排班</p>
<h1>排班：<%= it.s.name %></h1>
<% if (it.active) { %>
<section class="card" data-job-events="/scenarios/<%= it.s.id %>/jobs/<%= it.job.id %>/events" data-done-url="/scenarios/<%= it.s.id %>/jobs/<%= it.job.id %>">
  <label for="job-progress">进度</label>
  <progress id="job-progress" max="100" value="<%= it.percent %>" aria-valuemin="0" aria-valuemax="100" aria-valuenow="<%= it.percent %>"><%= it.percent %>%</progress>
  <p class="progress-text" data-progress-text aria-live="polite"><%= it.stage %> <%= it.percent %>%</p>
  <p class="muted">求解时间上限 <%= it.job.params.timeLimit %> 秒。可以关闭本页，排班会在后台继续，完成后保存为新版本。</p>
  <form method="post" action="/scenarios/<%= it.s.id %>/jobs/<%= it.job.id %>/cancel"><button type="submit" class="secondary">取消排班</button></form>
</section>
<% } else if (it.job.status === 'done') { %>
<section class="card">
  <progress max="100" value="100" aria-label="进度">100%</progress>
  <p class="progress-text">完成 100%</p>
  <p class="notice" role="status">排班完成，已保存为第 <%= it.job.resultVersion %> 版。</p>
  <p><a class="button" href="/scenarios/<%= it.s.id %>/versions/<%= it.job.resultVersion %>">查看排班结果</a></p>
</section>
<% } else { %>
<section class="card">
  <p class="alert" role="alert"><strong><%= it.statusText %></strong>：<%= it.job.error ? it.job.error.message : '' %></p>
  <p><a class="button" href="/scenarios/<%= it.s.id %>">返回方案</a></p>
</section>
<% } %>`,

  version: `<% layout('@layout.eta') %>
<p class="muted"><a href="/">学校方案</a> › <a href="/scenarios/<%= it.s.id %>"><%= it.s.name %></a> › 第 <%= it.v.number %> 版</p>
<h1><%= it.s.name %> · 第 <%= it.v.number %> 版</h1>
<p class="muted"><%= it.time(it.v.createdAt) %> · <%= it.v.author %> · <%= it.v.summary %></p>
<ul class="tabs" aria-label="查看方式">
  <% for (const t of it.tabs) { %><li><a href="?view=<%= t.key %>" <% if (t.key === it.view) { %>aria-current="page"<% } %>><%= t.label %></a></li><% } %>
</ul>
<form class="inline noprint" role="search" method="get" action="/scenarios/<%= it.s.id %>/versions/<%= it.v.number %>">
  <input type="hidden" name="view" value="search">
  <div><label for="q">按学生或教师姓名查找</label>
  <input id="q" name="q" type="search" value="<%= it.q %>" hx-get="/scenarios/<%= it.s.id %>/versions/<%= it.v.number %>/search" hx-trigger="input changed delay:300ms, search" hx-target="#search-results" hx-push-url="false"></div>
  <button type="submit">查找</button>
</form>
<div id="search-results" aria-live="polite"><%~ it.searchHtml %></div>
<% if (it.keys.length > 0) { %>
<ul class="chips" aria-label="选择">
  <% for (const k of it.keys) { %><li><a href="?view=<%= it.view %>&amp;key=<%= encodeURIComponent(k.key) %>" <% if (k.key === it.key) { %>aria-current="page"<% } %>><%= k.label %></a></li><% } %>
</ul>
<% } %>
<%~ it.contentHtml %>
<p class="noprint"><button type="button" class="secondary" data-print>打印本页</button></p>
<h2 class="noprint">下载第 <%= it.v.number %> 版</h2>
<ul class="chips noprint">
  <% for (const d of it.downloads) { %><li><a href="/scenarios/<%= it.s.id %>/versions/<%= it.v.number %>/download/<%= d.file %>" hx-boost="false" download><%= d.label %></a></li><% } %>
</ul>`,

  grid: `<section aria-labelledby="grid-title">
<h2 id="grid-title"><%= it.grid.title %></h2>
<div class="scroll"><table class="grid">
  <thead><tr><th scope="col">时间</th><% for (const d of it.grid.days) { %><th scope="col"><%= d %></th><% } %></tr></thead>
  <tbody>
  <% for (const r of it.grid.rows) { %>
    <tr><th scope="row"><%= r.time %></th><% for (const c of r.cells) { %><td><% c.lines.forEach((l, i) => { %><span class="l<%= i %>"><%= l %></span><% }) %></td><% } %></tr>
  <% } %>
  </tbody>
</table></div>
</section>`,

  proposal: `<% layout('@layout.eta') %>
<p class="muted"><a href="/">学校方案</a> › <a href="/scenarios/<%= it.s.id %>"><%= it.s.name %></a> › 请假调整</p>
<h1>请假调整</h1>
<p><strong><%= it.p.summary %></strong></p>
<p class="muted"><%= it.p.method %>（基于第 <%= it.p.job.baseVersion %> 版）</p>
<div class="scroll"><table class="list" aria-label="调整明细">
  <thead><tr><th scope="col">日期</th><th scope="col">任务</th><th scope="col">原安排</th><th scope="col">调整为</th><th scope="col">说明</th></tr></thead>
  <tbody>
  <% for (const c of it.p.changes) { %>
    <tr<% if (c.uncovered) { %> class="uncovered"<% } %>><td data-label="日期"><%= c.date %></td><td data-label="任务"><%= c.what %></td>
      <td data-label="原安排"><span class="del"><%= c.from %></span></td><td data-label="调整为"><span class="ins"><%= c.to %></span></td><td data-label="说明"><%= c.reason %></td></tr>
  <% } %>
  </tbody>
</table></div>
<% if (it.p.changes.length === 0) { %><p class="notice">请假期间这位教师没有任务，不需要调整。</p><% } %>
<% if (it.p.job.resultVersion !== null) { %>
  <p class="notice" role="status">已接受，保存为 <a href="/scenarios/<%= it.s.id %>/versions/<%= it.p.job.resultVersion %>">第 <%= it.p.job.resultVersion %> 版</a>。</p>
<% } else if (it.p.job.status === 'cancelled') { %>
  <p class="muted">已放弃，方案没有改变。</p>
<% } else { %>
<div class="cards">
  <form method="post" action="/scenarios/<%= it.s.id %>/proposals/<%= it.p.job.id %>/accept" class="card">
    <label for="accept-author">操作人</label><input id="accept-author" name="author" type="text" maxlength="40" value="<%= it.author %>">
    <p><button type="submit">接受，保存为新版本</button></p>
  </form>
  <form method="post" action="/scenarios/<%= it.s.id %>/proposals/<%= it.p.job.id %>/discard" class="card">
    <p>不采用这些调整，方案保持不变。</p>
    <p><button type="submit" class="secondary">放弃</button></p>
  </form>
</div>
<% } %>`,

  signin: `<% layout('@layout.eta') %>
<h1>登录</h1>
<form class="card narrow" method="post" action="/signin" hx-boost="false" aria-labelledby="signin-title">
  <h2 id="signin-title">请输入口令</h2>
  <p class="muted">本服务设置了访问口令（服务器的 KEHOU_API_TOKEN），登录后才能查看和修改学校方案。</p>
  <% if (it.error) { %><p class="alert" role="alert"><%= it.error %></p><% } %>
  <input type="hidden" name="next" value="<%= it.next %>">
  <div class="field"><label for="token">口令</label><input id="token" name="token" type="password" autocomplete="current-password" required autofocus></div>
  <button type="submit">登录</button>
</form>`,

  message: `<% layout('@layout.eta') %>
<h1><%= it.heading %></h1>
<p class="alert" role="alert"><%= it.message %></p>
<p><a class="button" href="<%= it.back %>">返回</a></p>`,
};
