/**
 * Image Builder's text in a pseudo-locale: the bundle exported from src/ now (`@vscode/l10n-dev`, as
 * `npm run l10n:export` does) is pseudo-localized and loaded into both `vscode.l10n` (the stand-in's) and
 * `@vscode/l10n` (the pure modules'); then real rows of the Lifecycle view (policies, executions, resources in every
 * in-use state, their children, the workspace references), Problems entries of every fate, quick fix titles, export
 * headers, the panel title and the execution id checks are rendered with realistic data. What they show may hold
 * data (AWS states and actions, names, ids, dates from the formatter) and nothing else in English: a string written
 * in place instead of through l10n fails here. The same rendering in English must show English words (the check
 * sees the text it claims to check).
 */
import '../support/useStandIn';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as pureL10n from '@vscode/l10n';
import { getL10nJson, getL10nPseudoLocalized } from '@vscode/l10n-dev';
import type * as vscode from 'vscode';
import type { FootprintError } from '../../src/aws/errors';
import type { LifecycleExecution, LifecyclePolicySummary, LifecycleResource } from '../../src/aws/types';
import { ListedExecutionNode, OpenedExecutionNode } from '../../src/imagebuilder/executionNodes';
import type { ImageBuilderLifecycle } from '../../src/imagebuilder/lifecycle';
import { fateProblem, type FateMatch, type ImageFate } from '../../src/imagebuilder/lifecycleIndex';
import { describeResource, validateExecutionId } from '../../src/imagebuilder/lifecycleModel';
import { regionFailure, usageNote } from '../../src/imagebuilder/lifecycleProblemsSupport';
import { quickFixTitles } from '../../src/imagebuilder/lifecycleQuickFixes';
import type { LifecycleSource } from '../../src/imagebuilder/lifecycleSource';
import { PoliciesNode, PolicyNode } from '../../src/imagebuilder/policyNodes';
import { ReferenceRowNode, type WorkspaceHit } from '../../src/imagebuilder/referencedNodes';
import { RESOURCE_EXPORT_COLUMNS } from '../../src/imagebuilder/resourceExport';
import { ResourceNode } from '../../src/imagebuilder/resourceNodes';
import { showSnapshotStatesPanel } from '../../src/imagebuilder/snapshotStatesPanel';
import { parseEcrImage, type EcrImageRef } from '../../src/inspector/imageRef';
import type { ImageUsage } from '../../src/inspector/imageUsage';
import { FILE_KIND_LABEL } from '../../src/references/model';
import type { TreeNode } from '../../src/tree/node';
import { dateAndAge, relativeTime } from '../../src/util/format';
import { toCsv } from '../../src/util/tableExport';
import type { ImageBuilderPanels } from '../../src/imagebuilder/snapshotStatesProtocol';
import type { WebviewPanels } from '../../src/webview/panelShell';
import { findTestFiles } from '../support/testFiles';
import { l10nBundle, Uri } from '../support/vscodeStandIn';

const root = path.resolve(__dirname, '..', '..');
const HOST = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const D1 = `sha256:${'a1'.repeat(32)}`;
const D2 = `sha256:${'b2'.repeat(32)}`;
const WEST = '111122223333.dkr.ecr.us-west-2.amazonaws.com';
const IMAGE_ARN = 'arn:aws:imagebuilder:us-east-1:111122223333:image/shop-worker/0.9.7/1';
const POLICY_ARN = 'arn:aws:imagebuilder:us-east-1:111122223333:lifecycle-policy/shop-retention';
const EXECUTION_ID = 'lce-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const RAN = new Date(Date.UTC(2026, 10, 11, 8, 30));
const ENDED = new Date(Date.UTC(2026, 10, 11, 9, 5));

/**
 * Data that may appear as it is: AWS states, actions and resource types, names, ids, ARNs, regions and accounts,
 * the formatter's dates, and words of other modules (file kind labels of src/references).
 */
