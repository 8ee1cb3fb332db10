/**
 * The pure part of the lifecycle problems: which runs are read, which fate counts for a reference (digest or tag),
 * and the severity and words of the Problems entry.
 */
import * as assert from 'node:assert/strict';
import type { LifecycleExecution } from '../../src/aws/types';
import type { UsageSummary } from '../../src/inspector/clusterModel';
import { parseEcrImage, type EcrImageRef } from '../../src/inspector/imageRef';
import type { ImageUsage } from '../../src/inspector/imageUsage';
import type { ImageReference } from '../../src/references/model';
import {
  fateDate,
  fateOf,
  fateProblem,
  recentExecutions,
  referencesTo,
  type ImageFate,
} from '../../src/imagebuilder/lifecycleIndex';

const HOST = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const D1 = `sha256:${'a1'.repeat(32)}`;
const D2 = `sha256:${'b2'.repeat(32)}`;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);

function ref(text: string): EcrImageRef {
  const parsed = parseEcrImage(text);
  assert.ok(parsed.ok, text);
  return parsed.ref;
}

function fate(over: Partial<ImageFate> & { uri: string }): ImageFate {
  const { uri, ...rest } = over;
  return {
    policyArn: 'arn:aws:imagebuilder:us-east-1:111122223333:lifecycle-policy/p',
    policyName: 'shop-container-retention',
    region: 'us-east-1',
    executionId: 'lce-1',
    action: 'DELETE',
    state: 'SUCCESS',
    date: new Date(Date.UTC(2026, 10, 11, 8)),
    image: ref(uri),
    removesImage: true,
    ...rest,
  };
}

function running(clusters: number): ImageUsage {
  const summary: UsageSummary = {
    clusters,
    ecs: clusters,
    eks: 0,
    inUseClusters: clusters,
    runningClusters: clusters,
    running: clusters * 2,
    stopped: 0,
  };
  return {
    kind: 'covered',
    resourceId: `arn:aws:ecr:us-east-1:111122223333:repository/shop/web/${D1}`,
    clusters: [],
    summary,
    more: false,
  };
}

