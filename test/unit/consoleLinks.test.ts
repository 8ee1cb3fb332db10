import * as assert from 'node:assert/strict';
import { parseEcrImage, type EcrImageRef } from '../../src/inspector/imageRef';
import { ecrImageConsoleUrl } from '../../src/inspector/consoleLinks';
import {
  clusterConsoleUrl,
  consoleHost,
  lifecyclePolicyConsoleUrl,
  taskDefinitionConsoleUrl,
} from '../../src/util/consoleLinks';

const DIGEST = 'sha256:84f507df33c6864d49c296fb734192696e4cb6f78166ac51ac8b9b118181085d';

function ref(text: string): EcrImageRef {
  const parsed = parseEcrImage(text);
  assert.ok(parsed.ok, text);
  return parsed.ref;
}

/** Every link is https on a console host, with nothing that could break out of the URL. */
function assertSafeConsoleUrl(url: string | undefined): void {
  assert.ok(url !== undefined);
  const parsed = new URL(url);
  assert.equal(parsed.protocol, 'https:');
  assert.match(parsed.host, /^console\.(aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)$/);
  assert.doesNotMatch(url, /[\s<>"'`]/);
}

describe('consoleHost', () => {
  it('knows the three partitions with a public console', () => {
    assert.equal(consoleHost('aws'), 'console.aws.amazon.com');
    assert.equal(consoleHost('aws-cn'), 'console.amazonaws.cn');
    assert.equal(consoleHost('aws-us-gov'), 'console.amazonaws-us-gov.com');
  });

  it('has none for other partitions or for property names', () => {
    for (const p of ['aws-iso', 'aws-iso-b', 'aws-eusc', '', 'constructor', '__proto__', 'toString']) {
      assert.equal(consoleHost(p), undefined, p);
    }
  });
});

describe('clusterConsoleUrl', () => {
  it('links an ECS cluster', () => {
    const url = clusterConsoleUrl('arn:aws:ecs:us-east-1:111122223333:cluster/prod-web');
    assert.equal(url, 'https://console.aws.amazon.com/ecs/v2/clusters/prod-web?region=us-east-1');
    assertSafeConsoleUrl(url);
  });

  it('links an EKS cluster, per partition', () => {
    assert.equal(
      clusterConsoleUrl('arn:aws:eks:eu-west-1:111122223333:cluster/platform'),
      'https://console.aws.amazon.com/eks/clusters/platform?region=eu-west-1',
    );
    assert.equal(
      clusterConsoleUrl('arn:aws-cn:eks:cn-north-1:111122223333:cluster/platform'),
      'https://console.amazonaws.cn/eks/clusters/platform?region=cn-north-1',
    );
    assert.equal(
      clusterConsoleUrl('arn:aws-us-gov:ecs:us-gov-west-1:111122223333:cluster/gov'),
      'https://console.amazonaws-us-gov.com/ecs/v2/clusters/gov?region=us-gov-west-1',
    );
  });

  it('gives undefined for what does not parse, other resources, and partitions without a console', () => {
    for (const arn of [
      '',
      'prod-web',
      'arn:aws:ecs:us-east-1:111122223333:service/prod-web/api',
      'arn:aws:ecs:us-east-1:111122223333:cluster/../../evil',
      'arn:aws:ecs:us-east-1:111122223333:cluster/a?b=c',
      'arn:aws:ecs::111122223333:cluster/no-region',
      'arn:aws-iso:ecs:us-iso-east-1:111122223333:cluster/x',
    ]) {
      assert.equal(clusterConsoleUrl(arn), undefined, arn);
    }
  });
});

describe('taskDefinitionConsoleUrl', () => {
  it('links the revision', () => {
    const url = taskDefinitionConsoleUrl('arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:42');
    assert.equal(url, 'https://console.aws.amazon.com/ecs/v2/task-definitions/shop-web/42/containers?region=us-east-1');
    assertSafeConsoleUrl(url);
  });

  it('gives undefined for malformed ARNs', () => {
    assert.equal(taskDefinitionConsoleUrl('arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web'), undefined);
    assert.equal(taskDefinitionConsoleUrl('arn:aws:ecs:us-east-1:111122223333:cluster/x'), undefined);
    assert.equal(taskDefinitionConsoleUrl('not an arn'), undefined);
  });
});

describe('ecrImageConsoleUrl', () => {
  it('links the image details page when the digest is known', () => {
    const url = ecrImageConsoleUrl(ref(`111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4@${DIGEST}`));
    assert.equal(
      url,
      `https://console.aws.amazon.com/ecr/repositories/private/111122223333/shop/web/_/image/${DIGEST}/details?region=us-east-1`,
    );
    assertSafeConsoleUrl(url);
  });

  it('links the repository when only a tag is known', () => {
    assert.equal(
      ecrImageConsoleUrl(ref('111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4')),
      'https://console.aws.amazon.com/ecr/repositories/private/111122223333/shop/web?region=us-east-1',
    );
  });

  it('takes the text of a resource id or URI, in any partition with a console', () => {
    assert.equal(
      ecrImageConsoleUrl(`arn:aws-cn:ecr:cn-north-1:111122223333:repository/team/app/${DIGEST}`),
      `https://console.amazonaws.cn/ecr/repositories/private/111122223333/team/app/_/image/${DIGEST}/details?region=cn-north-1`,
    );
    assert.equal(
      ecrImageConsoleUrl('111122223333.dkr-ecr.us-gov-east-1.on.aws/app:1'),
      'https://console.amazonaws-us-gov.com/ecr/repositories/private/111122223333/app?region=us-gov-east-1',
    );
  });

  it('encodes every component of a hand-built reference', () => {
    const hostile: EcrImageRef = {
      accountId: '1?x=1',
      region: 'us-east-1&evil=1',
      partition: 'aws',
      registryHost: 'x',
      repository: 'a#b/c d',
      digest: 'sha256:<x>',
    };
    assert.equal(
      ecrImageConsoleUrl(hostile),
      'https://console.aws.amazon.com/ecr/repositories/private/1%3Fx%3D1/a%23b/c%20d/_/image/sha256:%3Cx%3E/details?region=us-east-1%26evil%3D1',
    );
  });

  it('gives undefined for text that does not parse and for partitions without a console', () => {
    assert.equal(ecrImageConsoleUrl('nginx:latest'), undefined);
    assert.equal(ecrImageConsoleUrl(''), undefined);
    assert.equal(ecrImageConsoleUrl('111122223333.dkr.ecr.us-isob-east-1.sc2s.sgov.gov/app:1'), undefined);
  });
});

describe('lifecyclePolicyConsoleUrl', () => {
  it('links the policy by its ARN', () => {
    const url = lifecyclePolicyConsoleUrl('arn:aws:imagebuilder:us-west-2:111122223333:lifecycle-policy/keep-last-5');
    assert.equal(
      url,
      'https://console.aws.amazon.com/imagebuilder/home?region=us-west-2#/lifecyclePolicies/arn:aws:imagebuilder:us-west-2:111122223333:lifecycle-policy/keep-last-5',
    );
    assertSafeConsoleUrl(url);
  });

  it('gives undefined for anything but a lifecycle policy ARN', () => {
    for (const arn of [
      'arn:aws:imagebuilder:us-west-2:111122223333:image-pipeline/p',
      'arn:aws:imagebuilder:us-west-2:111122223333:lifecycle-policy/Upper',
      'arn:aws:imagebuilder:us-west-2:111122223333:lifecycle-policy/a b',
      'arn:aws:imagebuilder:us-west-2:111122223333:lifecycle-policy/a#b',
      'arn:aws:ecs:us-west-2:111122223333:lifecycle-policy/p',
      'lifecycle-policy/p',
    ]) {
      assert.equal(lifecyclePolicyConsoleUrl(arn), undefined, arn);
    }
  });
});