const DATA = [
  ...['DELETE', 'DEPRECATE', 'DISABLE', 'SUCCESS', 'FAILED', 'IN_PROGRESS', 'SKIPPED', 'ENABLED', 'DISABLED'],
  ...['CONTAINER_IMAGE', 'AMI_IMAGE', 'AccessDenied', 'Throttling', 'snapshot copy timed out'],
  ...['shop-retention', 'Keeps the last five builds', 'shop/web', 'shop/worker', 'shop-worker', 'lce-'],
  ...['us-east-1', 'us-west-2', '111122223333', 'snap-0a9b8c7d6e5f4a3b2', 'ami-0abcdef1234567890', 'work-prod'],
  ...['includeResources.containers', 'Image Footprint', HOST, WEST, D1, D2, POLICY_ARN, IMAGE_ARN, EXECUTION_ID],
  ...['PENDING', 'Deployment web'],
  ...['The security token included in the request is invalid', 'not-an-id', 'sha256', 'arn', 'aws', 'imagebuilder'],
  ...Object.values(FILE_KIND_LABEL),
];

function ref(text: string): EcrImageRef {
  const parsed = parseEcrImage(text);
  assert.ok(parsed.ok, text);
  return parsed.ref;
}

function covered(runningClusters: number, inUseClusters: number, more = false, digest = D1): ImageUsage {
  return {
    kind: 'covered',
    resourceId: `arn:aws:ecr:us-east-1:111122223333:repository/shop/web/${digest}`,
    clusters: [],
    summary: {
      clusters: inUseClusters,
      ecs: inUseClusters,
      eks: 0,
      inUseClusters,
      runningClusters,
      running: runningClusters * 3,
      stopped: 0,
    },
    more,
  };
}

const error = (message: string, kind = 'auth'): FootprintError =>
  ({
    kind,
    message,
    hint: '',
    actions: [],
    fullMessage: message,
    actionLook: () => undefined,
  }) as unknown as FootprintError;

/** A sample of shown text, and the data (besides DATA) it may show. */
interface Sample {
  readonly what: string;
  readonly text: string;
  readonly data?: readonly string[];
}

