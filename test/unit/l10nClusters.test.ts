/**
 * The Image Clusters view, the tree's status rows, the Dockerfile hover and CodeLens, image reference messages,
 * export headers and panel titles in a pseudo-locale: the bundle exported from src/ now (`@vscode/l10n-dev`'s
 * `getL10nJson`, then its `qps-ploc` transform) is loaded into both `vscode.l10n` (the stand-in) and `@vscode/l10n`
 * (pure modules), real rows, tooltips and Markdown are rendered from realistic data, and what is left must hold no
 * English word of ours: only the data (names, ids, ARNs, regions), product names (ECS, EKS) and codicons. A string
 * written in place instead of through l10n stays English here and fails the test.
 *
 * Dates and counts come from `util/format.ts` in the display language: it is set to Japanese, whose relative times
 * ("3 日前") are not ASCII words either, as a translated VS Code would set it.
 */
import '../support/useStandIn';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as pureL10n from '@vscode/l10n';
import { getL10nJson, getL10nPseudoLocalized } from '@vscode/l10n-dev';
import type * as vscode from 'vscode';
import { FootprintError } from '../../src/aws/errors';
import type { ClusterInfo, Page } from '../../src/aws/types';
import { findImageReferences } from '../../src/dockerfile/references';
import {
  hoverSubject,
  quietHoverMarkdown,
  unresolvedText,
  usageCodeLens,
  usageHoverMarkdown,
} from '../../src/dockerfile/usageMarkdown';
import { CLUSTER_EXPORT_COLUMNS } from '../../src/inspector/clusterExport';
import { summarizeClusters } from '../../src/inspector/clusterModel';
import { ImageNode, type ClusterSource } from '../../src/inspector/clusterNodes';
import { showEcsTaskDefinitionPanel } from '../../src/inspector/ecsTaskDefinitionPanel';
import { showEksWorkloadsPanel } from '../../src/inspector/eksWorkloadsPanel';
import { parseEcrImage, type EcrImageRef } from '../../src/inspector/imageRef';
import { subjectFromResourceId } from '../../src/inspector/imageSubject';
import type { ImageUsage } from '../../src/inspector/imageUsage';
import type { InspectorPanels } from '../../src/inspector/panelProtocol';
import { NodeTreeProvider, type TreeNode } from '../../src/tree/node';
import { setFormatLocale } from '../../src/util/format';
import type { WebviewPanels } from '../../src/webview/panelShell';
import { findTestFiles } from '../support/testFiles';
import { l10nBundle } from '../support/vscodeStandIn';

