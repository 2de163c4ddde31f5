/**
 * The dashboard's HTML, rendered on the server: the page shell (no data: it asks for the ministry
 * key, trades it for a stream token and opens the SSE stream) and the live fragment (systems and
 * subscriptions with status colours, freshness, counts and inline SVG sparklines) that every SSE
 * event carries. Chinese labels by default, English with `?lang=en`.
 */
import type { Lang } from '../core/index.ts';
import type { MonitorSnapshot } from './monitor.ts';

const LABELS = {
  title: { zh: '政府采购数据同步监测', en: 'Procurement data sync monitor' },
  keyPrompt: { zh: '财政部监测系统 API 密钥', en: 'Ministry API key' },
  connect: { zh: '连接', en: 'Connect' },
  disconnect: { zh: '断开', en: 'Disconnect' },
  waiting: { zh: '请输入密钥以查看监测数据。', en: 'Enter the key to see the monitoring data.' },
  connected: { zh: '已连接，更新于', en: 'Live, updated' },
  refused: { zh: '密钥无效或无权查看。', en: 'The key is invalid or not allowed.' },
  reconnecting: { zh: '连接中断，正在重连…', en: 'Connection lost, reconnecting…' },
  systems: { zh: '推送系统', en: 'Publishing systems' },
  subscriptions: { zh: '订阅', en: 'Subscriptions' },
  system: { zh: '系统', en: 'System' },
  status: { zh: '状态', en: 'Status' },
  lastAccepted: { zh: '最近接收', en: 'Last accepted' },
  lastRejected: { zh: '最近拒绝', en: 'Last rejected' },
  freshness: { zh: '新鲜度（距今/预期周期）', en: 'Freshness (age / cadence)' },
  hour: { zh: '1 小时 接收/拒绝', en: '1 h accepted/rejected' },
  day: { zh: '24 小时 接收/拒绝', en: '24 h accepted/rejected' },
  topCodes: { zh: '主要拒绝原因', en: 'Top rejection codes' },
  trend: { zh: '趋势', en: 'Trend' },
  subscription: { zh: '订阅', en: 'Subscription' },
  subscriber: { zh: '订阅系统', en: 'Subscriber' },
  mode: { zh: '方式', en: 'Mode' },
  lag: { zh: '积压（条/秒）', en: 'Lag (events / s)' },
  success: { zh: '成功率（1 小时）', en: 'Success (1 h)' },
  latency: { zh: '延迟 p50/p95', en: 'Latency p50/p95' },
  deadLetters: { zh: '死信', en: 'Dead letters' },
  endpoint: { zh: '端点', en: 'Endpoint' },
  logLag: { zh: '日志投影积压（本进程）', en: 'Log projection lag (this process)' },
  logBacklog: { zh: '投影待处理（全部日志）', en: 'Projector backlog (whole log)' },
  unknown: { zh: '未知', en: 'unknown' },
  never: { zh: '从未', en: 'never' },
  none: { zh: '无', en: 'none' },
  clientCursor: { zh: '客户端游标', en: 'client cursor' },
  generated: { zh: '数据时间', en: 'As of' },
} as const;

const STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  OK: { zh: '正常', en: 'OK' },
  WARN: { zh: '警告', en: 'WARN' },
  SILENT: { zh: '静默', en: 'SILENT' },
  STALLED: { zh: '停滞', en: 'STALLED' },
  ERROR: { zh: '错误', en: 'ERROR' },
};

const ENDPOINT_LABELS: Record<string, { zh: string; en: string }> = {
  active: { zh: '正常', en: 'active' },
  failing: { zh: '失败中', en: 'failing' },
  disabled: { zh: '已停用', en: 'disabled' },
};

