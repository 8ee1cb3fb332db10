/**
 * The benchmark's output: a readable table, the profiles of missed targets, one JSON line with every figure, and the
 * Markdown that `--write` puts into BENCHMARKS.md between its results markers.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { met, type Figure } from './figure';
import type { SelfTime } from './profile';

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly memoryGiB: number;
  readonly freeGiB: number;
  readonly loadAverageAtStart: readonly number[];
  loadAverageAtEnd?: readonly number[];
  readonly os: string;
}

export function describeMachine(): Machine {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const lscpu = execFileSync('lscpu', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const name = /^Model name:\s*(.+)$/m.exec(lscpu)?.[1];
    if (name) cpuModel = name.trim();
  } catch {
    // lscpu is optional; os.cpus() named the model.
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    node: process.version,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    freeGiB: Math.round(os.freemem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    os: `${os.type()} ${os.release()}`,
  };
}

function formatValue(f: Figure): string {
  switch (f.unit) {
    case 'ratio':
      return `${f.value.toFixed(3)}×`;
    case 'ms':
      return `${f.value < 1 ? f.value.toFixed(3) : f.value.toFixed(1)} ms`;
    case 'MB':
      return `${f.value.toFixed(1)} MB`;
    case 'KB':
      return `${f.value.toFixed(1)} KB`;
    case 'bytes':
      return `${(f.value / 1024).toFixed(1)} KiB`;
    default:
      return `${f.value} ${f.unit}`;
  }
}

function formatTarget(f: Figure): string {
  if (!f.target) return '—';
  const max = f.target.max;
  switch (f.unit) {
    case 'ratio':
      return `≤ ${max.toFixed(2)}×`;
    case 'ms':
      return `≤ ${max} ms`;
    case 'MB':
      return `≤ ${max} MB`;
    case 'KB':
      return `≤ ${max} KB`;
    default:
      return `≤ ${max}`;
  }
}

function verdict(f: Figure): string {
  const m = met(f);
  return m === undefined ? 'info' : m ? 'met' : 'MISSED';
}

function pad(text: string, width: number): string {
  const len = [...text].length;
  return len >= width ? text : text + ' '.repeat(width - len);
}

export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [f.title, formatValue(f), formatTarget(f), verdict(f), f.note]);
  const head = ['Figure', 'Value', 'Target', 'Result', 'How'];
  const widths = [0, 1, 2, 3].map((i) => Math.max([...head[i]!].length, ...rows.map((r) => [...r[i]!].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 4 ? pad(c, widths[i]!) : c)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  ') + '  ---', ...rows.map(line)].join('\n');
}

export function profileText(figures: readonly Figure[], top = 10): string {
  const parts: string[] = [];
  for (const f of figures) {
    if (!f.profile) continue;
    const p = f.profile;
    const row = (t: SelfTime) =>
      `    ${t.percent.toFixed(1).padStart(5)} %  ${t.selfMs.toFixed(1).padStart(8)} ms  ${t.fn}  ${t.where}`;
    parts.push(`Profile of "${f.title}" (${verdict(f)}; ${p.totalMs.toFixed(0)} ms sampled, ${p.file}):`);
    parts.push('  top self time, everything (SDK and Node included):', ...p.top.slice(0, top).map(row));
    parts.push(
      `  our code (src/, dist/extension.js, the vscode objects it builds): ${p.oursPercent.toFixed(1)} % of samples:`,
      ...p.topOurs.slice(0, top).map(row),
    );
  }
  return parts.join('\n');
}

export interface RunInfo {
  readonly machine: Machine;
  readonly startedAt: string;
  readonly seconds: number;
  readonly quick: boolean;
  /** Figures left out by the options (--no-host, --only): never a figure that could not be measured. */
  readonly notRun: readonly string[];
}

/** The last line of the output: every figure with its details, target and verdict. */
export function jsonLine(figures: readonly Figure[], run: RunInfo): string {
  const byId: Record<string, unknown> = {};
  for (const f of figures) {
    byId[f.id] = {
      value: f.value,
      unit: f.unit,
      ...(f.target && { target: f.target.max, met: met(f) }),
      ...f.detail,
    };
  }
  return JSON.stringify({
    benchmark: 'image-footprint',
    ...run,
    missed: figures.filter((f) => met(f) === false).map((f) => f.id),
    figures: byId,
  });
}

function mdEscape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The results section of BENCHMARKS.md. */
export function markdown(figures: readonly Figure[], run: RunInfo): string {
  const m = run.machine;
  const lines = [
    `Run of ${run.startedAt} (${run.seconds.toFixed(0)} s${run.quick ? ', --quick' : ''}): ${m.cpus} cores, ` +
      `${m.cpuModel}, Node ${m.node}, ${m.memoryGiB} GiB RAM (${m.freeGiB} GiB free), ${m.os}; load average ` +
      `${m.loadAverageAtStart.join(' / ')} at the start${m.loadAverageAtEnd ? `, ${m.loadAverageAtEnd.join(' / ')} at the end` : ''}.`,
    '',
    '| Figure | Value | Target | Result | How |',
    '| --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) => `| ${mdEscape(f.title)} | ${formatValue(f)} | ${formatTarget(f)} | ${verdict(f)} | ${mdEscape(f.note)} |`,
    ),
  ];
  if (run.notRun.length) lines.push('', `Not run (left out by the options): ${run.notRun.join(', ')}.`);
  const profiled = figures.filter((f) => f.profile);
  for (const f of profiled) {
    const p = f.profile!;
    const row = (t: SelfTime) =>
      `| ${t.percent.toFixed(1)} | ${t.selfMs.toFixed(1)} | \`${t.fn}\` | \`${t.where || '—'}\` |`;
    lines.push(
      '',
      `Profile of “${mdEscape(f.title)}” (${verdict(f)}, ${p.totalMs.toFixed(0)} ms sampled, \`${p.file}\`). ` +
        `Our code (src/, dist/extension.js, the \`vscode\` objects it builds) has ${p.oursPercent.toFixed(1)} % of ` +
        'the samples. Top self time of everything, then of our code:',
      '',
      '| Self % | Self ms | Function | Where |',
      '| ---: | ---: | --- | --- |',
      ...p.top.slice(0, 8).map(row),
      '| | | **our code** | |',
      ...p.topOurs.slice(0, 8).map(row),
    );
  }
  return lines.join('\n');
}

export const RESULTS_START = '<!-- bench:results:start -->';
export const RESULTS_END = '<!-- bench:results:end -->';

/** BENCHMARKS.md with its results section (between the markers) replaced; the rest is kept as it is. */
export function replaceResultsSection(text: string, section: string, json: string): string {
  const a = text.indexOf(RESULTS_START);
  const b = text.indexOf(RESULTS_END);
  if (a < 0 || b < a) {
    throw new Error(`BENCHMARKS.md has no ${RESULTS_START} … ${RESULTS_END} section to write the results into`);
  }
  const body = `${RESULTS_START}\n\n${section}\n\nThe JSON line of this run:\n\n\`\`\`json\n${json}\n\`\`\`\n\n`;
  return text.slice(0, a) + body + text.slice(b);
}
