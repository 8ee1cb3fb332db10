/**
 * The Dockerfile hover's and CodeLens's text (src/dockerfile/usageMarkdown.ts): which references get a lookup, what
 * each answer says, the links and their arguments, and that hostile text from the file or from AWS stays text. The
 * Markdown is also rendered with markdown-it (a CommonMark renderer, with HTML and autolinks on and link validation
 * off, so it is stricter than VS Code's hover) to check that the only links are ours and that no HTML gets through.
 */
import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { FootprintError, toFootprintError } from '../../src/aws/errors';
import type { ClusterDetail, ClusterInfo } from '../../src/aws/types';
import { findImageReferences } from '../../src/dockerfile/references';
import {
  answerHover,
  commandUri,
  HOVER_COMMANDS,
  hoverSubject,
  quietHoverMarkdown,
  TOP_CLUSTERS,
  topClusters,
  usageCodeLens,
  usageHoverMarkdown,
  type HoverSubject,
  type ImageUsageSource,
} from '../../src/dockerfile/usageMarkdown';
import { clusterTotals, summarizeClusters } from '../../src/inspector/clusterModel';
import fc from 'fast-check';
import { parseEcrImage, type EcrImageRef } from '../../src/inspector/imageRef';
import type { ImageUsage } from '../../src/inspector/imageUsage';

interface MarkdownRenderer {
  render(source: string): string;
  validateLink: (url: string) => boolean;
}
/** markdown-it comes with @vscode/vsce (a devDependency); loaded by require because it ships no types. */
const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: object) => MarkdownRenderer;

const REGISTRY = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const RESOURCE_ID = `arn:aws:ecr:us-east-1:111122223333:repository/shop/web/${DIGEST}`;
const NOW = new Date('2026-03-01T12:00:00Z');
const ICONS = ['package', 'server', 'list-tree', 'circle-slash', 'eye-closed', 'error', 'warning', 'info'];

function ecrRef(text: string): EcrImageRef {
  const parsed = parseEcrImage(text);
  assert.ok(parsed.ok, text);
  return parsed.ref;
}

function minutesAgo(minutes: number): Date {
  return new Date(NOW.getTime() - minutes * 60_000);
}

function ecs(name: string, running: number, stopped: number, lastInUse: Date, account = '111122223333'): ClusterInfo {
  const detail: ClusterDetail = {
    lastInUse,
    runningUnitCount: running,
    stoppedUnitCount: stopped,
    metadata: {
      kind: 'ecs',
      detailsGroup: 'service:web',
      taskDefinitionArn: `arn:aws:ecs:us-east-1:${account}:task-definition/web:1`,
    },
  };
  return { clusterArn: `arn:aws:ecs:us-east-1:${account}:cluster/${name}`, details: [detail] };
}

function eks(name: string, running: number, stopped: number, lastInUse: Date): ClusterInfo {
  return {
    clusterArn: `arn:aws:eks:us-east-1:111122223333:cluster/${name}`,
    details: [
      {
        lastInUse,
        runningUnitCount: running,
        stoppedUnitCount: stopped,
        metadata: { kind: 'eks', namespace: 'shop', workloads: [{ name: 'web', type: 'Deployment' }] },
      },
    ],
  };
}

function covered(clusters: ClusterInfo[], more = false, resourceId = RESOURCE_ID): ImageUsage {
  return { kind: 'covered', resourceId, clusters, summary: summarizeClusters(clusters, NOW), more };
}

function failed(name: string, message = 'nope', status = 400): ImageUsage {
  return {
    kind: 'error',
    error: toFootprintError(
      { name, message, $metadata: { httpStatusCode: status } },
      { service: 'inspector2', operation: 'GetClustersForImage', region: 'us-east-1', profile: 'demo' },
    ),
  };
}

/** Positions of `needle` in `s` that are not backslash-escaped (an even number of backslashes before them). */
function unescapedIndexes(s: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
    let slashes = 0;
    while (i - slashes - 1 >= 0 && s[i - slashes - 1] === '\\') slashes++;
    if (slashes % 2 === 0) out.push(i);
  }
  return out;
}