const root = path.resolve(__dirname, '..', '..');
const ACCOUNT = '111122223333';
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const RESOURCE_ID = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/shop/web/${DIGEST}`;
const NOW = new Date('2026-03-01T12:00:00Z');
const ECS_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod-web`;
const EKS_ARN = `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/shop-eks`;
const OTHER_ACCOUNT_ARN = 'arn:aws:ecs:us-east-1:444455556666:cluster/batch';
const TASK_DEFINITION = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:42`;
/** The forms image reference messages quote (syntax, not words to translate). */
const EXPECTED_FORMS = [
  '<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag | @sha256:digest]',
  'arn:aws:ecr:<region>:<account>:repository/<repository>/sha256:<digest>',
];
/**
 * Data that appears in what is rendered below, and the service names our code puts in as they are (ECS, EKS). Words
 * of our own templates (Amazon, Inspector, ARG…) are not here: the pseudo-locale transforms them like any other.
 */
const DATA = [
  RESOURCE_ID,
  REGISTRY,
  ECS_ARN,
  EKS_ARN,
  OTHER_ACCOUNT_ARN,
  TASK_DEFINITION,
  ...EXPECTED_FORMS,
  'shop/web:1.4.2',
  'shop/web',
  'prod-web',
  'shop-eks',
  'batch',
  'web:42',
  'service:web',
  'payments',
  'checkout',
  'Deployment',
  'LambdaFunctionMetadata',
  'us-east-1',
  'AccessDeniedException',
  'arn:aws:sts::111122223333:assumed-role/dev/alice',
  'TARGETARCH',
  'ECS',
  'EKS',
];

/** Words of three letters or more in plain ASCII that are not data: English the pseudo-locale did not transform. */
function englishWords(text: string, data: readonly string[] = DATA): string[] {
  let rest = text
    .replace(/\]\(command:[^)]*\)/g, ']') // our command links' targets
    .replace(/\$\([a-z-]+(~spin)?\)/g, ' ') // codicons
    .replace(/&nbsp;/g, ' ') // spaces as `appendText` writes them
    .replace(/\\/g, ''); // Markdown escapes
  // Longest first, so that a name inside an ARN does not leave the rest of the ARN behind.
  for (const d of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(d).join(' ');
  return rest.match(/\b[A-Za-z]{3,}\b/g) ?? [];
}

function assertTranslated(what: string, text: string | undefined, data?: readonly string[]): void {
  assert.ok(text !== undefined && text.trim() !== '', `${what}: nothing rendered`);
  assert.deepEqual(englishWords(text, data), [], `${what}: ${text}`);
}

function tooltipText(tooltip: string | vscode.MarkdownString | undefined): string | undefined {
  return typeof tooltip === 'string' || tooltip === undefined ? tooltip : tooltip.value;
}

function labelText(item: vscode.TreeItem): string | undefined {
  return typeof item.label === 'string' ? item.label : item.label?.label;
}

/** Every text of a row a user reads or hears: label, description, tooltip (built on hover), screen reader label. */
function rowTexts(provider: NodeTreeProvider, node: TreeNode): Record<string, string | undefined> {
  const item = provider.resolveTreeItem(provider.getTreeItem(node), node);
  return {
    label: labelText(item),
    description: typeof item.description === 'string' ? item.description : undefined,
    tooltip: tooltipText(item.tooltip),
    accessibility: item.accessibilityInformation?.label,
    command: item.command?.title,
  };
}

function assertRow(provider: NodeTreeProvider, node: TreeNode, data?: readonly string[]): void {
  const texts = rowTexts(provider, node);
  assert.ok(texts.label, `${node.id}: a label`);
  for (const [part, text] of Object.entries(texts)) {
    if (text !== undefined && text !== '') assertTranslated(`${node.id} ${part}`, text, data);
  }
}

function ref(text: string): EcrImageRef {
  const parsed = parseEcrImage(text);
  assert.ok(parsed.ok, text);
  return parsed.ref;
}

const hoursAgo = (h: number): Date => new Date(NOW.getTime() - h * 3600_000);

const ECS_CLUSTER: ClusterInfo = {
  clusterArn: ECS_ARN,
  details: [
    {
      lastInUse: hoursAgo(2),
      runningUnitCount: 3,
      stoppedUnitCount: 1,
      metadata: { kind: 'ecs', detailsGroup: 'service:web', taskDefinitionArn: TASK_DEFINITION },
    },
    // Inspector says nothing of the details group and last use.
    { runningUnitCount: 0, stoppedUnitCount: 2, metadata: { kind: 'ecs', detailsGroup: '', taskDefinitionArn: '' } },
  ],
};
const EKS_CLUSTER: ClusterInfo = {
  clusterArn: EKS_ARN,
  details: [
    {
      lastInUse: hoursAgo(30),
      runningUnitCount: 1,
      stoppedUnitCount: 0,
      metadata: { kind: 'eks', namespace: 'payments', workloads: [{ name: 'checkout', type: 'Deployment' }] },
    },
    {
      runningUnitCount: 2,
      stoppedUnitCount: 0,
      metadata: {
        kind: 'eks',
        workloads: [
          { name: 'checkout', type: 'Deployment' },
          { name: '', type: 'Deployment' },
        ],
      },
    },
    { runningUnitCount: 1, stoppedUnitCount: 0, metadata: { kind: 'unknown', tag: 'LambdaFunctionMetadata' } },
    { runningUnitCount: 0, stoppedUnitCount: 0, metadata: { kind: 'unknown' } },
  ],
};
/** A cluster whose ARN Inspector left empty. */
const UNNAMED_CLUSTER: ClusterInfo = {
  clusterArn: '',
  details: [{ runningUnitCount: 0, stoppedUnitCount: 0, metadata: { kind: 'unknown' } }],
};

/** A source of pages that the test releases one by one (to show the loading row), or that fails. */
class Pages implements ClusterSource {
  private releases: (() => void)[] = [];
  constructor(
    private readonly pages: readonly (readonly ClusterInfo[])[],
    private readonly failAt?: number,
  ) {}
  hold = false;
  async loadClustersPage(_image: unknown, token: string | undefined): Promise<Page<ClusterInfo>> {
    const i = token === undefined ? 0 : Number(token);
    if (this.hold) await new Promise<void>((resolve) => this.releases.push(resolve));
    if (i === this.failAt) throw new Error('denied');
    return { items: this.pages[i] ?? [], nextToken: i + 1 < this.pages.length ? String(i + 1) : undefined };
  }
  release(): void {
    for (const r of this.releases.splice(0)) r();
  }
  toError(): FootprintError {
    // Service text is data: the message and hint here stand for what aws/errors.ts makes of an AWS answer.
    return new FootprintError(
      'accessDenied',
      `AccessDeniedException: arn:aws:sts::111122223333:assumed-role/dev/alice`,
      'us-east-1',
      ['retry'],
    );
  }
}

function imageTree(source: ClusterSource): { provider: NodeTreeProvider; image: ImageNode } {
  const subject = subjectFromResourceId(RESOURCE_ID, `${REGISTRY}/shop/web:1.4.2`);
  assert.ok(subject);
  const roots: ImageNode[] = [];
  const provider = new NodeTreeProvider(() => roots);
  const image = new ImageNode({ ...subject, tag: '1.4.2' }, source, provider.notify);
  roots.push(image);
  return { provider, image };
}

async function everyRow(provider: NodeTreeProvider, node: TreeNode, data?: readonly string[]): Promise<number> {
  assertRow(provider, node, data);
  let rows = 1;
  for (const child of (await provider.getChildren(node)) ?? []) rows += await everyRow(provider, child, data);
  return rows;
}

describe('localization of the Image Clusters view, Dockerfile hover and CodeLens (pseudo-locale)', function () {
  this.timeout(60_000);

  before(async () => {
    const sources = findTestFiles([path.join(root, 'src')], '.ts');
    const exported = await getL10nJson(sources.map((f) => ({ extension: '.ts', contents: readFileSync(f, 'utf8') })));
    const pseudo = getL10nPseudoLocalized(exported) as Record<string, string>;
    l10nBundle.contents = pseudo;
    pureL10n.config({ contents: pseudo });
    setFormatLocale('ja');
  });
  after(() => {
    l10nBundle.contents = undefined;
    pureL10n.config({ contents: {} });
    setFormatLocale(undefined);
  });

  it('finds English that bypasses l10n (the check itself)', () => {
    assert.deepEqual(englishWords('$(server) 3 running · řŭŭƞƞīƞɠ'), ['running']);
    assert.deepEqual(englishWords(`Ŀȧȧşŧ: ${ECS_ARN} prod\\-web`), []);
  });

  it('renders every row of an image, its clusters, details and workloads, and Load more', async () => {
    const { provider, image } = imageTree(new Pages([[ECS_CLUSTER, EKS_CLUSTER, UNNAMED_CLUSTER], [ECS_CLUSTER]]));
    const rows = await everyRow(provider, image);
    // image, 3 clusters, 2 + 4 + 1 details, 1 + 2 workloads, Load more
    assert.equal(rows, 15);
    const children = await image.getChildren();
    const loadMore = children.at(-1);
    assert.equal(loadMore?.id, `${image.id}/$more`);
    assert.ok(rowTexts(provider, loadMore).label !== 'Load more…');
  });

  it('renders the loading row, the complete count and the empty row', async () => {
    const source = new Pages([[ECS_CLUSTER], [EKS_CLUSTER]]);
    const { provider, image } = imageTree(source);
    await image.getChildren();
    source.hold = true;
    const loading = image.clusters.loadMore();
    const rows = await image.getChildren();
    assert.equal(rows.at(-1)?.id, `${image.id}/$more`);
    assert.equal(provider.getTreeItem(rows.at(-1) as TreeNode).contextValue, 'loading');
    assertRow(provider, rows.at(-1) as TreeNode);
    source.release();
    await loading;
    provider.notify(undefined);
    assertRow(provider, image); // "2 clusters"

    const empty = imageTree(new Pages([[]]));
    const [row] = await empty.image.getChildren();
    assert.ok(row);
    assertRow(empty.provider, row);
    assertRow(empty.provider, empty.image); // "0 clusters"
  });

  it('renders an error row with Retry', async () => {
    const { provider, image } = imageTree(new Pages([[ECS_CLUSTER], []], 1));
    await image.getChildren();
    await image.clusters.loadMore();
    const rows = await image.getChildren();
    const error = rows.at(-1) as TreeNode;
    assert.equal(provider.getTreeItem(error).contextValue, 'retryableError');
    assertRow(provider, error);
    assertRow(provider, image); // "1+ clusters"
  });

  it('renders the hover of each answer, and the quiet hovers', () => {
    const web = ref(`${REGISTRY}/shop/web:1.4.2`);
    const many = Array.from({ length: 7 }, (_, i) => ({ ...ECS_CLUSTER, clusterArn: `${ECS_ARN}-${i}` }));
    const data = [...DATA, ...many.map((c) => c.clusterArn.split('/').pop() as string)];
    const usages: ImageUsage[] = [
      {
        kind: 'covered',
        resourceId: RESOURCE_ID,
        clusters: [ECS_CLUSTER, EKS_CLUSTER, { ...ECS_CLUSTER, clusterArn: OTHER_ACCOUNT_ARN }, UNNAMED_CLUSTER],
        summary: summarizeClusters([ECS_CLUSTER, EKS_CLUSTER, UNNAMED_CLUSTER], NOW),
        more: false,
      },
      { kind: 'covered', resourceId: RESOURCE_ID, clusters: many, summary: summarizeClusters(many, NOW), more: true },
      { kind: 'covered', resourceId: RESOURCE_ID, clusters: [], summary: summarizeClusters([], NOW), more: false },
      { kind: 'notCovered', label: 'shop/web:1.4.2' },
      { kind: 'error', error: new FootprintError('cancelled', 'inspector2:GetClustersForImage', '', []) },
      { kind: 'error', error: new Pages([]).toError() },
    ];
    for (const usage of usages) {
      const markdown = usageHoverMarkdown(web, usage, NOW);
      assertTranslated(`hover of ${usage.kind}`, markdown, [...data, 'inspector2:GetClustersForImage']);
    }
    const dockerfile = [
      'ARG TARGETARCH',
      `FROM ${REGISTRY}/shop/web-\${TARGETARCH}:1`,
      `FROM ${REGISTRY}/Shop/Web:1`,
      'FROM docker://node:20',
      'FROM node:20',
    ].join('\n');
    const quiet = findImageReferences(dockerfile).map(hoverSubject);
    assert.deepEqual(
      quiet.map((s) => s.kind),
      ['unresolved', 'other', 'other', 'other'],
    );
    for (const subject of quiet) {
      if (subject.kind === 'ecr' || subject.kind === 'stage') continue;
      const markdown = quietHoverMarkdown(subject);
      assertTranslated(`quiet hover of ${subject.image}`, markdown, [...DATA, subject.image, 'Shop/Web', 'node']);
    }
  });

  it("translates the parser's own reasons for an unresolved image", () => {
    const deep = `${'${A:-'.repeat(20)}x${'}'.repeat(20)}`;
    const [reference] = findImageReferences(`ARG A\nFROM ${REGISTRY}/shop/web:${deep}`);
    const unresolved = reference?.unresolved ?? '';
    assert.ok(unresolved.includes('variables nested too deeply'), unresolved);
    assertTranslated('reasons', unresolvedText(unresolved), ['A']);
    const [long] = findImageReferences(`ARG A=${'x'.repeat(5000)}\nFROM ${REGISTRY}/shop/web:\${A}`);
    assert.match(long?.unresolved ?? '', /value longer than/);
    assertTranslated('reasons', unresolvedText(long?.unresolved ?? ''));
  });

  it('renders the CodeLens of each answer', () => {
    const clusters = [ECS_CLUSTER, EKS_CLUSTER];
    const summary = summarizeClusters(clusters, NOW);
    const usages: ImageUsage[] = [
      { kind: 'covered', resourceId: RESOURCE_ID, clusters, summary, more: false },
      { kind: 'covered', resourceId: RESOURCE_ID, clusters, summary, more: true },
      {
        kind: 'covered',
        resourceId: RESOURCE_ID,
        clusters: [ECS_CLUSTER],
        summary: summarizeClusters([ECS_CLUSTER], NOW),
        more: false,
      },
      { kind: 'covered', resourceId: RESOURCE_ID, clusters: [], summary: summarizeClusters([], NOW), more: false },
      { kind: 'notCovered', label: 'shop/web:1.4.2' },
      { kind: 'error', error: new FootprintError('cancelled', 'cancelled', '', []) },
    ];
    for (const usage of usages) {
      const lens = usageCodeLens(usage, NOW);
      assertTranslated(`CodeLens title of ${usage.kind}`, lens.title);
      assertTranslated(`CodeLens tooltip of ${usage.kind}`, lens.tooltip);
    }
    const failed = usageCodeLens({ kind: 'error', error: new Pages([]).toError() }, NOW);
    assertTranslated('CodeLens title of an error', failed.title);
  });

  it('says what is wrong with an image reference in the display language', () => {
    const inputs = [
      '',
      ' a b ',
      'x'.repeat(2000),
      'node:20',
      'public.ecr.aws/shop/web:1',
      'registry.example.com/shop/web:1',
      `1234.dkr.ecr.us-east-1.amazonaws.com/shop/web:1`,
      `${ACCOUNT}.dkr.ecr.moon-base-1.amazonaws.com/shop/web:1`,
      `${ACCOUNT}.dkr-ecr.us-east-1.amazonaws.com/shop/web:1`,
      `${ACCOUNT}.dkr-ecr.cn-north-1.on.aws/shop/web:1`,
      `${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com/shop/web:1`,
      REGISTRY,
      `${REGISTRY}/`,
      `${REGISTRY}/s`,
      `${REGISTRY}/Shop/web:1`,
      `${REGISTRY}/shop//web:1`,
      `${REGISTRY}/shop/we..b:1`,
      `${REGISTRY}/shop/web:`,
      `${REGISTRY}/shop/web:${'t'.repeat(129)}`,
      `${REGISTRY}/shop/web:-x`,
      `${REGISTRY}/shop/web@md5:00`,
      `${REGISTRY}/shop/web@sha256:00`,
      'arn:aws:ecs:us-east-1:111122223333:cluster/app',
      'arn:aws:ecr:moon-base-1:111122223333:repository/shop/web',
      'arn:aws-cn:ecr:us-east-1:111122223333:repository/shop/web',
      'arn:aws:ecr:us-east-1:1111:repository/shop/web',
      'arn:aws:ecr:us-east-1:111122223333:image/shop/web',
      'arn:aws:ecr:us-east-1:111122223333:repository/shop/web',
    ];
    // Unquoted data: hosts and partitions the messages suggest.
    const data = [
      ...DATA,
      '<account>.dkr-ecr.us-east-1.on.aws',
      '<account>.dkr.ecr.cn-north-1.amazonaws.com.cn',
      '.amazonaws.com.cn',
      'cn-north-1',
      'aws-cn',
      ' aws ',
    ];
    for (const input of inputs) {
      const parsed = parseEcrImage(input);
      assert.ok(!parsed.ok, input);
      // Quoted text and the forms it expects are data; every word around them is ours.
      const quoted = parsed.message.match(/'[^']*'/g) ?? [];
      assertTranslated(`message for ${input.slice(0, 40)}`, parsed.message, [...data, ...quoted]);
    }
  });

  it('names export columns and panels in the display language', () => {
    for (const column of CLUSTER_EXPORT_COLUMNS) assertTranslated('export header', column.header);
    const titles: string[] = [];
    const panels = {
      show: (_kind: string, _key: string, title: string) => titles.push(title),
    } as unknown as WebviewPanels<InspectorPanels>;
    showEcsTaskDefinitionPanel(panels, { imageLabel: 'shop/web:1.4.2', resourceId: RESOURCE_ID, cluster: ECS_CLUSTER });
    showEksWorkloadsPanel(panels, { imageLabel: 'shop/web:1.4.2', resourceId: RESOURCE_ID, cluster: EKS_CLUSTER });
    showEksWorkloadsPanel(panels, {
      imageLabel: 'shop/web:1.4.2',
      resourceId: RESOURCE_ID,
      cluster: EKS_CLUSTER,
      namespace: 'payments',
    });
    assert.equal(titles.length, 3);
    for (const title of titles) assertTranslated('panel title', title);
  });
});
