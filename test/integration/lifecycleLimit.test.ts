// The Lifecycle Executions view's in-use checks read the associated resources of container images that name no ECR
// image at the top (no imageUris): those reads run at most 3 at a time across the view, like the Inspector requests.
// With every read slowed down, a 4th read may only start once one of the first 3 has answered.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { ExecutionNode } from '../../src/imagebuilder/executionNodes';
import { children, DEMO_REGISTRY, emulator, extensionApi, items, waitFor } from './support/harness';

const ACCOUNT = '111122223333';
const EXECUTION = 'lce-11a1700e-0000-4000-8000-000000000001';
const IMAGES = 8;
const LATENCY_MS = 400;

interface TimedRequest {
  readonly input: Record<string, unknown>;
  readonly time: number;
}

function policyWithImagesWithoutUris() {
  const resources = Array.from({ length: IMAGES }, (_, i) => ({
    accountId: ACCOUNT,
    resourceId: `arn:aws:imagebuilder:us-east-1:${ACCOUNT}:image/limit-${i}/1.0.${i}/1`,
    region: 'us-east-1',
    state: { status: 'SUCCESS' },
    action: { name: 'DELETE' },
    imageUris: [],
    associated: [
      {
        accountId: ACCOUNT,
        resourceId: `${DEMO_REGISTRY}/limit/app-${i}:1.0.${i}`,
        region: 'us-east-1',
        state: { status: 'SUCCESS' },
        action: { name: 'DELETE' },
      },
    ],
  }));
  return {
    now: '2026-11-30T00:00:00Z',
    lifecyclePolicies: [
      {
        name: 'limit-retention',
        accountId: ACCOUNT,
        region: 'us-east-1',
        resourceType: 'CONTAINER_IMAGE',
        policyDetails: [
          {
            action: { type: 'DELETE', includeResources: { containers: true } },
            filter: { type: 'COUNT', value: 1 },
          },
        ],
        executions: [
          {
            lifecycleExecutionId: EXECUTION,
            state: { status: 'SUCCESS' },
            startTime: '2026-11-29T00:00:00Z',
            resources,
          },
        ],
      },
    ],
  };
}

describe('Lifecycle Executions view: reads for the in-use checks', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  before(async () => {
    api = await extensionApi();
    await vscode.commands.executeCommand('imageFootprint.lifecycle.focus');
  });

  after(async () => {
    for (const node of [...api.lifecycle.openedExecutions]) await api.lifecycle.removeOpened(node);
    api.usage.clear();
    api.lifecycle.refresh();
    await emulator.reset();
  });

  it('reads associated resources at most 3 at a time across the view', async () => {
    for (const node of [...api.lifecycle.openedExecutions]) await api.lifecycle.removeOpened(node);
    api.usage.clear();
    api.lifecycle.refresh();
    await emulator.reset();
    await emulator.setData(policyWithImagesWithoutUris());
    await emulator.setFault('ListLifecycleExecutionResources', `latency:${LATENCY_MS}`);

    const node = (await vscode.commands.executeCommand(
      'imageFootprint.openLifecycleExecution',
      EXECUTION,
    )) as ExecutionNode;
    assert.ok(node, 'the execution opens');
    const provider = api.lifecycle.provider;
    const resources = (await children(provider, node)).slice(0, IMAGES);
    // Drawing the rows starts every row's check at once; the view's limiter decides how many reads run.
    await items(provider, resources);

    const reads = await waitFor('every associated-resource read', async () => {
      const all = (await emulator.requests('ListLifecycleExecutionResources')) as unknown as TimedRequest[];
      const under = all.filter((r) => r.input.parentResourceId !== undefined);
      return under.length >= IMAGES ? under : undefined;
    });
    assert.deepEqual(
      new Set(reads.map((r) => r.input.parentResourceId)).size,
      IMAGES,
      'one read per top-level image without imageUris',
    );
    // Each logged time is when the emulator received the request; each read takes at least LATENCY_MS. With at most
    // 3 in flight, the 4th can only start after the 1st answered: starts i and i + 3 are a whole latency apart.
    const starts = reads.map((r) => r.time).sort((a, b) => a - b);
    for (let i = 0; i + 3 < starts.length; i++) {
      const gap = starts[i + 3]! - starts[i]!;
      assert.ok(gap >= LATENCY_MS * 0.9, `read ${i + 4} started ${gap} ms after read ${i + 1}: more than 3 at once`);
    }
  });
});