interface Link {
  readonly command: string;
  readonly args: unknown[];
}

/** A command URI of ours: `command:<id>` or `command:<id>?<percent-encoded JSON array>`. */
function parseOurUri(uri: string): Link {
  const match = /^command:([A-Za-z.]+)(?:\?([A-Za-z0-9%._~-]*))?$/.exec(uri);
  assert.ok(match, `not one of our command URIs: ${uri}`);
  const command = match[1]!;
  assert.ok((HOVER_COMMANDS as readonly string[]).includes(command), `link to a command we do not trust: ${command}`);
  const args = match[2] === undefined ? [] : (JSON.parse(decodeURIComponent(match[2])) as unknown);
  assert.ok(Array.isArray(args), uri);
  return { command, args };
}

/**
 * Checks the Markdown source and its rendering: every link is one of our command URIs, nothing renders as HTML other
 * than Markdown's own, theme icons are only ours, and there is no bidi control character. Returns the links and the
 * rendered text (tags removed, entities decoded).
 */
function checkSafe(markdown: string): { links: Link[]; text: string } {
  assert.doesNotMatch(markdown, /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/, 'a bidi control got through');
  const sourceLinks = unescapedIndexes(markdown, '](').map((i) => {
    const end = markdown.indexOf(')', i);
    assert.ok(end > i, `unterminated link at ${i}`);
    return parseOurUri(markdown.slice(i + 2, end));
  });
  for (const i of unescapedIndexes(markdown, '$(')) {
    const icon = /^\$\(([a-z-]+)\)/.exec(markdown.slice(i))?.[1];
    assert.ok(
      icon !== undefined && ICONS.includes(icon),
      `theme icon syntax not ours at: ${markdown.slice(i, i + 40)}`,
    );
  }
  const md = new MarkdownIt({ html: true, linkify: true });
  md.validateLink = () => true;
  const html = md.render(markdown);
  const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)];
  for (const [whole, tag] of tags) {
    assert.ok(['p', 'strong', 'em', 'code', 'ul', 'li', 'a', 'br'].includes(tag!.toLowerCase()), `HTML: ${whole}`);
  }
  const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => parseOurUri(m[1]!.replace(/&amp;/g, '&')));
  assert.deepEqual(links, sourceLinks, 'the links the renderer sees are the ones in the source');
  const text = html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return { links, text };
}

function referencesOf(dockerfile: string): HoverSubject[] {
  return findImageReferences(dockerfile).map(hoverSubject);
}