/** Escapes text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** An inline SVG sparkline of one or more series (same length), scaled to their common maximum. */
export function sparkline(series: { values: number[]; colour: string }[], width = 120, height = 24): string {
  const length = Math.max(0, ...series.map((s) => s.values.length));
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) => (length <= 1 ? width / 2 : (i * (width - 2)) / (length - 1) + 1).toFixed(1);
  const y = (v: number) => (height - 1 - (v / max) * (height - 2)).toFixed(1);
  const lines = series
    .filter((s) => s.values.length > 0)
    .map(
      (s) =>
        `<polyline fill="none" stroke="${esc(s.colour)}" stroke-width="1.5" points="${s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}"/>`,
    )
    .join('');
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="trend">${lines}</svg>`;
}

function badge(status: string, lang: Lang): string {
  return `<span class="badge s-${esc(status)}" data-status="${esc(status)}">${esc(STATUS_LABELS[status]?.[lang] ?? status)}</span>`;
}

function when(iso: string | null, lang: Lang): string {
  if (!iso) return `<span class="muted">${LABELS.never[lang]}</span>`;
  return `<time datetime="${esc(iso)}">${esc(iso.replace('T', ' ').slice(0, 19))}Z</time>`;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

/** The live part of the dashboard for one snapshot. */
export function renderFragment(snapshot: MonitorSnapshot, lang: Lang): string {
  const L = (k: keyof typeof LABELS) => LABELS[k][lang];
  const systemRows = snapshot.systems
    .map((s) => {
      const codes =
        s.topRejectionCodes.length > 0
          ? s.topRejectionCodes.map((c) => `<code>${esc(c.code)}</code>×${c.count}`).join(' ')
          : `<span class="muted">${L('none')}</span>`;
      return `<tr data-system="${esc(s.id)}" data-status="${esc(s.status)}">
<td><strong>${esc(s.id)}</strong><br><span class="muted">${esc(s.name)}</span></td>
<td>${badge(s.status, lang)}</td>
<td>${when(s.lastAcceptedAt, lang)}</td>
<td>${when(s.lastRejectedAt, lang)}</td>
<td>${s.ageS === null ? `<span class="muted">${L('never')}</span>` : esc(duration(s.ageS))} / ${esc(duration(s.expectedCadenceS))}</td>
<td>${s.counts['1h'].accepted} / <span class="rej">${s.counts['1h'].rejected}</span></td>
<td>${s.counts['24h'].accepted} / <span class="rej">${s.counts['24h'].rejected}</span></td>
<td>${codes}</td>
<td>${sparkline([
        { values: s.trend.rejected, colour: '#cf222e' },
        { values: s.trend.accepted, colour: '#1a7f37' },
      ])}</td></tr>`;
    })
    .join('\n');
  const subscriptionRows = snapshot.subscriptions
    .map((s) => {
      const lag = s.lag
        ? `${s.lag.events}${s.lag.capped ? '+' : ''} / ${esc(duration(s.lag.seconds))}`
        : `<span class="muted">${L('clientCursor')}</span>`;
      const rate = s.delivery.successRate === null ? '—' : `${(s.delivery.successRate * 100).toFixed(1)}%`;
      const latency = s.delivery.latencyMs ? `${Math.round(s.delivery.latencyMs.p50)} / ${Math.round(s.delivery.latencyMs.p95)} ms` : '—';
      const endpoint = s.endpoint
        ? `<span class="ep ep-${esc(s.endpoint.status)}" title="${esc(s.endpoint.reason ?? '')}">${esc(ENDPOINT_LABELS[s.endpoint.status]?.[lang] ?? s.endpoint.status)}</span>`
        : '—';
      return `<tr data-subscription="${esc(s.id)}" data-status="${esc(s.status)}">
<td><strong>${esc(s.id)}</strong></td><td>${esc(s.systemId)}</td><td>${esc(s.mode)}</td>
<td>${badge(s.status, lang)}</td><td>${lag}</td><td>${rate}</td><td>${latency}</td><td>${s.deadLetters}</td><td>${endpoint}</td>
<td>${sparkline([{ values: s.lagTrend, colour: '#0969da' }])}</td></tr>`;
    })
    .join('\n');
  return `<p class="muted">${L('generated')} ${when(snapshot.generatedAt, lang)} · ${L('logLag')}: ${snapshot.log.lagEvents} / ${esc(duration(snapshot.log.lagSeconds))} · ${L('logBacklog')}: ${snapshot.log.backlogEvents ?? L('unknown')}</p>
