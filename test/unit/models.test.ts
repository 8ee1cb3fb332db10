import * as assert from 'node:assert/strict';
import * as clusterModel from '../../src/inspector/clusterModel';
import type { ClusterInfo, LifecycleResource } from '../../src/aws/types';
import {
  clusterTotals,
  describeClusterArn,
  isInUse,
  relativeTime,
  summarizeClusters,
} from '../../src/inspector/clusterModel';
import { imageLabel, restoreSubjects, subjectFromResourceId } from '../../src/inspector/imageSubject';
import { parseArn } from '../../src/util/arn';
import {
  containerImagesOf,
  isDestructiveAction,
  resourceKind,
  resourceLabel,
  validateExecutionId,
} from '../../src/imagebuilder/lifecycleModel';

const NOW = new Date('2026-11-22T12:00:00Z');
const HOUR = 3600_000;
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const RID = `arn:aws:ecr:us-east-1:111122223333:repository/shop/web/${DIGEST}`;

function cluster(arn: string, running: number, stopped: number, lastInUse: Date): ClusterInfo {
  return {
    clusterArn: arn,
    details: [{ runningUnitCount: running, stoppedUnitCount: stopped, lastInUse, metadata: { kind: 'unknown' } }],
  };
}

describe('cluster model', () => {
  it('names clusters from their ARN and keeps unparsable ARNs visible', () => {
    assert.deepEqual(describeClusterArn('arn:aws:ecs:us-east-1:111122223333:cluster/prod-web'), {
      kind: 'ecs',
      name: 'prod-web',
    });
    assert.deepEqual(describeClusterArn('arn:aws-cn:eks:cn-north-1:111122223333:cluster/k8s'), {
      kind: 'eks',
      name: 'k8s',
    });
    assert.deepEqual(describeClusterArn('garbage'), { kind: 'unknown', name: 'garbage' });
    assert.equal(describeClusterArn('').name, '(unnamed cluster)');
  });

  it('sums units over details and takes the latest use', () => {
    const t = clusterTotals([
      {
        runningUnitCount: 2,
        stoppedUnitCount: 1,
        lastInUse: new Date(NOW.getTime() - 5 * HOUR),
        metadata: { kind: 'unknown' },
      },
      {
        runningUnitCount: 3,
        lastInUse: new Date(NOW.getTime() - HOUR),
        metadata: { kind: 'eks', workloads: [{ name: 'a', type: 'Deployment' }] },
      },
    ]);
    assert.deepEqual(t, { running: 5, stopped: 1, lastInUse: new Date(NOW.getTime() - HOUR), workloads: 1 });
  });

  it('counts a cluster as in use when units run or it ran in the last 24 hours', () => {
    assert.equal(isInUse({ running: 1, stopped: 0, workloads: 0 }, NOW), true);
    assert.equal(
      isInUse({ running: 0, stopped: 2, workloads: 0, lastInUse: new Date(NOW.getTime() - 23 * HOUR) }, NOW),
      true,
    );
    assert.equal(
      isInUse({ running: 0, stopped: 0, workloads: 0, lastInUse: new Date(NOW.getTime() - 25 * HOUR) }, NOW),
      false,
    );
  });

  it('summarises ECS and EKS clusters', () => {
    const s = summarizeClusters(
      [
        cluster('arn:aws:ecs:us-east-1:111122223333:cluster/a', 2, 0, NOW),
        cluster('arn:aws:eks:us-east-1:111122223333:cluster/b', 0, 3, new Date(NOW.getTime() - 30 * 24 * HOUR)),
        cluster('arn:aws:eks:us-east-1:111122223333:cluster/c', 1, 1, NOW),
      ],
      NOW,
    );
    assert.deepEqual(s, {
      clusters: 3,
      ecs: 1,
      eks: 2,
      inUseClusters: 2,
      runningClusters: 2,
      running: 3,
      stopped: 4,
      lastInUse: NOW,
    });
  });

  it('says relative times plainly', () => {
    assert.equal(relativeTime(new Date(NOW.getTime() - 30_000), NOW), '30 seconds ago');
    assert.equal(relativeTime(new Date(NOW.getTime() - 2 * HOUR), NOW), '2 hours ago');
    assert.equal(relativeTime(new Date(NOW.getTime() - 24 * HOUR), NOW), 'yesterday');
    assert.equal(relativeTime(new Date(NOW.getTime() - 15 * 24 * HOUR), NOW), '2 weeks ago');
    assert.equal(relativeTime(undefined, NOW), 'unknown');
  });
});

describe('image subjects in workspace state', () => {
  it('rebuilds a subject from its resource id', () => {
    const s = subjectFromResourceId(RID);
    assert.equal(s?.repository, 'shop/web');
    assert.equal(s?.accountId, '111122223333');
    assert.equal(s?.region, 'us-east-1');
    assert.equal(s?.digest, DIGEST);
    assert.equal(imageLabel({ ...(s as NonNullable<typeof s>), tag: '1.4.2' }), 'shop/web:1.4.2');
  });

  it('drops corrupt and duplicate entries of saved state, keeping the good ones', () => {
    const { images, dropped } = restoreSubjects([
      { resourceId: RID, tag: '1.4.2', input: 'x' },
      { resourceId: RID },
      { resourceId: 'not-an-arn' },
      null,
      42,
      { resourceId: RID.replace('shop/web', 'shop/api'), tag: { evil: true } },
    ]);
    assert.equal(images.length, 2);
    assert.equal(dropped, 4);
    assert.equal(images[1]?.tag, undefined);
    assert.deepEqual(restoreSubjects('garbage'), { images: [], dropped: 1 });
    assert.deepEqual(restoreSubjects(undefined), { images: [], dropped: 0 });
  });
});