describe('hoverSubject: which references get a lookup', () => {
  it('looks up private ECR images by tag, digest or implied latest, after ARG substitution', () => {
    const subjects = referencesOf(
      [
        `ARG BASE=${REGISTRY}/shop/web`,
        'FROM ${BASE}:1.4.2 AS build',
        `FROM --platform=linux/arm64 ${REGISTRY}/shop/api@${DIGEST}`,
        `FROM ${REGISTRY}/shop/worker`,
        `COPY --from=${REGISTRY}/shop/tools:1 /x /x`,
      ].join('\n'),
    );
    assert.deepEqual(
      subjects.map((s) => (s.kind === 'ecr' ? [s.ref.repository, s.ref.tag, s.ref.digest, s.ref.impliedLatest] : s)),
      [
        ['shop/web', '1.4.2', undefined, undefined],
        ['shop/api', undefined, DIGEST, undefined],
        ['shop/worker', 'latest', undefined, true],
        ['shop/tools', '1', undefined, undefined],
      ],
    );
  });

  it('makes no lookup for stages, Docker Hub, other registries, or variables without a value', () => {
    const subjects = referencesOf(
      [
        'ARG TAG',
        'FROM node:20 AS deps',
        'FROM deps',
        `FROM ${REGISTRY}/shop/web:$TAG`,
        'FROM ghcr.io/owner/image:1',
        'FROM localhost:5000/mine',
        'FROM library/nginx',
        'COPY --from=0 /a /a',
      ].join('\n'),
    );
    assert.deepEqual(
      subjects.map((s) => s.kind),
      ['other', 'stage', 'unresolved', 'other', 'other', 'other', 'stage'],
    );
    assert.ok(subjects.every((s) => s.kind !== 'other' || s.problem === undefined));
    const unresolved = subjects[2];
    assert.ok(unresolved?.kind === 'unresolved');
    assert.equal(unresolved.variables, 'TAG');
    assert.match(quietHoverMarkdown(unresolved), /depends on TAG, which has no value before the build/);
    assert.match(quietHoverMarkdown(subjects[0] as Exclude<HoverSubject, { kind: 'ecr' | 'stage' }>), /no lookup/i);
  });

  it('explains what is wrong with an ECR reference it cannot use, instead of looking it up', () => {
    const subjects = referencesOf(
      [
        `FROM ${REGISTRY}/Shop/Web:1`,
        'FROM public.ecr.aws/docker/library/node:20',
        'FROM 1234.dkr.ecr.us-east-1.amazonaws.com/shop/web:1',
        `FROM docker://${REGISTRY}/shop/web:1`,
      ].join('\n'),
    );
    const problems = subjects.map((s) => (s.kind === 'other' ? s.problem : s.kind));
    assert.match(String(problems[0]), /must be lowercase/);
    assert.match(String(problems[1]), /ECR Public/);
    assert.match(String(problems[2]), /12 digits/);
    assert.match(String(problems[3]), /no scheme/);
    for (const s of subjects) {
      assert.ok(s.kind === 'other');
      assert.match(quietHoverMarkdown(s), /Not a valid Amazon ECR image reference/);
    }
  });
});

