/**
 * The emulator's data: the seeded generator, the demo story, fixtures, fault syntax and the CLI.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListLifecycleExecutionResourcesCommand } from '@aws-sdk/client-imagebuilder';
import { GetClustersForImageCommand } from '@aws-sdk/client-inspector2';
import { imagebuilderClient, inspectorClient } from '../emulator/clients';
import { buildDataset } from '../emulator/datasets';
import {
  allExecutions,
  BIG_IMAGE,
  DEMO,
  demoDigest,
  findImage,
  imageResourceId,
  loadFixtureFile,
  parseFault,
  parseFaultAssignment,
  readFixture,
  startEmulator,
  type ClusterDetailsWire,
  type ClusterInformationWire,
  type EcrImageRecord,
  type EmulatorData,
  type LifecycleResourceRecord,
} from '../emulator/index';

const NOW = 1_800_000_000;

function must<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `${what} is missing from the data set`);
  return value;
}

interface Ecs {
  awsEcsMetadataDetails?: { detailsGroup: string; taskDefinitionArn: string };
}
interface Eks {
  awsEksMetadataDetails?: { namespace?: string; workloadInfoList?: { name: string; type: string }[] };
}
const ecs = (d: ClusterDetailsWire) => (d.clusterMetadata as Ecs).awsEcsMetadataDetails;
const eks = (d: ClusterDetailsWire) => (d.clusterMetadata as Eks).awsEksMetadataDetails;
const details = (images: EcrImageRecord[]): ClusterDetailsWire[] =>
  images.flatMap((i) => i.clusters.flatMap((c) => c.clusterDetails));
const cluster = (image: EcrImageRecord, name: string): ClusterInformationWire =>
  must(
    image.clusters.find((c) => c.clusterArn.endsWith(`:cluster/${name}`)),
    name,
  );
const allResources = (data: EmulatorData): LifecycleResourceRecord[] =>
  allExecutions(data).flatMap(({ execution }) => execution.resources.flatMap((r) => [r, ...(r.associated ?? [])]));

describe('emulator: data', function () {
  this.timeout(30_000);
  const data = buildDataset({ seed: 7, clusters: 500, now: NOW });
  const image = (ref: { repository: string; tag: string }): EcrImageRecord =>
    must(findImage(data, ref.repository, ref.tag, { accountId: DEMO.accountId, region: DEMO.region }), ref.repository);

  describe('the seeded generator', () => {
    it('gives the same data for the same seed and clock, and other data for another seed', () => {
      assert.deepEqual(buildDataset({ seed: 7, clusters: 500, now: NOW }), data);
      const other = buildDataset({ seed: 8, clusters: 500, now: NOW });
      assert.notDeepEqual(
        findImage(other, BIG_IMAGE.repository, BIG_IMAGE.tag)?.clusters,
        findImage(data, BIG_IMAGE.repository, BIG_IMAGE.tag)?.clusters,
      );
      // The demo story does not depend on the seed.
      const shop = (d: EmulatorData) => d.images.filter((i) => i.repository.startsWith('shop/'));
      assert.deepEqual(shop(other), shop(data));
      assert.deepEqual(other.lifecyclePolicies.slice(0, 2), data.lifecyclePolicies.slice(0, 2));
    });

    it('gives the big image exactly --clusters clusters, with unique ARNs', () => {
      for (const n of [0, 1, 2500]) {
        const big = must(
          findImage(buildDataset({ seed: 3, clusters: n, now: NOW }), BIG_IMAGE.repository, BIG_IMAGE.tag),
          'big',
        );
        assert.equal(big.clusters.length, n);
        assert.equal(new Set(big.clusters.map((c) => c.clusterArn)).size, n);
      }
    });

    it('spreads images over accounts and regions', () => {
      assert.ok(new Set(data.images.map((i) => i.accountId)).size >= 3);
      assert.ok(new Set(data.images.map((i) => i.region)).size >= 4);
    });

    it('makes realistic clusters: ARNs, ECS groups and task definitions, EKS workloads of every kind, 0–100', () => {
      const clusterArn = /^arn:aws(?:-[a-z0-9-]+)?:(?:ecs|eks):[a-z0-9-]+:[0-9]{12}:cluster\/[a-zA-Z0-9_-]+$/;
      const all = data.images.flatMap((i) => i.clusters);
      assert.ok(all.every((c) => clusterArn.test(c.clusterArn) && c.clusterArn.length <= 2048));
      assert.ok(all.every((c) => c.clusterDetails.length >= 1 && c.clusterDetails.length <= 100));
      const d = details(data.images);
      const groups = d.map(ecs).filter((x) => x !== undefined);
      assert.ok(groups.some((g) => g.detailsGroup.startsWith('service:')));
      assert.ok(groups.some((g) => g.detailsGroup.startsWith('family:')));
      assert.ok(
        groups.every((g) => /^arn:aws:ecs:[a-z0-9-]+:\d{12}:task-definition\/[\w-]+:\d+$/.test(g.taskDefinitionArn)),
      );
      const namespaces = d.map(eks).filter((x) => x !== undefined);
      const counts = namespaces.map((n) => n.workloadInfoList?.length ?? 0);
      assert.ok(counts.every((n) => n >= 0 && n <= 100));
      assert.ok(counts.includes(0) && counts.includes(100));
      assert.deepEqual(
        new Set(namespaces.flatMap((n) => (n.workloadInfoList ?? []).map((w) => w.type))),
        new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod']),
      );
    });

    it('spreads lastInUse over weeks, some within the last 24 hours, with running and stopped counts', () => {
      const d = details(data.images);
      assert.ok(d.some((x) => x.lastInUse > NOW - 86_400));
      assert.ok(d.some((x) => x.lastInUse < NOW - 14 * 86_400));
      assert.ok(d.every((x) => x.lastInUse <= NOW));
      assert.ok(d.some((x) => x.runningUnitCount === 0 && (x.stoppedUnitCount ?? 0) > 0));
      assert.ok(d.some((x) => (x.runningUnitCount ?? 0) > 0));
      assert.ok(
        d.some((x) => !Number.isInteger(x.lastInUse)),
        'fractional seconds appear',
      );
    });

    it('covers every execution state, action, resource state and snapshot state, with valid ids', () => {
      const executions = allExecutions(data).map((x) => x.execution);
      assert.deepEqual(
        new Set(executions.map((e) => e.state.status)),
        new Set(['IN_PROGRESS', 'CANCELLED', 'CANCELLING', 'FAILED', 'SUCCESS', 'PENDING']),
      );
      const resources = allResources(data);
      assert.deepEqual(
        new Set(resources.map((r) => r.action.name)),
        new Set(['AVAILABLE', 'DELETE', 'DEPRECATE', 'DISABLE']),
      );
      assert.deepEqual(
        new Set(resources.map((r) => r.state.status)),
        new Set(['FAILED', 'IN_PROGRESS', 'SKIPPED', 'SUCCESS']),
      );
      const snapshots = resources.flatMap((r) => r.snapshots ?? []);
      assert.deepEqual(
        new Set(snapshots.map((s) => s.state.status)),
        new Set(['FAILED', 'IN_PROGRESS', 'SKIPPED', 'SUCCESS']),
      );
      assert.ok(snapshots.every((s) => (s.state.reason ?? '') !== ''));
      const ids = executions.map((e) => e.lifecycleExecutionId);
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(ids.every((id) => /^lce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)));
      for (const p of data.lifecyclePolicies) {
        assert.match(p.name, /^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$/);
        assert.match(
          p.arn,
          /^arn:aws(?:-[a-z]+)*:imagebuilder:[a-z]{2,}(?:-[a-z]+)+-[0-9]+:(?:[0-9]{12}|aws):lifecycle-policy\/[a-z0-9-_]+$/,
        );
      }
      const container = resources.filter((r) => r.imageUris !== undefined);
      assert.ok(container.some((r) => r.resourceId.startsWith('sha256:')));
      assert.ok(container.some((r) => r.resourceId.includes('.dkr.ecr.')));
      assert.ok(resources.some((r) => /^ami-/.test(r.resourceId)));
    });

    it('leaves the demo story out of the generated data set', () => {
      const generated = buildDataset({ seed: 7, clusters: 5, now: NOW, dataset: 'generated' });
      assert.equal(findImage(generated, DEMO.images.web.repository, DEMO.images.web.tag), undefined);
      assert.ok(!generated.lifecyclePolicies.some((p) => p.name === DEMO.policies.container));
      assert.ok(findImage(generated, BIG_IMAGE.repository, BIG_IMAGE.tag));
    });
  });

  describe('the demo story', () => {
    it('runs shop/web:1.4.2 in prod-web, staging-web and prod-eks as described', () => {
      const web = image(DEMO.images.web);
      assert.equal(web.digest, demoDigest('shop/web', '1.4.2'));
      const prodWeb = ecs(cluster(web, 'prod-web').clusterDetails[0]);
      assert.equal(prodWeb?.detailsGroup, 'service:web');
      assert.equal(prodWeb?.taskDefinitionArn, 'arn:aws:ecs:us-east-1:111122223333:task-definition/shop-web:42');
      assert.match(ecs(cluster(web, 'staging-web').clusterDetails[0])?.taskDefinitionArn ?? '', /shop-web:43$/);
      const prodEks = eks(cluster(web, 'prod-eks').clusterDetails[0]);
      assert.equal(prodEks?.namespace, 'shop');
      assert.deepEqual(prodEks?.workloadInfoList, [
        { name: 'web', type: 'Deployment' },
        { name: 'web-canary', type: 'Deployment' },
        { name: 'cache-warmer', type: 'CronJob' },
      ]);
      const api = image(DEMO.images.api);
      assert.equal(eks(cluster(api, 'prod-eks').clusterDetails[0])?.namespace, 'api');
      assert.ok(cluster(api, 'dev-eks'));
    });

    it('deletes shop/worker:0.9.7 while it still runs in batch-jobs, and shop/web:1.3.0 which no longer runs', () => {
      const worker = image(DEMO.images.worker);
      const batch = cluster(worker, 'batch-jobs').clusterDetails[0];
      assert.equal(batch.runningUnitCount, 2);
      assert.equal(ecs(batch)?.detailsGroup, 'family:worker');
      const policy = must(
        data.lifecyclePolicies.find((p) => p.name === DEMO.policies.container),
        'container policy',
      );
      assert.equal(policy.resourceType, 'CONTAINER_IMAGE');
      const latest = [...policy.executions].sort((a, b) => b.startTime - a.startTime)[0];
      assert.equal(latest.lifecycleExecutionId, DEMO.executions.containerInProgress);
      const deleted = latest.resources.filter((r) => r.action.name === 'DELETE').flatMap((r) => r.imageUris ?? []);
      assert.ok(deleted.some((u) => u.endsWith('/shop/worker:0.9.7')));
      assert.ok(deleted.some((u) => u.endsWith('/shop/web:1.3.0')));
      const old = image(DEMO.images.oldWeb);
      assert.ok(old.clusters.flatMap((c) => c.clusterDetails).every((d) => d.runningUnitCount === 0));
      const states = new Set(policy.executions.map((e) => e.state.status));
      for (const s of ['SUCCESS', 'FAILED', 'CANCELLED', 'IN_PROGRESS']) assert.ok(states.has(s), s);
      const success = must(
        policy.executions.find((e) => e.lifecycleExecutionId === DEMO.executions.containerSuccess),
        'success run',
      );
      // Container rules only DELETE; what they keep is listed as AVAILABLE.
      const actions = new Set(success.resources.map((r) => r.action.name));
      assert.deepEqual(actions, new Set(['DELETE', 'AVAILABLE']));
    });

    it('keeps shop/web:1.2.0 out of Inspector coverage', () => {
      assert.equal(image(DEMO.images.uncovered).covered, false);
    });

    it('runs platform/base:2026.11 in ~350 ECS and EKS clusters of two accounts, some unusual', () => {
      const base = image(DEMO.images.base);
      assert.equal(base.clusters.length, DEMO.baseClusters);
      const arns = base.clusters.map((c) => c.clusterArn);
      assert.ok(arns.some((a) => a.includes(':ecs:')) && arns.some((a) => a.includes(':eks:')));
      assert.ok(arns.some((a) => a.includes(`:${DEMO.orgAccountId}:`)));
      const d = details([base]);
      assert.ok(d.filter((x) => 'awsFutureMetadataDetails' in x.clusterMetadata).length >= 2);
      assert.ok(d.filter((x) => eks(x)?.workloadInfoList?.length === 100).length >= 2);
    });

    it('gives golden-ami-retention an image whose 60 AMIs need several pages', () => {
      const policy = must(
        data.lifecyclePolicies.find((p) => p.name === DEMO.policies.ami),
        'ami policy',
      );
      assert.equal(policy.resourceType, 'AMI_IMAGE');
      const parent = must(
        policy.executions.flatMap((e) => e.resources).find((r) => r.resourceId === DEMO.amiParentWith60),
        'parent',
      );
      assert.equal(parent.associated?.length, 60);
    });
  });

  describe('the demo workspace', () => {
    const workspace = join(__dirname, '..', '..', 'demo', 'workspace');

    it('names in its Dockerfile only images the demo data holds, in tag and digest form', () => {
      const text = readFileSync(join(workspace, 'Dockerfile'), 'utf8');
      const args = new Map<string, string>();
      const expand = (s: string): string => s.replace(/\$\{?(\w+)\}?/g, (m, name: string) => args.get(name) ?? m);
      const refs: string[] = [];
      for (const line of text.split('\n')) {
        const arg = /^ARG\s+(\w+)=(\S+)/.exec(line);
        if (arg) args.set(arg[1], expand(arg[2]));
        const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)/.exec(line);
        if (from) refs.push(expand(from[1]));
      }
      const ecr = refs.filter((r) => r.startsWith(`${DEMO.registry}/`));
      assert.ok(ecr.length >= 5, refs.join(' '));
      assert.ok(
        refs.some((r) => !r.includes('.dkr.ecr.')),
        'a Docker Hub image too',
      );
      for (const ref of ecr) {
        const path = ref.slice(DEMO.registry.length + 1);
        const [repository, pin] = path.includes('@') ? path.split('@') : path.split(':');
        const found = pin.startsWith('sha256:')
          ? data.images.find((i) => i.repository === repository && i.digest === pin)
          : findImage(data, repository, pin, { accountId: DEMO.accountId, region: DEMO.region });
        assert.ok(found, `${ref} is not in the demo data`);
      }
    });

    it('points its README at the story', () => {
      const text = readFileSync(join(workspace, 'README.md'), 'utf8');
      assert.ok(text.includes(`${DEMO.registry}/shop/worker:0.9.7`));
      assert.ok(text.includes(DEMO.policies.container));
      assert.equal(text.trim().split('\n').length, 2);
    });
  });

  describe('fixtures', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'emulator-fixture-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const fixture = {
      now: '2027-01-01T00:00:00Z',
      shortPageRate: 0,
      images: [
        {
          accountId: '999988887777',
          region: 'eu-west-1',
          repository: 'team/app',
          digest: `sha256:${'b'.repeat(64)}`,
          tags: ['2.0'],
          clusters: [
            {
              clusterArn: 'arn:aws:eks:eu-west-1:999988887777:cluster/k',
              clusterDetails: [
                {
                  lastInUse: 1_790_000_000.25,
                  clusterMetadata: { awsEksMetadataDetails: { namespace: 'n', workloadInfoList: [] } },
                },
              ],
            },
          ],
        },
      ],
      lifecyclePolicies: [
        {
          name: 'fixture-policy',
          accountId: '999988887777',
          region: 'eu-west-1',
          resourceType: 'AMI_IMAGE',
          executions: [
            {
              lifecycleExecutionId: 'lce-11111111-2222-4333-8444-555555555555',
              state: { status: 'SUCCESS' },
              startTime: '2026-12-31T00:00:00Z',
              resources: [
                {
                  accountId: '999988887777',
                  resourceId: 'ami-0123456789abcdef0',
                  region: 'eu-west-1',
                  state: { status: 'SUCCESS' },
                  action: { name: 'DELETE' },
                },
              ],
            },
          ],
        },
      ],
    };

    it('serves a JSON file given as data instead of the generated data', async () => {
      const file = join(dir, 'ok.json');
      writeFileSync(file, JSON.stringify(fixture));
      const emulator = await startEmulator({ data: file });
      const inspector = inspectorClient(emulator, { region: 'eu-west-1' });
      const imagebuilder = imagebuilderClient(emulator, { region: 'eu-west-1' });
      try {
        assert.equal(emulator.data.now, Date.parse('2027-01-01T00:00:00Z') / 1000);
        assert.equal(emulator.data.images.length, 1);
        const out = await inspector.send(
          new GetClustersForImageCommand({ filter: { resourceId: imageResourceId(emulator.data.images[0]) } }),
        );
        assert.equal(out.cluster?.[0].clusterDetails?.[0].lastInUse?.getTime(), 1_790_000_000_250);
        const resources = await imagebuilder.send(
          new ListLifecycleExecutionResourcesCommand({
            lifecycleExecutionId: 'lce-11111111-2222-4333-8444-555555555555',
          }),
        );
        assert.deepEqual(
          resources.resources?.map((r) => r.resourceId),
          ['ami-0123456789abcdef0'],
        );
      } finally {
        inspector.destroy();
        imagebuilder.destroy();
        await emulator.close();
      }
    });

    it('reports what is wrong and where, instead of crashing later', () => {
      const bad: [unknown, RegExp][] = [
        [[], /\(top level\): expected an object/],
        [{ images: {} }, /images: expected an array/],
        [
          { images: [{ ...fixture.images[0], accountId: '12' }] },
          /images\[0\]\.accountId: expected a 12-digit account id/,
        ],
        [{ images: [{ ...fixture.images[0], digest: 'sha256:xyz' }] }, /images\[0\]\.digest/],
        [
          {
            images: [
              { ...fixture.images[0], clusters: [{ clusterArn: 'a', clusterDetails: [{ lastInUse: 'soon' }] }] },
            ],
          },
          /images\[0\]\.clusters\[0\]\.clusterDetails\[0\]\.lastInUse: expected a time/,
        ],
        [
          {
            images: [
              {
                ...fixture.images[0],
                clusters: [{ clusterArn: 'a', clusterDetails: [{ lastInUse: 1, clusterMetadata: {} }] }],
              },
            ],
          },
          /clusterMetadata: expected exactly one member/,
        ],
        [
          { lifecyclePolicies: [{ ...fixture.lifecyclePolicies[0], executions: [{ lifecycleExecutionId: 'x' }] }] },
          /lifecyclePolicies\[0\]\.executions\[0\]\.lifecycleExecutionId: expected lce-<uuid>/,
        ],
        [
          {
            lifecyclePolicies: [fixture.lifecyclePolicies[0], { ...fixture.lifecyclePolicies[0], name: 'second' }],
          },
          /appears twice/,
        ],
        [{ shortPageRate: 2 }, /shortPageRate: expected a number from 0 to 1/],
        [
          { lifecyclePolicies: [{ ...fixture.lifecyclePolicies[0], policyDetails: [] }] },
          /lifecyclePolicies\[0\]\.policyDetails: expected 1 to 3 rules/,
        ],
        [
          {
            lifecyclePolicies: [
              {
                ...fixture.lifecyclePolicies[0],
                policyDetails: [
                  {
                    action: { type: 'DELETE', includeResources: { containers: 'yes' } },
                    filter: { type: 'AGE', value: 1 },
                  },
                ],
              },
            ],
          },
          /policyDetails\[0\]\.action\.includeResources\.containers: expected true or false/,
        ],
        [
          {
            lifecyclePolicies: [
              {
                ...fixture.lifecyclePolicies[0],
                policyDetails: [{ action: { type: 'DELETE' }, filter: { type: 'AGE' } }],
              },
            ],
          },
          /policyDetails\[0\]\.filter\.value: required/,
        ],
      ];
      for (const [value, message] of bad) {
        assert.throws(
          () => readFixture(value, 'f.json'),
          (e: Error) => message.test(e.message) && e.message.includes('README'),
        );
      }
    });

    it('gives a policy without rules the default rule of its kind, and keeps the rules it is given', () => {
      const data = readFixture(fixture, 'f.json');
      assert.deepEqual(data.lifecyclePolicies[0]?.policyDetails, [
        {
          action: { type: 'DELETE', includeResources: { amis: true, snapshots: true } },
          filter: { type: 'AGE', value: 60, unit: 'DAYS' },
        },
      ]);
      const rules = [
        {
          action: { type: 'DELETE', includeResources: { containers: false } },
          filter: { type: 'COUNT', value: 5 },
          exclusionRules: { tagMap: { keep: 'true' } },
        },
      ];
      const container = readFixture(
        {
          ...fixture,
          lifecyclePolicies: [
            { ...fixture.lifecyclePolicies[0], resourceType: 'CONTAINER_IMAGE', policyDetails: rules },
          ],
        },
        'f.json',
      );
      assert.deepEqual(container.lifecyclePolicies[0]?.policyDetails, rules);
    });

    it('explains a file that is missing or not JSON', () => {
      assert.throws(() => loadFixtureFile(join(dir, 'missing.json')), /Cannot read the data file .*missing\.json/);
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{"images": [');
      assert.throws(() => loadFixtureFile(broken), /broken\.json' is not valid JSON/);
    });
  });

  describe('fault syntax', () => {
    it('reads the CLI forms', () => {
      assert.deepEqual(parseFault('throttle:2'), { kind: 'throttle', times: 2 });
      assert.deepEqual(parseFault('throttle'), { kind: 'throttle' });
      assert.deepEqual(parseFault('500'), { kind: 'internal' });
      assert.deepEqual(parseFault('503:4'), { kind: 'unavailable', times: 4 });
      assert.deepEqual(parseFault('denied'), { kind: 'accessDenied' });
      assert.deepEqual(parseFault('expired:1'), { kind: 'expiredToken', times: 1 });
      assert.deepEqual(parseFault('latency:800'), { kind: 'latency', ms: 800 });
      assert.deepEqual(parseFault('latency:800:3'), { kind: 'latency', ms: 800, times: 3 });
      assert.deepEqual(parseFault('drop'), { kind: 'drop' });
      assert.deepEqual(parseFault('malformed:2'), { kind: 'malformed', times: 2 });
      assert.deepEqual(parseFault('tokenloop'), { kind: 'tokenLoop' });
      assert.deepEqual(parseFaultAssignment('GetClustersForImage=throttle:2'), [
        'GetClustersForImage',
        { kind: 'throttle', times: 2 },
      ]);
    });

    it('refuses bad forms with a message that shows the right one', () => {
      assert.throws(() => parseFault('boom'), /Unknown fault 'boom'. Use one of: throttle/);
      assert.throws(() => parseFault('throttle:0'), /at least 1/);
      assert.throws(() => parseFault('throttle:x'), /whole number/);
      assert.throws(() => parseFault('latency'), /latency:MS/);
      assert.throws(() => parseFault('drop:1:2'), /drop:N/);
      assert.throws(() => parseFaultAssignment('throttle:2'), /Operation=fault/);
    });
  });

  describe('the CLI', () => {
    const run = (args: string[]) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/cli.ts', ...args], {
        cwd: join(__dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const firstLine = new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
        });
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
      });
      return { child, exited, firstLine, output: () => ({ stdout, stderr }) };
    };

    it('starts both services, prints the endpoints and settings, injects faults, and stops on SIGTERM', async () => {
      const cli = run(['--port', '0', '--json', '--clusters', '3', '--fault', 'GetClustersForImage=throttle:1']);
      try {
        const printed = JSON.parse(await cli.firstLine) as {
          url: string;
          endpoints: { inspector2: string; imagebuilder: string };
          settings: Record<string, unknown>;
        };
        assert.match(printed.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.deepEqual(printed.settings['imageFootprint.endpoints'], printed.endpoints);
        const info = (await (await fetch(`${printed.url}/__emulator`)).json()) as Record<string, unknown>;
        assert.equal(info.clusters, 3);
        const faults = (await (await fetch(`${printed.url}/__emulator/faults`)).json()) as Record<string, unknown>;
        assert.deepEqual(faults.faults, { GetClustersForImage: { kind: 'throttle', times: 1 } });
      } finally {
        cli.child.kill('SIGTERM');
      }
      assert.equal(await cli.exited, 0);
    });

    it('explains bad arguments and a busy port, and exits non-zero', async () => {
      const badPort = run(['--port', 'abc']);
      assert.equal(await badPort.exited, 2);
      assert.match(badPort.output().stderr, /--port must be a whole number, not 'abc'/);
      const badFault = run(['--fault', 'GetClustersForImage=boom']);
      assert.equal(await badFault.exited, 2);
      assert.match(badFault.output().stderr, /Unknown fault 'boom'/);
      const busy = await startEmulator({ clusters: 1 });
      try {
        const port = new URL(busy.url).port;
        const second = run(['--port', port]);
        assert.equal(await second.exited, 1);
        assert.match(second.output().stderr, new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
      } finally {
        await busy.close();
      }
      const missing = run(['--port', '0', '--data', '/nonexistent/data.json']);
      assert.equal(await missing.exited, 1);
      assert.match(missing.output().stderr, /Cannot read the data file '\/nonexistent\/data\.json'/);
    });
  });
});