describe('lifecycle model', () => {
  it('validates execution ids as the user types', () => {
    assert.equal(validateExecutionId('lce-c0a1b2c3-0002-4d00-8a00-000000000002'), undefined);
    assert.equal(validateExecutionId('  lce-C0A1B2C3-0002-4d00-8a00-000000000002 '), undefined);
    assert.match(validateExecutionId('') ?? '', /Enter/);
    assert.match(validateExecutionId('abc') ?? '', /Expected lce-/);
    assert.match(validateExecutionId('lce-123') ?? '', /hexadecimal/);
    for (let i = 0; i < 2000; i++) {
      const s = String.fromCharCode(...Array.from({ length: i % 50 }, (_, j) => ((i * 31 + j * 7) % 0xffff) + 1));
      const r = validateExecutionId(s);
      assert.ok(r === undefined || r.length < 200);
    }
  });

  const res = (over: Partial<LifecycleResource>): LifecycleResource => ({ snapshots: [], imageUris: [], ...over });

  it('tells AMIs, Image Builder images and container images apart, with short labels', () => {
    const ami = res({ resourceId: 'ami-0123456789abcdef0', snapshots: [{ snapshotId: 'snap-1' }] });
    const image = res({ resourceId: 'arn:aws:imagebuilder:us-east-1:111122223333:image/golden-al2023/2026.9.1/1' });
    const container = res({
      resourceId: DIGEST,
      imageUris: [`111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/worker:0.9.7`],
    });
    assert.equal(resourceKind(ami), 'ami');
    assert.equal(resourceKind(image), 'imageBuilderImage');
    assert.equal(resourceKind(container), 'containerImage');
    assert.equal(resourceLabel(image), 'golden-al2023 2026.9.1/1');
    assert.equal(resourceLabel(container), 'shop/worker:0.9.7');
    assert.equal(resourceLabel(res({})), '(no resource id)');
  });

  it('takes an id for an Image Builder image exactly when parseArn reads one (imagebuilder, image/…)', () => {
    const ids = [
      'arn:aws:imagebuilder:us-east-1:111122223333:image/golden/1.0.0/1',
      'arn:aws-cn:imagebuilder:cn-north-1:111122223333:image/golden/1.0.0/1',
      'arn:aws-us-gov:imagebuilder::aws:image/x',
      'arn:aws:imagebuilder:us-east-1::image/a:b/1',
      'arn:aws:imagebuilder:us-east-1:111122223333:image/',
      'arn:aws:imagebuilder:us-east-1:111122223333:image',
      'arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/golden/1.0.0',
      'arn:aws:imagebuilder:US-EAST-1:111122223333:image/golden/1',
      'arn:aws:imagebuilder:us-east-1:11112222333:image/golden/1',
      'arn:awsx:imagebuilder:us-east-1:111122223333:image/golden/1',
      'arn:aws:ecr:us-east-1:111122223333:image/golden/1',
      'arn:aws:imagebuilder:us-east-1:111122223333:image/gol den/1',
      'arn:aws:imagebuilder:us-east-1:111122223333:image/golden\u0007/1',
      'arn:aws:imagebuilder:us-east-1:111122223333:image/golden\u00a0/1',
      `arn:aws:imagebuilder:us-east-1:111122223333:image/${'a'.repeat(2100)}`,
      ' arn:aws:imagebuilder:us-east-1:111122223333:image/golden/1',
      'xarn:aws:imagebuilder:us-east-1:111122223333:image/golden/1',
    ];
    for (const id of ids) {
      const arn = parseArn(id);
      const expected = arn?.service === 'imagebuilder' && arn.resource.startsWith('image/');
      assert.equal(resourceKind(res({ resourceId: id })) === 'imageBuilderImage', expected, id);
    }
    assert.equal(resourceLabel(res({ resourceId: ids[3] })), 'a:b 1');
    assert.equal(resourceLabel(res({ resourceId: ids[2] })), 'x');
  });

  it('checks only container images taken out of use, preferring a digest', () => {
    const base = `111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/worker`;
    const r = res({
      resourceId: `${base}@${DIGEST}`,
      imageUris: [`${base}:0.9.7`],
      action: { name: 'DELETE' },
    });
    assert.equal(isDestructiveAction(r), true);
    assert.equal(isDestructiveAction({ ...r, action: { name: 'AVAILABLE' } }), false);
    const refs = containerImagesOf(r);
    assert.equal(refs.length, 1);
    assert.equal(refs[0]?.digest, DIGEST);
    assert.equal(containerImagesOf(res({ resourceId: 'ami-0123456789abcdef0' })).length, 0);
  });
});

describe('formatCount', () => {
  it('groups digits as en-US does', () => {
    const { formatCount } = clusterModel;
    for (const n of [0, 7, 999, 1000, 1234, 99999, 1234567, -4321, 1e9]) {
      assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
    }
  });
});