describe('usageHoverMarkdown: the answer', () => {
  const web = ecrRef(`${REGISTRY}/shop/web:1.4.2`);

  it('covered: ECS / EKS split, units, last in use, top clusters running first with links to their panels', () => {
    const clusters = [
      ecs('staging-web', 2, 1, minutesAgo(10)),
      eks('prod-eks', 9, 4, minutesAgo(1)),
      ecs('prod-web', 12, 3, minutesAgo(2)),
    ];
    const markdown = usageHoverMarkdown(web, covered(clusters), NOW);
    const { links, text } = checkSafe(markdown);
    assert.match(text, /shop\/web:1\.4\.2 · account 111122223333 · us-east-1/);
    assert.ok(text.includes(RESOURCE_ID));
    assert.match(text, /3 clusters \(2 ECS, 1 EKS\) · 23 running · 8 stopped in 24 h · last in use 1 minute ago/);
    const rows = text.split('\n').filter((l) => /^(ECS|EKS) /.test(l));
    assert.deepEqual(
      rows.map((r) => r.split(' · ')[0]),
      ['ECS prod-web', 'EKS prod-eks', 'ECS staging-web'],
    );
    assert.match(rows[0]!, /12 running · 3 stopped · last in use 2 minutes ago/);
    const arn = (kind: string, name: string): string => `arn:aws:${kind}:us-east-1:111122223333:cluster/${name}`;
    assert.deepEqual(links, [
      {
        command: 'imageFootprint.showEcsTaskDefinition',
        args: [{ resourceId: RESOURCE_ID, clusterArn: arn('ecs', 'prod-web') }],
      },
      {
        command: 'imageFootprint.showEksWorkloads',
        args: [{ resourceId: RESOURCE_ID, clusterArn: arn('eks', 'prod-eks') }],
      },
      {
        command: 'imageFootprint.showEcsTaskDefinition',
        args: [{ resourceId: RESOURCE_ID, clusterArn: arn('ecs', 'staging-web') }],
      },
      { command: 'imageFootprint.lookupImage', args: [`${REGISTRY}/shop/web:1.4.2`] },
    ]);
  });

  it('lists at most 5 clusters and counts the rest; says 100+ when more pages exist', () => {
    const clusters = Array.from({ length: 100 }, (_, i) => ecs(`c${i}`, i % 7, 1, minutesAgo(i)));
    const { text, links } = checkSafe(usageHoverMarkdown(web, covered(clusters, true), NOW));
    assert.match(text, /100\+ clusters \(first 100: 100 ECS, 0 EKS\)/);
    assert.match(text, /… and 95\+ more/);
    assert.equal(links.filter((l) => l.command === 'imageFootprint.showEcsTaskDefinition').length, 5);
    const few = checkSafe(usageHoverMarkdown(web, covered(clusters.slice(0, 7)), NOW)).text;
    assert.match(few, /7 clusters \(7 ECS, 0 EKS\)/);
    assert.match(few, /… and 2 more/);
    assert.doesNotMatch(few, /\+/);
  });

  it('names clusters of another account, and does not link clusters of an unknown kind', () => {
    const unknown: ClusterInfo = { clusterArn: 'arn:aws:foo:us-east-1:111122223333:thing/x', details: [] };
    const { text, links } = checkSafe(
      usageHoverMarkdown(web, covered([ecs('org-web', 1, 0, minutesAgo(5), '444455556666'), unknown]), NOW),
    );
    assert.match(text, /ECS org-web · 1 running .* · account 444455556666/);
    assert.match(text, /\(1 ECS, 0 EKS, 1 other\)/);
    assert.match(text, /Other arn:aws:foo/);
    assert.equal(links.length, 2);
  });

  it('not in use, not covered, cancelled', () => {
    assert.match(
      checkSafe(usageHoverMarkdown(web, covered([]), NOW)).text,
      /Not in use: Inspector lists no ECS or EKS/,
    );
    const notCovered = checkSafe(usageHoverMarkdown(web, { kind: 'notCovered', label: 'shop/web:1.4.2' }, NOW));
    assert.match(
      notCovered.text,
      /Not covered by Inspector: no scanned image shop\/web:1\.4\.2 in account 111122223333/,
    );
    assert.deepEqual(notCovered.links, [
      { command: 'imageFootprint.lookupImage', args: [`${REGISTRY}/shop/web:1.4.2`] },
    ]);
    const cancelled: ImageUsage = {
      kind: 'error',
      error: toFootprintError(Object.assign(new Error('Request aborted'), { name: 'AbortError' }), {
        service: 'inspector2',
        operation: 'GetClustersForImage',
      }),
    };
    assert.match(checkSafe(usageHoverMarkdown(web, cancelled, NOW)).text, /cancelled\. Hover again/);
  });

  it('an error is one line with what to do, and links to the actions that help', () => {
    const { text, links } = checkSafe(usageHoverMarkdown(web, failed('AccessDeniedException', 'denied', 403), NOW));
    const line = text.split('\n').find((l) => l.includes('Access denied'));
    assert.ok(line, text);
    assert.match(line, /inspector2:GetClustersForImage.*Ask for the IAM permission.*Hover again to retry\./);
    assert.deepEqual(
      links.map((l) => l.command),
      ['imageFootprint.lookupImage', 'imageFootprint.selectProfile'],
    );
  });

  it('shows a digest image by a short label and its resource id even when the lookup failed', () => {
    const ref = ecrRef(`${REGISTRY}/shop/web@${DIGEST}`);
    const { text } = checkSafe(usageHoverMarkdown(ref, failed('InternalServerException', 'boom', 500), NOW));
    assert.match(text, /shop\/web@sha256:ab12…ab12/);
    assert.ok(text.includes(RESOURCE_ID));
  });
});