describe('lifecycle index (pure)', () => {
  it('reads the newest run of a policy and those within the window, newest first', () => {
    const run = (id: string, daysAgo: number): LifecycleExecution => ({
      lifecycleExecutionId: id,
      hasImpactedResources: true,
      startTime: new Date(NOW - daysAgo * DAY),
    });
    const got = recentExecutions([run('old', 30), run('a', 1), run('b', 13), run('c', 15)], {
      now: NOW,
      windowDays: 14,
    });
    assert.deepEqual(
      got.map((e) => e.lifecycleExecutionId),
      ['a', 'b'],
    );
    const onlyOld = recentExecutions([run('x', 40), run('y', 90)], { now: NOW, windowDays: 14 });
    assert.deepEqual(
      onlyOld.map((e) => e.lifecycleExecutionId),
      ['x'],
      'the newest run even when older than the window',
    );
  });

  it('matches by digest when the reference has one, by tag otherwise, never across repositories', () => {
    const fates = [fate({ uri: `${HOST}/shop/web:1.3.0@${D1}` })];
    assert.equal(fateOf(fates, ref(`${HOST}/shop/web@${D1}`))?.match, 'digest');
    assert.equal(fateOf(fates, ref(`${HOST}/shop/web:1.3.0`))?.match, 'tag');
    assert.equal(fateOf(fates, ref(`${HOST}/shop/web@${D2}`)), undefined);
    assert.equal(fateOf(fates, ref(`${HOST}/shop/api:1.3.0`)), undefined);
    assert.equal(fateOf(fates, ref(`111122223333.dkr.ecr.us-west-2.amazonaws.com/shop/web:1.3.0`)), undefined);
    assert.equal(fateOf(fates, ref(`${HOST}/shop/web`)), undefined, 'implied latest is not 1.3.0');
  });

  it('a removal wins over a newer run that only failed on it', () => {
    const removed = fate({ uri: `${HOST}/shop/web:1.3.0`, executionId: 'lce-old' });
    const failedLater = fate({
      uri: `${HOST}/shop/web:1.3.0`,
      executionId: 'lce-new',
      state: 'FAILED',
      date: new Date(Date.UTC(2026, 10, 20)),
    });
    assert.equal(fateOf([failedLater, removed], ref(`${HOST}/shop/web:1.3.0`))?.fate.executionId, 'lce-old');
    const newerFailed = fateOf([failedLater, { ...removed, state: 'FAILED' }], ref(`${HOST}/shop/web:1.3.0`));
    assert.equal(newerFailed?.fate.executionId, 'lce-new', 'otherwise the newest');
  });

  it('severity: deleted and running is an error that says where; deleted is a warning; kept is information', () => {
    const r = ref(`${HOST}/shop/web@${D1}`);
    const f = { fate: fate({ uri: `${HOST}/shop/web@${D1}` }), match: 'digest' as const };
    const error = fateProblem(f, r, running(12));
    assert.equal(error?.severity, 'error');
    assert.equal(
      error?.message,
      'Deleted by lifecycle policy shop-container-retention on 11 Nov 2026 (lce-1). Still running in 12 clusters: new tasks cannot pull it. Matched by digest.',
    );
    assert.equal(fateProblem(f, r, { kind: 'notCovered', label: 'x' })?.severity, 'warning');
    const kept = fateProblem({ ...f, fate: { ...f.fate, removesImage: false } }, r, running(2));
    assert.equal(kept?.severity, 'information');
    assert.match(kept?.message ?? '', /keeps the ECR image/);
    const unknown = fateProblem({ ...f, fate: { ...f.fate, removesImage: undefined } }, r);
    assert.match(unknown?.message ?? '', /not known/);
  });

  it('failed and in-progress DELETEs are warnings or information; SKIPPED and AVAILABLE raise nothing', () => {
    const r = ref(`${HOST}/shop/web:1.3.0`);
    const base = fate({ uri: `${HOST}/shop/web:1.3.0` });
    const failed = fateProblem({ fate: { ...base, state: 'FAILED', reason: 'AccessDenied' }, match: 'tag' }, r);
    assert.equal(failed?.severity, 'warning');
    assert.match(failed?.message ?? '', /failed to delete it on 11 Nov 2026 .*Reason: AccessDenied/);
    const busy = fateProblem({ fate: { ...base, state: 'IN_PROGRESS' }, match: 'tag' }, r);
    assert.equal(busy?.severity, 'information');
    assert.equal(
      fateProblem({ fate: { ...base, state: 'IN_PROGRESS' }, match: 'tag' }, r, running(1))?.severity,
      'warning',
    );
    assert.equal(fateProblem({ fate: { ...base, state: 'SKIPPED' }, match: 'tag' }, r), undefined);
    assert.equal(fateProblem({ fate: { ...base, action: 'AVAILABLE' }, match: 'tag' }, r), undefined);
  });

  it('a tag that now names another image is information, not a deletion', () => {
    const r = ref(`${HOST}/shop/web:1.3.0`);
    const f = { fate: fate({ uri: `${HOST}/shop/web:1.3.0@${D2}` }), match: 'tag' as const };
    const moved = fateProblem(f, r, { kind: 'notCovered', label: 'x' }, running(3));
    assert.equal(moved?.tagMoved, true);
    assert.equal(moved?.severity, 'information');
    const same = fateProblem(
      { fate: fate({ uri: `${HOST}/shop/web:1.3.0@${D1}` }), match: 'tag' },
      r,
      running(3),
      running(3),
    );
    assert.equal(same?.severity, 'error', 'the tag still names the deleted image');
  });

  it("finds the workspace references to a run's images, by digest or by tag, once per reference", () => {
    const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const reference = (raw: string): ImageReference => ({
      fileKind: 'kubernetes',
      range: at,
      related: [],
      raw,
      context: 'Pod old',
      target: { kind: 'ecr', ref: ref(raw) },
    });
    const files = [
      { uri: 'a.yaml', references: [reference(`${HOST}/shop/web:1.3.0`), reference(`${HOST}/shop/web:1.4.2`)] },
      { uri: 'b.yaml', references: [reference(`${HOST}/shop/web@${D1}`)] },
      {
        uri: 'c.yaml',
        references: [{ ...reference(`${HOST}/shop/web:1.3.0`), target: { kind: 'other' as const, image: 'x' } }],
      },
    ];
    const hits = referencesTo(files, [ref(`${HOST}/shop/web:1.3.0@${D1}`), ref(`${HOST}/shop/web:1.3.0`)]);
    assert.deepEqual(
      hits.map((h) => [h.uri, h.match]),
      [
        ['a.yaml', 'tag'],
        ['b.yaml', 'digest'],
      ],
    );
  });

  it('dates are day month year in UTC', () => {
    assert.equal(fateDate(new Date(Date.UTC(2026, 10, 11, 23, 59))), '11 Nov 2026');
    assert.equal(fateDate(undefined), 'an unknown date');
    assert.equal(fateDate(new Date(Number.NaN)), 'an unknown date');
  });
});
