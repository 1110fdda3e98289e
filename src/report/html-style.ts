/** The HTML report's stylesheet (inlined): light, compact, readable at a glance, printable. */
export const REPORT_CSS = `
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #e3e7ee; --bg: #f6f7fa; --card: #fff;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #c62828; --bad-bg: #ffe3e3; --accent: #2f6fde; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { background: #18202e; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 20px; font-weight: 600; }
header .meta { color: #c5cedb; font-size: 13px; }
header .meta span { margin-right: 18px; white-space: nowrap; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 28px 40px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 0 0 18px; }
h2 { font-size: 16px; margin: 0 0 12px; font-weight: 600; }
h2 small { color: var(--muted); font-weight: 400; margin-left: 8px; }
.verdict { display: inline-block; font-weight: 700; padding: 2px 10px; border-radius: 12px; margin-left: 10px; font-size: 13px; }
.verdict.ok, td.ok { color: var(--ok); background: var(--ok-bg); }
.verdict.bad, td.bad { color: var(--bad); background: var(--bad-bg); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 12px; margin-bottom: 18px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 600; margin-top: 2px; font-variant-numeric: tabular-nums; }
.card .value.bad { color: var(--bad); }
.charts { display: grid; grid-template-columns: 1fr; gap: 8px; }
.chart { min-height: 240px; }
.chart h3 { font-size: 13px; font-weight: 600; margin: 4px 0; color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: #fafbfd; position: sticky; top: 0; }
th.l, td.l { text-align: left; }
td.name { max-width: 420px; overflow: hidden; text-overflow: ellipsis; }
tr.total td { font-weight: 600; border-top: 2px solid var(--line); }
td.fail { color: var(--bad); }
details pre { background: #f3f5f9; padding: 8px 10px; border-radius: 6px; overflow-x: auto; font-size: 12px; margin: 6px 0 0; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 8px 0 24px; }
@media print { body { background: #fff; } section, .card { break-inside: avoid; } }
`;