/** ASCII words of three letters or more left once the data is taken out: English that was not translated. */
function englishWords(text: string, data: readonly string[]): string[] {
  let rest = text.replace(/&nbsp;/g, ' ').replace(/\\/g, '');
  for (const d of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(d).join(' ');
  return rest.match(/\b[A-Za-z]{3,}\b/g) ?? [];
}

function itemTexts(what: string, item: vscode.TreeItem, tooltip?: vscode.MarkdownString | string): Sample[] {
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const texts: Sample[] = [{ what: `${what}: label`, text: label }];
  if (typeof item.description === 'string') texts.push({ what: `${what}: description`, text: item.description });
  const tip = tooltip ?? item.tooltip;
  if (tip) texts.push({ what: `${what}: tooltip`, text: typeof tip === 'string' ? tip : tip.value });
  if (item.command?.title) texts.push({ what: `${what}: command title`, text: item.command.title });
  return texts;
}

function rows(what: string, node: TreeNode): Sample[] {
  return itemTexts(what, node.getTreeItem(), node.getTooltip?.());
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

/** A source with the policy's rules and Inspector's answers the test decides; no request leaves it. */
function source(
  rules: { containers?: boolean } | 'unreadable',
  usage: (ref: EcrImageRef) => Promise<ImageUsage>,
  hits: readonly WorkspaceHit[] = [],
): LifecycleSource {
  return {
    notify: () => undefined,
    lifecycle: {
      knownPolicy: () => undefined,
      policy: () =>
        rules === 'unreadable'
          ? Promise.reject(new Error('denied'))
          : Promise.resolve({
              arn: POLICY_ARN,
              resourceType: 'CONTAINER_IMAGE',
              rules: [{ actionType: 'DELETE', includeResources: rules }],
            }),
      toError: () => error('The security token included in the request is invalid'),
      resources: () => Promise.resolve({ items: [] }),
    } as unknown as ImageBuilderLifecycle,
    limitCheckRead: (task) => task(),
    imageUsage: (r) => usage(r),
    workspaceReferences: () => hits,
  };
}

const execution: LifecycleExecution = {
  lifecycleExecutionId: EXECUTION_ID,
  lifecyclePolicyArn: POLICY_ARN,
  hasImpactedResources: false,
  state: { status: 'FAILED', reason: 'AccessDenied' },
  startTime: RAN,
  endTime: ENDED,
};

function opened(s: LifecycleSource): OpenedExecutionNode {
  return new OpenedExecutionNode({ executionId: EXECUTION_ID, region: 'us-east-1', source: s, execution });
}

const resource = (over: Partial<LifecycleResource>): LifecycleResource => ({
  accountId: '111122223333',
  region: 'us-east-1',
  action: { name: 'DELETE', reason: 'Throttling' },
  state: { status: 'SUCCESS' },
  startTime: RAN,
  endTime: ENDED,
  snapshots: [],
  imageUris: [],
  ...over,
});

/** A resource row after its in-use check, with its tooltip and the rows under it. */
async function resourceRows(
  what: string,
  s: LifecycleSource,
  r: LifecycleResource,
  topLevel = false,
): Promise<Sample[]> {
  const parent = opened(s);
  const node = new ResourceNode({ parent, execution: parent, resource: r, index: 0, topLevel });
  node.rowShown();
  await settle();
  const samples = rows(what, node);
  for (const [i, child] of (await node.getChildren()).entries()) {
    samples.push(...rows(`${what} › child ${i}`, child));
    if (child.constructor.name === 'SnapshotsNode') {
      for (const [j, snap] of (await child.getChildren()).entries()) {
        samples.push(...rows(`${what} › snapshot ${j}`, snap));
      }
    }
  }
  return samples;
}

async function lifecycleView(): Promise<Sample[]> {
  const samples: Sample[] = [];
  const pending = (): Promise<ImageUsage> => new Promise<ImageUsage>(() => undefined);
  const never = source({ containers: true }, pending);
  const policies = new PoliciesNode('us-east-1', 'work-prod', never);
  samples.push(...rows('policies root', policies));
  const summaries: LifecyclePolicySummary[] = [
    {
      arn: POLICY_ARN,
      name: 'shop-retention',
      description: 'Keeps the last five builds',
      status: 'ENABLED',
      resourceType: 'CONTAINER_IMAGE',
      dateLastRun: RAN,
    },
    { arn: POLICY_ARN, name: 'shop-retention', status: 'DISABLED', resourceType: 'AMI_IMAGE' },
  ];
  for (const [i, policy] of summaries.entries()) {
    const node = new PolicyNode({ parent: policies, policy, index: i, source: never });
    samples.push(...rows(`policy ${i}`, node).map((s) => ({ ...s, data: [relativeTime(RAN), dateAndAge(RAN)] })));
    const listed = new ListedExecutionNode({ policy: node, execution, index: 0, source: never });
    samples.push(...rows(`listed execution ${i}`, listed).map((s) => ({ ...s, data: dates() })));
  }
  const bare = new OpenedExecutionNode({ executionId: EXECUTION_ID, region: 'us-east-1', source: never });
  samples.push(...rows('opened execution, state unknown', bare));
  samples.push(...(await resourceRows('checking', never, resource({ resourceId: `${HOST}/shop/web@${D1}` }))));

  const ecr = resource({ resourceId: `${HOST}/shop/web@${D1}` });
  const file = Uri.file('/work/shop/k8s/web.yaml') as unknown as vscode.Uri;
  const hits: WorkspaceHit[] = (['digest', 'tag'] as const).map((match, line) => ({
    uri: file,
    match,
    reference: {
      fileKind: 'kubernetes',
      range: { start: { line, character: 4 }, end: { line, character: 60 } },
      related: [],
      raw: `${HOST}/shop/web@${D1}`,
      context: 'Deployment web',
      target: { kind: 'ecr', ref: ref(`${HOST}/shop/web@${D1}`) },
    },
  }));
  const withHits = source({ containers: true }, () => Promise.resolve(covered(3, 4, true)), hits);
  samples.push(...(await resourceRows('running, urgent, referenced', withHits, ecr)));
  for (const hit of hits) {
    const row = new ReferenceRowNode(opened(withHits), hit, 0);
    samples.push(...rows(`reference by ${hit.match}`, row).map((s) => ({ ...s, data: [String(file), 'web.yaml'] })));
  }
  const one = source({ containers: true }, () => Promise.resolve(covered(1, 1)), hits.slice(0, 1));
  samples.push(...(await resourceRows('running in one cluster', one, ecr)));
  samples.push(
    ...(await resourceRows(
      'recent',
      source({}, () => Promise.resolve(covered(0, 2))),
      ecr,
    )),
  );
  samples.push(
    ...(await resourceRows(
      'not in use',
      source({}, () => Promise.resolve(covered(0, 0))),
      ecr,
    )),
  );
  const notCovered = source({}, () => Promise.resolve({ kind: 'notCovered', label: 'shop/web' }));
  samples.push(...(await resourceRows('not covered', notCovered, ecr)));
  const failed = source({}, () => Promise.resolve({ kind: 'error', error: error('Throttling') }));
  samples.push(...(await resourceRows('check failed', failed, resource({ resourceId: ecr.resourceId }))));

  // An Image Builder image of a container policy, its ECR images in two regions.
  const image = resource({
    resourceId: IMAGE_ARN,
    imageUris: [`${HOST}/shop/worker@${D1}`, `${WEST}/shop/worker@${D2}`],
    state: { status: 'IN_PROGRESS' },
  });
  const two = source({ containers: true }, (r) =>
    Promise.resolve(r.region === 'us-east-1' ? covered(2, 2) : covered(0, 0)),
  );
  samples.push(...(await resourceRows('image with two ECR images', two, image)));
  samples.push(...(await resourceRows('policy keeps the ECR images', source({ containers: false }, pending), image)));
  const keptDone = resource({ ...image, state: { status: 'SUCCESS' } });
  samples.push(...(await resourceRows('kept, deleted', source({ containers: false }, pending), keptDone)));
  samples.push(
    ...(await resourceRows(
      'policy unreadable',
      source('unreadable', () => Promise.resolve(covered(0, 0))),
      image,
    )),
  );
  samples.push(...(await resourceRows('skipped', never, resource({ ...image, state: { status: 'SKIPPED' } }))));
  const ami = resource({
    resourceId: 'ami-0abcdef1234567890',
    action: { name: 'DEPRECATE' },
    state: { status: 'FAILED', reason: 'snapshot copy timed out' },
    snapshots: [{ snapshotId: 'snap-0a9b8c7d6e5f4a3b2', state: { status: 'FAILED' } }, {}],
  });
  samples.push(...(await resourceRows('AMI with snapshots', never, ami, true)));
  const parent = opened(never);
  const amiNode = new ResourceNode({ parent, execution: parent, resource: ami, index: 0, topLevel: true });
  samples.push(...rows('associated resources', amiNode.associatedGroup!));
  samples.push({ what: 'resource without id', text: describeResource(resource({})).label });
  return samples.map((s) => ({ ...s, data: [...(s.data ?? []), ...dates()] }));
}

function dates(): string[] {
  return [dateAndAge(RAN), dateAndAge(ENDED), RAN.toLocaleString(), relativeTime(RAN)];
}

function problems(): Sample[] {
  const samples: Sample[] = [];
  const base: ImageFate = {
    policyArn: POLICY_ARN,
    policyName: 'shop-retention',
    region: 'us-east-1',
    executionId: EXECUTION_ID,
    action: 'DELETE',
    state: 'SUCCESS',
    date: RAN,
    image: ref(`${HOST}/shop/web:1.3.0@${D1}`),
    removesImage: true,
  };
  const byDigest = ref(`${HOST}/shop/web@${D1}`);
  const byTag = ref(`${HOST}/shop/web:1.3.0`);
  for (const action of ['DELETE', 'DEPRECATE', 'DISABLE']) {
    for (const state of ['SUCCESS', 'FAILED', 'IN_PROGRESS', 'PENDING']) {
      for (const removesImage of [true, false, undefined]) {
        for (const usage of [undefined, covered(1, 1), covered(4, 4, true)]) {
          for (const [match, r] of [
            ['digest', byDigest],
            ['tag', byTag],
          ] as const) {
            const found: FateMatch = { fate: { ...base, action, state, removesImage, reason: 'AccessDenied' }, match };
            const problem = fateProblem(found, r, usage);
            assert.ok(problem, `${action} ${state}`);
            const what = `${action} ${state} removes=${String(removesImage)} ${match}`;
            samples.push({ what, text: problem.message, data: ['1.3.0', '11 Nov 2026', '4+'] });
          }
        }
      }
    }
    const moved = fateProblem({ fate: { ...base, action }, match: 'tag' }, byTag, undefined, covered(1, 1, false, D2));
    assert.equal(moved?.tagMoved, true);
    samples.push({ what: `${action}, tag moved`, text: moved.message, data: ['1.3.0', '11 Nov 2026'] });
  }
  const undated = fateProblem({ fate: { ...base, date: undefined }, match: 'digest' }, byDigest);
  samples.push({ what: 'no date', text: undated?.message ?? '' });
  const entry = fateProblem({ fate: base, match: 'digest' }, byDigest)!;
  const unknown: ImageUsage = { kind: 'error', error: error('Throttling') };
  samples.push({ what: 'where it runs is unknown', text: usageNote(unknown, entry) });
  samples.push({ what: 'region failed', text: regionFailure(error('Throttling'), 'us-east-1').message });
  for (const running of [0, 1, 3]) {
    const titles = quickFixTitles(base, running);
    for (const [key, text] of Object.entries(titles)) samples.push({ what: `quick fix ${key} (${running})`, text });
  }
  return samples;
}

function elsewhere(): Sample[] {
  const samples: Sample[] = [];
  for (const input of ['', 'not-an-id', 'lce-zz']) {
    samples.push({ what: `execution id "${input}"`, text: validateExecutionId(input) ?? '' });
  }
  samples.push({ what: 'export headers', text: toCsv(RESOURCE_EXPORT_COLUMNS, []) });
  const titles: string[] = [];
  const panels = { show: (_kind: string, _key: string, title: string) => void titles.push(title) };
  const input = { lifecycleExecutionId: EXECUTION_ID, resource: resource({ resourceId: 'ami-0abcdef1234567890' }) };
  showSnapshotStatesPanel(panels as unknown as WebviewPanels<ImageBuilderPanels>, input);
  samples.push({ what: 'panel title', text: titles.join('') });
  return samples;
}

async function everything(): Promise<Sample[]> {
  return [...(await lifecycleView()), ...problems(), ...elsewhere()];
}

describe('Image Builder text in a pseudo-locale (l10n)', function () {
  this.timeout(60_000);
  let pseudo: Record<string, string>;

  before(async () => {
    const sources = findTestFiles([path.join(root, 'src')], '.ts');
    const exported = await getL10nJson(sources.map((f) => ({ extension: '.ts', contents: readFileSync(f, 'utf8') })));
    pseudo = getL10nPseudoLocalized(exported) as Record<string, string>;
  });

  afterEach(() => {
    l10nBundle.contents = undefined;
    pureL10n.config({ contents: {} });
  });

  it('in English, the samples show words of ours (the check below sees real text)', async () => {
    const samples = await everything();
    const worded = samples.filter((s) => englishWords(s.text, [...DATA, ...(s.data ?? [])]).length > 0);
    // Labels that are only data (ids, names) have none; every message of ours has.
    assert.ok(samples.length > 250 && worded.length > 250, `${worded.length} of ${samples.length} samples have words`);
    for (const what of ['policy 1: description', 'panel title', 'export headers', 'quick fix open (0)']) {
      assert.ok(
        worded.some((s) => s.what === what),
        what,
      );
    }
  });

  it('in the pseudo-locale, no sample shows an English word but data', async () => {
    l10nBundle.contents = pseudo;
    pureL10n.config({ contents: pseudo });
    const samples = await everything();
    const english = samples
      .map((s) => ({ s, words: englishWords(s.text, [...DATA, ...(s.data ?? [])]) }))
      .filter(({ words }) => words.length > 0)
      .map(({ s, words }) => `${s.what}: ${words.join(' ')} — in "${s.text}"`);
    assert.deepEqual(english, []);
  });
});