describe('hostile strings stay text', () => {
  const HOSTILE = [
    '[x](command:workbench.action.openSettings)',
    '<img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '`code` ``x`` $(bug) $(x)',
    '\u202Eevil\u202C and \u2066isolate\u2069',
    'line1\nline2\r\n# heading\n- item',
    '![i](https://example.com/x.png) <https://example.com> www.example.com',
    ')](command:workbench.action.openSettings) ([',
    '&lt;b&gt; &#60;script&#62;',
    'x'.repeat(5000),
  ];
  const web = ecrRef(`${REGISTRY}/shop/web:1.4.2`);

  for (const [i, s] of HOSTILE.entries()) {
    it(`from AWS: cluster name, resource id and error message #${i}`, () => {
      const clusters: ClusterInfo[] = [
        { clusterArn: s, details: [] },
        { clusterArn: `arn:aws:ecs:us-east-1:111122223333:cluster/${s}`, details: [] },
        ecs('ok', 1, 0, minutesAgo(1)),
      ];
      for (const markdown of [
        usageHoverMarkdown(web, covered(clusters, false, s), NOW),
        usageHoverMarkdown(web, { kind: 'notCovered', label: s }, NOW),
        usageHoverMarkdown(web, { kind: 'error', error: new FootprintError('unknown', s, s, ['retry']) }, NOW),
      ]) {
        const { links, text } = checkSafe(markdown);
        assert.ok(text.length < 3000, `the hover shows ${text.length} characters`);
        for (const link of links) {
          // The hostile resource id reaches the panel commands intact, as data; the lookup gets the image URI.
          const expected =
            link.command === 'imageFootprint.lookupImage' ? [`${REGISTRY}/shop/web:1.4.2`] : [{ resourceId: s }];
          assert.deepEqual(
            link.args.map((a) =>
              typeof a === 'object' && a !== null ? { resourceId: (a as { resourceId: unknown }).resourceId } : a,
            ),
            expected,
          );
        }
        const visible = s.replace(/[\r\n]+/g, ' ');
        if (visible.length < 60 && !/[\u202A-\u202E\u2066-\u2069]/.test(s)) {
          assert.ok(
            text.includes(visible.replace(/\s+/g, ' ').trim()),
            `"${visible}" is not shown as text in:\n${text}`,
          );
        }
      }
    });

    it(`from the Dockerfile: the quiet lines #${i}`, () => {
      for (const subject of [
        { kind: 'other', image: s } as const,
        { kind: 'other', image: s, problem: s } as const,
        { kind: 'unresolved', image: s, variables: s } as const,
      ]) {
        const { links } = checkSafe(quietHoverMarkdown(subject));
        assert.deepEqual(links, []);
      }
    });
  }

  it('a hostile Dockerfile gets quiet lines with no links', async () => {
    const dockerfile = [
      'ARG EVIL=[x](command:workbench.action.openSettings)',
      'FROM $EVIL',
      'FROM <img',
      'FROM ${NOPE:?[y](command:workbench.action.openSettings)}',
      'FROM \u202Eevil',
    ].join('\n');
    const source: ImageUsageSource = { usage: () => assert.fail('no lookup for these') };
    const answers = await Promise.all(findImageReferences(dockerfile).map((r) => answerHover(r, source)));
    assert.equal(answers.length, 4);
    for (const answer of answers) {
      assert.ok(answer !== undefined);
      assert.deepEqual(checkSafe(answer).links, []);
    }
    assert.ok(checkSafe(answers[0]!).text.includes('[x](command:workbench.action.openSettings)'));
  });

  it('command URI arguments cannot end the link: ( ) [ ] and quotes are percent-encoded', () => {
    const uri = commandUri('imageFootprint.lookupImage', [`a)](command:x) ("'!*[]`]);
    assert.match(uri, /^command:imageFootprint\.lookupImage\?[A-Za-z0-9%._~-]+$/);
    assert.deepEqual(parseOurUri(uri).args, [`a)](command:x) ("'!*[]`]);
  });
});

