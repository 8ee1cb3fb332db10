/**
 * The pure part of the lifecycle in-use warning: which ECR images a container lifecycle resource names (the real
 * two-level shape: an Image Builder image at the top, ECR images under it), what a policy's DELETE does to them, the
 * worst of several answers, and the words on the row.
 */
import * as assert from 'node:assert/strict';
import type { FootprintError } from '../../src/aws/errors';
import type { LifecyclePolicy, LifecycleResource } from '../../src/aws/types';
import type { UsageSummary } from '../../src/inspector/clusterModel';
import { parseEcrImage, type EcrImageRef } from '../../src/inspector/imageRef';
import type { ImageUsage } from '../../src/inspector/imageUsage';
import {
  combineUsage,
  ecrImagesOf,
  MAX_IMAGES_PER_RESOURCE,
  mayNeedUsageCheck,
  policyFacts,
  resourceKind,
  usageVerdict,
  usageWords,
  type UsageFinding,
} from '../../src/imagebuilder/lifecycleModel';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const OTHER_DIGEST = `sha256:${'cd'.repeat(32)}`;
const EAST = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const WEST = '111122223333.dkr.ecr.us-west-2.amazonaws.com';
const IMAGE_ARN = 'arn:aws:imagebuilder:us-east-1:111122223333:image/shop-worker/0.9.7/1';

const res = (over: Partial<LifecycleResource>): LifecycleResource => ({ snapshots: [], imageUris: [], ...over });
const ref = (uri: string): EcrImageRef => {
  const parsed = parseEcrImage(uri);
  assert.ok(parsed.ok, uri);
  return parsed.ref;
};

function summary(running: number, inUse: number): UsageSummary {
  return {
    clusters: inUse,
    ecs: inUse,
    eks: 0,
    inUseClusters: inUse,
    runningClusters: running,
    running: running * 2,
    stopped: 0,
  };
}

const covered = (running: number, inUse: number, more = false): ImageUsage => ({
  kind: 'covered',
  resourceId: 'arn:aws:ecr:us-east-1:111122223333:repository/shop/worker/' + DIGEST,
  clusters: [],
  summary: summary(running, inUse),
  more,
});
const notCovered: ImageUsage = { kind: 'notCovered', label: 'x' };
const failed = (kind: string): ImageUsage => ({
  kind: 'error',
  error: { kind, message: 'boom' } as unknown as FootprintError,
});

const policy = (containers: boolean | undefined, type = 'DELETE'): LifecyclePolicy => ({
  arn: 'arn:aws:imagebuilder:us-east-1:111122223333:lifecycle-policy/p',
  resourceType: 'CONTAINER_IMAGE',
  rules: [{ actionType: type, includeResources: containers === undefined ? {} : { containers } }],
});

