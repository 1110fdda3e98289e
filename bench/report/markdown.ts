/** BENCHMARKS.md from the stored sections: a goals summary, then one section per benchmark. */
import { describeMachine } from '../lib/machine.js';
import { BENCH_IDS, type BenchId, type StoredSection, type Table } from './section.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(t: Table): string[] {
  const out: string[] = [];
  if (t.title !== undefined) out.push(`**${t.title}**`, '');
  out.push(`| ${t.head.map(cell).join(' | ')} |`, `|${t.head.map(() => '---').join('|')}|`);
  for (const row of t.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
  out.push('');
  return out;
}

function section(n: number, s: StoredSection): string[] {
  return [
    `## ${n}. ${s.title}`,
    '',
    `Ran \`${s.command}\` on ${s.machine.date}.  `,
    `Machine: ${describeMachine(s.machine)}; the bench and its children ran at nice ${s.nice}.`,
    '',
    `**Goal:** ${s.goal.text}. **Measured:** ${s.goal.figure}. **${s.goal.met ? 'Met' : 'Not met'}.**`,
    '',
    'Load commands:',
    '',
    '```',
    ...s.commands,
    '```',
    '',
    ...s.method.map((m) => `- ${m}`),
    '',
    ...s.tables.flatMap(table),
    ...(s.notes.length > 0 ? [...s.notes.map((m) => `- ${m}`), ''] : []),
  ];
}

export function renderMarkdown(store: Partial<Record<BenchId, StoredSection>>): string {
  const present = BENCH_IDS.map((id) => store[id]).filter((s): s is StoredSection => s !== undefined);
  const lines = [
    '# stampede benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts) from the last run of each benchmark; do not edit by hand.',
    `\`npm run bench -- ${BENCH_IDS[0]}\` (or ${BENCH_IDS.slice(1).map((id) => `\`${id}\``).join(', ')}) reruns one benchmark and rewrites its section;`,
    '`--reps N`, `--window S` and `--profile` change the repetitions, the CPU window and force a worker profile.',
    'All traffic stays on 127.0.0.1. The peers come from Debian: `apt-get install -y nginx wrk python3-locust`',
    '(each is skipped, and the skip noted, when it is missing). The machine has 2 cores, so the load generator',
    'and the target each get about one. Other work on the box shows in the load average given per section and in',
    'the "waited for a CPU" columns (run-queue delay from /proc/PID/task/*/schedstat); the bench raises its own',
    'priority (nice -10, inherited by everything it starts) to keep that small.',
    '',
    '## Goals',
    '',
    '| benchmark | goal | measured | met |',
    '|---|---|---|---|',
    ...present.map((s) => `| ${cell(s.title)} | ${cell(s.goal.text)} | ${cell(s.goal.figure)} | ${s.goal.met ? 'yes' : '**no**'} |`),
    '',
  ];
  present.forEach((s, i) => lines.push(...section(i + 1, s)));
  return `${lines.join('\n').trimEnd()}\n`;
}
