import * as assert from 'node:assert/strict';
import { normalizeSettings } from '../../src/settings';

describe('normalizeSettings', () => {
  it('takes well-formed values as they are', () => {
    const { settings, problems } = normalizeSettings({
      profile: ' dev ',
      region: 'eu-west-1',
      endpoints: { inspector2: 'http://127.0.0.1:4599', imagebuilder: 'https://imagebuilder.example' },
      pageSizeClusters: 50,
      pageSizeLifecycleResources: 10,
    });
    assert.deepEqual(problems, []);
    assert.equal(settings.profile, 'dev');
    assert.equal(settings.region, 'eu-west-1');
    assert.deepEqual(settings.endpoints, {
      inspector2: 'http://127.0.0.1:4599',
      imagebuilder: 'https://imagebuilder.example',
    });
    assert.deepEqual(settings.pageSize, { clusters: 50, lifecycleResources: 10 });
  });

  it('uses the defaults when nothing is set, without problems', () => {
    const { settings, problems } = normalizeSettings({});
    assert.deepEqual(problems, []);
    assert.equal(settings.profile, undefined);
    assert.equal(settings.region, undefined);
    assert.deepEqual(settings.endpoints, {});
    assert.deepEqual(settings.pageSize, { clusters: 100, lifecycleResources: 25 });
  });

  it('clamps page sizes to the API limits and says so', () => {
    const { settings, problems } = normalizeSettings({ pageSizeClusters: 5000, pageSizeLifecycleResources: 0 });
    assert.deepEqual(settings.pageSize, { clusters: 100, lifecycleResources: 1 });
    assert.equal(problems.length, 2);
    assert.match(problems[0]?.message ?? '', /1 to 100/);
  });

  it('falls back on wrong types and reports each', () => {
    const { settings, problems } = normalizeSettings({
      profile: 42,
      region: 'Mars',
      endpoints: 'http://x',
      pageSizeClusters: 'ten',
      pageSizeLifecycleResources: Number.NaN,
    });
    assert.equal(settings.profile, undefined);
    assert.equal(settings.region, undefined);
    assert.deepEqual(settings.endpoints, {});
    assert.deepEqual(settings.pageSize, { clusters: 100, lifecycleResources: 25 });
    assert.deepEqual(
      problems.map((p) => p.setting),
      [
        'imageFootprint.profile',
        'imageFootprint.region',
        'imageFootprint.endpoints',
        'imageFootprint.pageSize.clusters',
        'imageFootprint.pageSize.lifecycleResources',
      ],
    );
  });

  it('ignores an endpoint that is not an http(s) URL, keeping the other', () => {
    const { settings, problems } = normalizeSettings({
      endpoints: { inspector2: 'not a url', imagebuilder: 'http://127.0.0.1:1' },
    });
    assert.deepEqual(settings.endpoints, { imagebuilder: 'http://127.0.0.1:1' });
    assert.match(problems[0]?.message ?? '', /not a URL/);
    const js = normalizeSettings({ endpoints: { inspector2: 'javascript:alert(1)' } });
    assert.deepEqual(js.settings.endpoints, {});
    assert.equal(js.problems.length, 1);
  });

  it('reads imageFootprint.requestTimeoutSeconds: 30 by default, clamped to 1–300, a wrong type falls back', () => {
    assert.equal(normalizeSettings({}).settings.requestTimeoutSeconds, 30);
    assert.equal(normalizeSettings({ requestTimeoutSeconds: 5 }).settings.requestTimeoutSeconds, 5);
    for (const [value, expected] of [
      [0, 1],
      [-10, 1],
      [1000, 300],
      [2.6, 3],
      ['10', 30],
      [Number.NaN, 30],
    ] as const) {
      const { settings, problems } = normalizeSettings({ requestTimeoutSeconds: value });
      assert.equal(settings.requestTimeoutSeconds, expected, String(value));
      assert.equal(problems.length, 1, String(value));
      assert.equal(problems[0]?.setting, 'imageFootprint.requestTimeoutSeconds');
      assert.match(problems[0]?.message ?? '', new RegExp(`${expected}`));
    }
  });

  it('never throws on any JSON value', () => {
    const values: unknown[] = [
      null,
      undefined,
      0,
      -1,
      1.5,
      '',
      ' ',
      [],
      {},
      [1],
      { a: 1 },
      true,
      '\u0000',
      'x'.repeat(10000),
    ];
    for (const v of values) {
      const { settings } = normalizeSettings({
        profile: v,
        region: v,
        endpoints: v,
        pageSizeClusters: v,
        pageSizeLifecycleResources: v,
      });
      assert.ok(settings.pageSize.clusters >= 1 && settings.pageSize.clusters <= 100);
      assert.ok(settings.pageSize.lifecycleResources >= 1 && settings.pageSize.lifecycleResources <= 25);
    }
  });
});