<h2>${L('systems')}</h2>
<table id="systems"><thead><tr><th>${L('system')}</th><th>${L('status')}</th><th>${L('lastAccepted')}</th><th>${L('lastRejected')}</th><th>${L('freshness')}</th><th>${L('hour')}</th><th>${L('day')}</th><th>${L('topCodes')}</th><th>${L('trend')}</th></tr></thead>
<tbody>${systemRows}</tbody></table>
<h2>${L('subscriptions')}</h2>
<table id="subscriptions"><thead><tr><th>${L('subscription')}</th><th>${L('subscriber')}</th><th>${L('mode')}</th><th>${L('status')}</th><th>${L('lag')}</th><th>${L('success')}</th><th>${L('latency')}</th><th>${L('deadLetters')}</th><th>${L('endpoint')}</th><th>${L('trend')}</th></tr></thead>
<tbody>${subscriptionRows}</tbody></table>`;
}

const STYLE = `
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:1.5rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem;margin:0 0 .5rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:middle}
th{background:#f6f8fa;font-weight:600}.muted{color:#656d76}.rej{color:#cf222e}
.badge{display:inline-block;min-width:4.5em;text-align:center;padding:.1rem .4rem;border-radius:1rem;font-weight:600;color:#fff}
.s-OK{background:#1a7f37}.s-WARN{background:#9a6700}.s-SILENT{background:#6e7781}.s-STALLED{background:#bc4c00}.s-ERROR{background:#cf222e}
.ep-active{color:#1a7f37}.ep-failing{color:#9a6700}.ep-disabled{color:#cf222e;font-weight:600}
form{margin:.5rem 0 1rem}input{padding:.3rem;width:22rem}button{padding:.3rem .8rem}nav{float:right}`;

/** The page shell: no data until the key is entered. */
export function renderPage(lang: Lang): string {
  const L = (k: keyof typeof LABELS) => LABELS[k][lang];
  const messages = JSON.stringify({
    connected: L('connected'),
    refused: L('refused'),
    reconnecting: L('reconnecting'),
    waiting: L('waiting'),
  });
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${L('title')}</title><style>${STYLE}</style></head>
<body>
<nav><a href="?lang=zh">中文</a> · <a href="?lang=en">English</a></nav>
<h1>${L('title')}</h1>
<form id="login"><label>${L('keyPrompt')} <input id="key" type="password" autocomplete="off" required></label> <button type="submit">${L('connect')}</button> <button type="button" id="logout">${L('disconnect')}</button></form>
<p id="state" class="muted">${L('waiting')}</p>
<main id="content"></main>
<script>
(() => {
  const lang = ${JSON.stringify(lang)};
  const text = ${messages};
  const KEY = 'pxg-monitor-key';
  const state = document.getElementById('state');
  const content = document.getElementById('content');
  let source = null;
  let retry = null;
  async function connect(key) {
    if (source) source.close();
    clearTimeout(retry);
    let res;
    try {
      res = await fetch('/v1/monitor/session', { method: 'POST', headers: { authorization: 'Bearer ' + key, 'accept-language': lang } });
    } catch (e) {
      state.textContent = text.reconnecting;
      retry = setTimeout(() => connect(key), 3000);
      return;
    }
    if (!res.ok) {
      sessionStorage.removeItem(KEY);
      state.textContent = text.refused;
      content.innerHTML = '';
      return;
    }
    sessionStorage.setItem(KEY, key);
    const { token } = await res.json();
    source = new EventSource('/v1/monitor/stream?lang=' + lang + '&token=' + encodeURIComponent(token));
    source.addEventListener('snapshot', (event) => {
      const data = JSON.parse(event.data);
      content.innerHTML = data.html;
      state.textContent = text.connected + ' ' + new Date(data.generatedAt).toLocaleTimeString();
      state.dataset.generatedAt = data.generatedAt;
    });
    // The token may have expired: get a fresh one with the stored key and reopen.
    source.onerror = () => {
      source.close();
      state.textContent = text.reconnecting;
      retry = setTimeout(() => connect(key), 2000);
    };
  }
  document.getElementById('login').addEventListener('submit', (event) => {
    event.preventDefault();
    connect(document.getElementById('key').value.trim());
  });
  document.getElementById('logout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    if (source) source.close();
    clearTimeout(retry);
    content.innerHTML = '';
    state.textContent = text.waiting;
  });
  const stored = sessionStorage.getItem(KEY);
  if (stored) connect(stored);
})();
</script>
</body></html>`;
}
