import * as assert from 'node:assert/strict';
import { clusterNameFromArn, clusterServiceFromArn, parseArn, parseTaskDefinitionArn } from '../../src/util/arn';

const GARBAGE: readonly unknown[] = [
  '',
  'arn',
  'arn:',
  'arn:aws',
  'arn:aws:ecs',
  'arn:aws:ecs:us-east-1:111122223333',
  'arn:aws:ecs:us-east-1:111122223333:',
  'ARN:aws:ecs:us-east-1:111122223333:cluster/x',
  'urn:aws:ecs:us-east-1:111122223333:cluster/x',
  ' arn:aws:ecs:us-east-1:111122223333:cluster/x',
  'arn:aws:ecs:us-east-1:111122223333:cluster/x\n',
  'arn:aws:ecs:us-east-1:111122223333:cluster/a b',
  'arn:gcp:ecs:us-east-1:111122223333:cluster/x',
  'arn:aws:ECS:us-east-1:111122223333:cluster/x',
  'arn:aws:ecs:US-EAST-1:111122223333:cluster/x',
  'arn:aws:ecs:us-east-1:1111222233:cluster/x',
  'arn:aws:ecs:us-east-1:11112222333a:cluster/x',
  `arn:aws:ecs:us-east-1:111122223333:cluster/${'x'.repeat(3000)}`,
  ':::::',
  'arn:::::',
  undefined,
  null,
  42,
  {},
];

describe('parseArn', () => {
  it('splits an ARN into its five fields', () => {
    assert.deepEqual(parseArn('arn:aws:ecs:us-east-1:111122223333:cluster/prod-web'), {
      partition: 'aws',
      service: 'ecs',
      region: 'us-east-1',
      accountId: '111122223333',
      resource: 'cluster/prod-web',
    });
  });

  it('keeps colons and slashes in the resource', () => {
    const arn = parseArn('arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:42');
    assert.equal(arn?.resource, 'task-definition/shop-web:42');
    const image = parseArn(`arn:aws:ecr:eu-central-1:123456789012:repository/a/b/sha256:${'0'.repeat(64)}`);
    assert.equal(image?.resource, `repository/a/b/sha256:${'0'.repeat(64)}`);
  });

  it('accepts other partitions, empty regions and accounts, and the aws account of Image Builder', () => {
    assert.equal(parseArn('arn:aws-us-gov:eks:us-gov-west-1:111122223333:cluster/x')?.partition, 'aws-us-gov');
    assert.equal(parseArn('arn:aws-iso-b:ecs:us-isob-east-1:111122223333:cluster/x')?.partition, 'aws-iso-b');
    assert.deepEqual(parseArn('arn:aws:s3:::my-bucket/key'), {
      partition: 'aws',
      service: 's3',
      region: '',
      accountId: '',
      resource: 'my-bucket/key',
    });
    assert.equal(parseArn('arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/2024.4.1')?.accountId, 'aws');
  });

  it('returns undefined for garbage, never throwing', () => {
    for (const value of GARBAGE) assert.equal(parseArn(value as string), undefined, String(value));
  });
});

describe('clusterNameFromArn / clusterServiceFromArn', () => {
  it('reads ECS and EKS cluster ARNs', () => {
    assert.equal(clusterNameFromArn('arn:aws:ecs:us-east-1:111122223333:cluster/prod-web'), 'prod-web');
    assert.equal(clusterServiceFromArn('arn:aws:ecs:us-east-1:111122223333:cluster/prod-web'), 'ecs');
    assert.equal(clusterNameFromArn('arn:aws:eks:eu-west-1:111122223333:cluster/Platform_2'), 'Platform_2');
    assert.equal(clusterServiceFromArn('arn:aws:eks:eu-west-1:111122223333:cluster/Platform_2'), 'eks');
    assert.equal(clusterServiceFromArn('arn:aws-cn:eks:cn-north-1:111122223333:cluster/c'), 'eks');
  });

  it('rejects other services, other resource types and names outside [a-zA-Z0-9_-]', () => {
    for (const arn of [
      'arn:aws:rds:us-east-1:111122223333:cluster/prod-web',
      'arn:aws:ecs:us-east-1:111122223333:service/prod-web/api',
      'arn:aws:ecs:us-east-1:111122223333:cluster/',
      'arn:aws:ecs:us-east-1:111122223333:cluster/a/b',
      'arn:aws:ecs:us-east-1:111122223333:cluster/a.b',
      'arn:aws:eks:us-east-1:111122223333:cluster/<script>',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:42',
    ]) {
      assert.equal(clusterNameFromArn(arn), undefined, arn);
      assert.equal(clusterServiceFromArn(arn), undefined, arn);
    }
  });

  it('returns undefined for garbage, never throwing', () => {
    for (const value of GARBAGE) {
      assert.equal(clusterNameFromArn(value as string), undefined);
      assert.equal(clusterServiceFromArn(value as string), undefined);
    }
  });
});

describe('parseTaskDefinitionArn', () => {
  it('reads family and revision', () => {
    assert.deepEqual(parseTaskDefinitionArn('arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:42'), {
      family: 'shop-web',
      revision: 42,
    });
    assert.deepEqual(parseTaskDefinitionArn('arn:aws:ecs:us-east-1:111122223333:task-definition/A_b-9:1'), {
      family: 'A_b-9',
      revision: 1,
    });
  });

  it('rejects a missing, zero, non-numeric or out-of-range revision, and non-ECS ARNs', () => {
    for (const arn of [
      'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:0',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:x',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:-1',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:1.5',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:99999999999',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:2147483648',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/:3',
      'arn:aws:ecs:us-east-1:111122223333:task-definition/a/b:3',
      'arn:aws:eks:us-east-1:111122223333:task-definition/shop-web:3',
      'arn:aws:ecs:us-east-1:111122223333:cluster/shop-web',
    ]) {
      assert.equal(parseTaskDefinitionArn(arn), undefined, arn);
    }
    assert.equal(
      parseTaskDefinitionArn('arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:2147483647')?.revision,
      2147483647,
    );
  });

  it('returns undefined for garbage, never throwing', () => {
    for (const value of GARBAGE) assert.equal(parseTaskDefinitionArn(value as string), undefined);
  });
});