describe('answerHover', () => {
  it('asks the source once for an ECR image, passes the signal on, and says nothing for a stage', async () => {
    const asked: [EcrImageRef, AbortSignal | undefined][] = [];
    const source: ImageUsageSource = {
      usage: async (ref, signal) => {
        asked.push([ref, signal]);
        return covered([ecs('prod-web', 3, 0, minutesAgo(1))]);
      },
    };
    const [image, stage] = findImageReferences(`FROM ${REGISTRY}/shop/web:1.4.2 AS a\nFROM a`);
    const signal = new AbortController().signal;
    const answer = await answerHover(image!, source, signal, () => NOW);
    assert.match(String(answer), /1 cluster\*\* \(1 ECS, 0 EKS\) · 3 running/);
    assert.equal(asked.length, 1);
    assert.equal(asked[0]![0].repository, 'shop/web');
    assert.equal(asked[0]![1], signal);
    assert.equal(await answerHover(stage!, source), undefined);
    assert.equal(asked.length, 1);
  });
});

describe('usageCodeLens', () => {
  it('counts clusters and running units, with + when more pages exist', () => {
    const clusters = [ecs('a', 2, 0, minutesAgo(1)), eks('b', 3, 1, minutesAgo(2))];
    assert.equal(usageCodeLens(covered(clusters), NOW).title, '$(server) 2 clusters · 5 running');
    assert.equal(usageCodeLens(covered(clusters, true), NOW).title, '$(server) 2+ clusters · 5+ running');
    assert.equal(usageCodeLens(covered([clusters[0]!]), NOW).title, '$(server) 1 cluster · 2 running');
    assert.match(
      usageCodeLens(covered(clusters), NOW).tooltip,
      /1 ECS, 1 EKS · 1 stopped in 24 h · last in use 1 minute ago/,
    );
  });

  it('not in use, not covered, errors', () => {
    assert.equal(usageCodeLens(covered([]), NOW).title, '$(server) not in use');
    assert.equal(
      usageCodeLens({ kind: 'notCovered', label: 'shop/web:1' }).title,
      '$(eye-closed) not covered by Inspector',
    );
    const denied = usageCodeLens(failed('AccessDeniedException', 'denied', 403));
    assert.equal(denied.title, '$(warning) cluster usage unavailable');
    assert.match(denied.tooltip, /Access denied/);
  });
});

describe('topClusters: the clusters the hover names', () => {
  const arbCluster = fc.record({
    // Few distinct values, so that ties on running units, last use and even ARN are common.
    clusterArn: fc.constantFrom(
      'arn:aws:ecs:us-east-1:111122223333:cluster/a',
      'arn:aws:ecs:us-east-1:111122223333:cluster/b',
      'arn:aws:eks:us-east-1:111122223333:cluster/c',
      'arn:aws:eks:us-east-1:111122223333:cluster/d',
    ),
    details: fc.array(
      fc.record({
        runningUnitCount: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
        stoppedUnitCount: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
        lastInUse: fc.option(fc.constantFrom(new Date(1e12), new Date(2e12)), { nil: undefined }),
        metadata: fc.constant({ kind: 'unknown' as const, tag: undefined }),
      }),
      { maxLength: 3 },
    ),
  });

  it('are the first of a stable sort by running units, last use and ARN, in that order', () => {
    fc.assert(
      fc.property(fc.array(arbCluster, { maxLength: 40 }), (clusters) => {
        const sorted = clusters
          .map((cluster) => ({ cluster, totals: clusterTotals(cluster.details) }))
          .sort(
            (a, b) =>
              b.totals.running - a.totals.running ||
              (b.totals.lastInUse?.getTime() ?? 0) - (a.totals.lastInUse?.getTime() ?? 0) ||
              (a.cluster.clusterArn < b.cluster.clusterArn ? -1 : a.cluster.clusterArn > b.cluster.clusterArn ? 1 : 0),
          )
          .slice(0, TOP_CLUSTERS)
          .map((r) => r.cluster);
        assert.deepEqual(
          topClusters(clusters).map((r) => r.cluster),
          sorted,
        );
        // The very objects of the page, in the same order (identity, not only equal values).
        topClusters(clusters).forEach((r, i) => assert.equal(r.cluster, sorted[i]));
      }),
      { numRuns: 500 },
    );
  });
});
