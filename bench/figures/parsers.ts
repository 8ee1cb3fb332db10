/**
 * Figure 7: worst-case time of each parser and text helper on adversarial input (issue 12). Each input is the
 * worst we know for that code: what made it blow up before (an ARG bomb, long runs of spaces), or its longest
 * accepted input. Pure functions in this process; the median of the timed runs, target 50 ms each (a hover or a
 * row must not wait on parsing). The tests prove the results are right; this measures how long they take.
 */
import { redactSecrets, toFootprintError } from '../../src/aws/errors';
import { findImageReferences } from '../../src/dockerfile/references';
import { parseEcrImage } from '../../src/inspector/imageRef';
import { normalizeSettings } from '../../src/settings';
import {
  displayLine,
  escapeMarkdown,
  markdownWithoutAutolinks,
  notificationText,
  truncateMiddle,
} from '../../src/util/escape';
import { check, round, type BenchContext, type Figure } from '../figure';
import { median, timeRuns } from '../stats';

const TARGET_MS = 50;

/** `ARG A0=xxxxxxxx`, then eight levels of eight copies of the previous ARG, then `FROM ${A8}`: 410 bytes. */
function argBomb(): string {
  const lines = ['ARG A0=xxxxxxxx'];
  for (let i = 1; i <= 8; i++) lines.push(`ARG A${i}=${`\${A${i - 1}}`.repeat(8)}`);
  lines.push('FROM ${A8}');
  return lines.join('\n');
}

interface Case {
  readonly id: string;
  readonly title: string;
  readonly input: string;
  readonly run: (input: string) => unknown;
  /** Checks the run did the work (a fast wrong answer is not a figure). */
  readonly verify: (output: unknown) => boolean;
}

const SPACES = ' '.repeat(100_000);
const SECRETISH = `${'A1b2'.repeat(25_000)} ${'%2F'.repeat(10_000)}`;

const CASES: readonly Case[] = [
  {
    id: 'parsers.dockerfileArgBomb',
    title: 'Dockerfile: 410-byte ARG bomb (134 M characters unbounded)',
    input: argBomb(),
    run: (t) => findImageReferences(t),
    verify: (out) => Array.isArray(out) && /longer than/.test(String(out[0]?.unresolved)),
  },
  {
    id: 'parsers.dockerfileLongLine',
    title: 'Dockerfile: one FROM line of 100 KB of ${ (mostly dockerfile-ast itself)',
    input: `FROM ${'${'.repeat(50_000)}`,
    run: (t) => findImageReferences(t),
    verify: (out) => Array.isArray(out) && out.length === 1,
  },
  {
    id: 'parsers.displayLineSpaces',
    title: 'displayLine: 100,000 spaces, no line break (7.8 s before)',
    input: `${SPACES}x`,
    run: (t) => displayLine(t, 500),
    verify: (out) => typeof out === 'string' && out.endsWith('x'),
  },
  {
    id: 'parsers.escapeMarkdownSpaces',
    title: 'escapeMarkdown: 100,000 spaces, then line breaks',
    input: `${SPACES}\n${SPACES}\r\n`,
    run: (t) => escapeMarkdown(t),
    verify: (out) => typeof out === 'string' && !/\n/.test(out),
  },
  {
    id: 'parsers.notificationText',
    title: 'notificationText: ] and ( separated by 100,000 spaces',
    input: `]${SPACES}(`.repeat(4),
    run: (t) => notificationText(t, 2000),
    verify: (out) => typeof out === 'string' && out.length <= 2000,
  },
  {
    id: 'parsers.tooltipAutolinks',
    title: 'tooltip Markdown: 200 KB of backslashes and colons',
    input: '\\\\:'.repeat(70_000),
    run: (t) => markdownWithoutAutolinks(t),
    verify: (out) => typeof out === 'string' && out.length === 280_000,
  },
  {
    id: 'parsers.truncateMiddle',
    title: 'truncateMiddle: 20 MB of astral characters to 500',
    input: '😀'.repeat(10_000_000),
    run: (t) => truncateMiddle(t, 500),
    verify: (out) => typeof out === 'string' && Array.from(out).length === 500,
  },
  {
    id: 'parsers.redactSecrets',
    title: 'redactSecrets: 100 KB base64-like run and 10,000 %2F',
    input: SECRETISH,
    run: (t) => redactSecrets(t),
    verify: (out) => typeof out === 'string' && out.includes('[redacted]'),
  },
  {
    id: 'parsers.errorMessage',
    title: 'an AWS error message of "regionnot" × 10,000 (the region check)',
    input: 'regionnot'.repeat(10_000),
    run: (t) =>
      toFootprintError(Object.assign(new Error(t), { name: 'SomeError' }), { service: 'inspector2', operation: 'X' }),
    verify: (out) => out instanceof Error,
  },
  {
    id: 'parsers.imageRef',
    title: 'parseEcrImage: 1,000 characters of path components (longer input is refused unread)',
    input: `111122223333.dkr.ecr.us-east-1.amazonaws.com/${'a.b/'.repeat(238)}!`,
    run: (t) => parseEcrImage(t),
    verify: (out) => typeof out === 'object' && out !== null && (out as { ok: boolean }).ok === false,
  },
  // ~/.aws files are read by the SDK's own loader (src/aws/sdk/sharedConfig.ts), not by a parser of ours.
  {
    id: 'parsers.settingsEndpoint',
    title: 'endpoints setting: a 1 MB URL',
    input: `http://${'h'.repeat(1_000_000)}.example`,
    run: (t) => normalizeSettings({ endpoints: { inspector2: t } }),
    verify: (out) => (out as ReturnType<typeof normalizeSettings>).problems.length === 1,
  },
];

export async function parsers(ctx: BenchContext): Promise<Figure[]> {
  const runs = ctx.quick ? 5 : 20;
  const figures: Figure[] = [];
  for (const c of CASES) {
    check(c.verify(c.run(c.input)), `${c.id}: the result is not what it must be`);
    const times = await timeRuns(() => c.run(c.input), 2, runs);
    figures.push({
      id: `${c.id}.ms`,
      title: c.title,
      value: round(median(times), 2),
      unit: 'ms',
      target: { max: TARGET_MS },
      detail: { inputChars: c.input.length, runs, maxMs: round(Math.max(...times), 2) },
      note: `median of ${runs} runs on ${c.input.length.toLocaleString('en-US')} characters; slowest ${round(Math.max(...times), 1)} ms`,
    });
  }
  return figures;
}