describe('lifecycle in-use check (model)', () => {
  describe('ecrImagesOf', () => {
    it('reads the ECR images of a top-level Image Builder image from its imageUris', () => {
      const top = res({
        resourceId: IMAGE_ARN,
        action: { name: 'DELETE' },
        imageUris: [`${EAST}/shop/worker:0.9.7`, `${WEST}/shop/worker:0.9.7`],
      });
      assert.equal(resourceKind(top), 'imageBuilderImage');
      const refs = ecrImagesOf(top, []);
      assert.deepEqual(
        refs.map((r) => [r.region, r.repository, r.tag, r.digest]),
        [
          ['us-east-1', 'shop/worker', '0.9.7', undefined],
          ['us-west-2', 'shop/worker', '0.9.7', undefined],
        ],
      );
    });

    it('matches by digest when an associated resource names it, and applies the one digest to every distribution', () => {
      const top = res({
        resourceId: IMAGE_ARN,
        action: { name: 'DELETE' },
        imageUris: [`${EAST}/shop/worker:0.9.7`, `${WEST}/shop/worker:0.9.7`],
      });
      const under = [
        res({ resourceId: DIGEST, action: { name: 'DELETE' }, imageUris: [`${EAST}/shop/worker:0.9.7`] }),
        res({ resourceId: `${WEST}/shop/worker:0.9.7`, action: { name: 'DELETE' } }),
      ];
      const refs = ecrImagesOf(top, under);
      assert.equal(refs.length, 2, 'one per distribution, not one per mention');
      assert.ok(refs.every((r) => r.digest === DIGEST && r.impliedLatest === undefined));
      assert.deepEqual(refs.map((r) => r.region).sort(), ['us-east-1', 'us-west-2']);
    });

    it('finds the ECR image through the associated resources when the top has no imageUris', () => {
      const top = res({ resourceId: IMAGE_ARN, action: { name: 'DELETE' } });
      const under = [res({ resourceId: DIGEST, action: { name: 'DELETE' }, imageUris: [`${EAST}/shop/web:1.2.0`] })];
      const refs = ecrImagesOf(top, under);
      assert.equal(refs.length, 1);
      assert.equal(refs[0]?.digest, DIGEST);
      assert.equal(refs[0]?.repository, 'shop/web');
      assert.deepEqual(ecrImagesOf(top, []), [], 'nothing named: nothing to check');
    });

    it('leaves out distributions the run skipped or kept, and keeps two digests apart', () => {
      const top = res({ resourceId: IMAGE_ARN, action: { name: 'DELETE' } });
      const under = [
        res({ resourceId: DIGEST, action: { name: 'DELETE' }, imageUris: [`${EAST}/app-a:1`] }),
        res({
          resourceId: OTHER_DIGEST,
          action: { name: 'DELETE' },
          state: { status: 'SKIPPED' },
          imageUris: [`${WEST}/app-a:1`],
        }),
        res({ resourceId: `${WEST}/app-b:1`, action: { name: 'AVAILABLE' } }),
      ];
      const refs = ecrImagesOf(top, under);
      assert.deepEqual(
        refs.map((r) => [r.region, r.repository, r.digest]),
        [['us-east-1', 'app-a', DIGEST]],
      );
      const two = ecrImagesOf(top, [
        res({ resourceId: DIGEST, action: { name: 'DELETE' }, imageUris: [`${EAST}/app-a:1`] }),
        res({ resourceId: OTHER_DIGEST, action: { name: 'DELETE' }, imageUris: [`${EAST}/app-b:1`] }),
        res({ resourceId: `${WEST}/app-c:1`, action: { name: 'DELETE' } }),
      ]);
      assert.equal(two.find((r) => r.repository === 'app-c')?.digest, undefined, 'which digest is unknown: the tag');
    });

    it('never asks about an implied :latest, and bounds the images of one resource', () => {
      assert.deepEqual(ecrImagesOf(res({ imageUris: [`${EAST}/shop/web`] }), []), []);
      const many = Array.from({ length: 40 }, (_, i) => `${EAST}/repo-${i}:1`);
      assert.equal(ecrImagesOf(res({ imageUris: many }), []).length, MAX_IMAGES_PER_RESOURCE);
    });
  });

  describe('mayNeedUsageCheck', () => {
    it('asks about Image Builder and container images taken out of use, never AMIs, AVAILABLE or SKIPPED', () => {
      const del = { name: 'DELETE' };
      assert.equal(mayNeedUsageCheck(res({ resourceId: IMAGE_ARN, action: del }), 'imageBuilderImage'), true);
      assert.equal(mayNeedUsageCheck(res({ resourceId: DIGEST, action: del }), 'containerImage'), true);
      assert.equal(mayNeedUsageCheck(res({ resourceId: 'ami-0123456789abcdef0', action: del }), 'ami'), false);
      assert.equal(
        mayNeedUsageCheck(res({ resourceId: IMAGE_ARN, action: { name: 'AVAILABLE' } }), 'imageBuilderImage'),
        false,
      );
      assert.equal(
        mayNeedUsageCheck(
          res({ resourceId: IMAGE_ARN, action: del, state: { status: 'SKIPPED' } }),
          'imageBuilderImage',
        ),
        false,
      );
      for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        assert.equal(mayNeedUsageCheck(res({ resourceId: IMAGE_ARN, action: { name } }), 'imageBuilderImage'), false);
      }
    });
  });

  describe('policyFacts', () => {
    it('reads includeResources.containers of the DELETE rules', () => {
      assert.equal(policyFacts(policy(true)).deletesContainers, true);
      assert.equal(policyFacts(policy(false)).deletesContainers, false);
      assert.equal(policyFacts(policy(undefined)).deletesContainers, undefined, 'not said: unknown');
      assert.equal(policyFacts(policy(true, 'DEPRECATE')).deletesContainers, undefined, 'only DELETE rules count');
      assert.equal(
        policyFacts({
          ...policy(false),
          rules: [...policy(false).rules, ...policy(true).rules],
        }).deletesContainers,
        true,
        'any DELETE rule that includes containers',
      );
      assert.equal(policyFacts(policy(true)).resourceType, 'CONTAINER_IMAGE');
    });
  });

  describe('combineUsage and usageWords', () => {
    const r0 = ref(`${EAST}/shop/worker:0.9.7`);
    const r1 = ref(`${WEST}/shop/worker:0.9.7`);

    it('says the worst of several images, adding up the clusters', () => {
      const c = combineUsage([
        { ref: r0, usage: notCovered },
        { ref: r1, usage: covered(2, 3, true) },
        { ref: r0, usage: covered(1, 1) },
      ]);
      assert.deepEqual(c, { verdict: 'running', runningClusters: 3, inUseClusters: 4, more: true });
      assert.equal(
        combineUsage([
          { ref: r0, usage: notCovered },
          { ref: r1, usage: covered(0, 0) },
        ]).verdict,
        'notCovered',
      );
      assert.equal(
        combineUsage([
          { ref: r0, usage: failed('throttled') },
          { ref: r1, usage: notCovered },
        ]).verdict,
        'failed',
      );
      assert.equal(
        combineUsage([
          { ref: r0, usage: covered(0, 2) },
          { ref: r1, usage: failed('x') },
        ]).verdict,
        'recent',
      );
      assert.equal(combineUsage([{ ref: r0, usage: failed('cancelled') }]).verdict, 'cancelled');
      assert.equal(combineUsage([]).verdict, 'cancelled');
      assert.equal(usageVerdict(covered(0, 0)), 'notInUse');
    });

    const checked = (...usages: ImageUsage[]): UsageFinding => {
      const results = usages.map((usage) => ({ ref: r0, usage }));
      return { kind: 'checked', results, combined: combineUsage(results) };
    };
    const del = (status: string): LifecycleResource =>
      res({ resourceId: IMAGE_ARN, action: { name: 'DELETE' }, state: { status } });

    it('says the urgent case when the ECR image itself is deleted and still runs', () => {
      const w = usageWords(del('SUCCESS'), checked(covered(1, 1)), true);
      assert.equal(w.text, 'DELETE — still running in 1 cluster; new tasks and pods will fail to pull it');
      assert.equal(w.urgent, true);
      assert.equal(w.inUse, true);
      assert.equal(
        usageWords(del('IN_PROGRESS'), checked(covered(3, 3, true)), true).text?.startsWith(
          'DELETE — still running in 3 clusters+;',
        ),
        true,
      );
      // Unknown policy: the warning without the claim; a failed delete left the ECR image in place.
      assert.deepEqual(usageWords(del('SUCCESS'), checked(covered(1, 1)), undefined), {
        text: 'DELETE — still running in 1 cluster',
        inUse: true,
        urgent: false,
      });
      assert.equal(usageWords(del('FAILED'), checked(covered(1, 1)), true).urgent, false);
    });

    it('words the other answers as before', () => {
      assert.equal(
        usageWords(del('SUCCESS'), checked(covered(0, 1)), true).text,
        'DELETE — used in the last 24 h in 1 cluster',
      );
      assert.equal(usageWords(del('SUCCESS'), checked(notCovered), true).text, 'not covered by Inspector');
      assert.equal(usageWords(del('SUCCESS'), checked(covered(0, 0)), true).text, 'not in use');
      assert.equal(usageWords(del('SUCCESS'), checked(failed('throttled')), true).text, 'in-use check failed');
      assert.equal(usageWords(del('SUCCESS'), checked(failed('cancelled')), true).text, undefined);
    });

    it('says the ECR image is kept when the policy does not include containers', () => {
      assert.equal(
        usageWords(del('SUCCESS'), { kind: 'kept' }, false).text,
        'Image Builder image deleted; ECR image kept',
      );
      assert.equal(
        usageWords(del('IN_PROGRESS'), { kind: 'kept' }, false).text,
        'Image Builder image being deleted; ECR image kept',
      );
      assert.equal(usageWords(del('FAILED'), { kind: 'kept' }, false).text, 'ECR image kept');
      assert.equal(usageWords(del('SUCCESS'), { kind: 'kept' }, false).inUse, false);
    });
  });
});
