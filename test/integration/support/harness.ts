/**
 * Helpers for suites inside the real VS Code: the extension's live objects, the emulator's control API, and walking
 * the real trees through their TreeDataProviders. The nodes come from the extension's own bundle, so suites read
 * them through TreeItems and public fields, never with `instanceof`.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/tree/node';
import manifest from '../../../package.json';

export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export function emulatorUrl(): string {
  const url = process.env.IF_EMULATOR_URL;
  assert.ok(url, 'IF_EMULATOR_URL is not set: run the suites through test/integration/runTest.ts');
  return url;
}

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(new URL(`/__emulator${path}`, emulatorUrl()), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `emulator ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

export interface LoggedRequest {
  readonly operation: string;
  readonly status: number;
  readonly input: Record<string, unknown>;
}

export const emulator = {
  reset: () => control('POST', '/reset'),
  clearRequests: () => control('DELETE', '/requests'),
  requests: async (operation?: string): Promise<LoggedRequest[]> => {
    const body = (await control('GET', `/requests${operation ? `?operation=${operation}` : ''}`)) as {
      requests: LoggedRequest[];
    };
    return body.requests;
  },
  setFault: (operation: string, fault: string) => control('PUT', `/faults/${operation}`, fault),
  clearFaults: () => control('DELETE', '/faults'),
  data: () => control('GET', '/data') as Promise<EmulatorDataView>,
  setData: (data: unknown) => control('PUT', '/data', data),
};

/** The parts of the emulator's data set the suites compare with. */
export interface EmulatorDataView {
  images: {
    accountId: string;
    region: string;
    repository: string;
    digest: string;
    tags: string[];
    clusters: { clusterArn: string; clusterDetails: { clusterMetadata: Record<string, unknown> }[] }[];
  }[];
  lifecyclePolicies: {
    arn: string;
    name: string;
    region: string;
    executions: { lifecycleExecutionId: string; resources: { resourceId: string; action: { name: string } }[] }[];
  }[];
}

export async function children(provider: vscode.TreeDataProvider<TreeNode>, node?: TreeNode): Promise<TreeNode[]> {
  return (await provider.getChildren(node)) ?? [];
}

/** The row as the user sees it on hover: `getTreeItem`, then `resolveTreeItem` (which adds the tooltip). */
export async function item(provider: vscode.TreeDataProvider<TreeNode>, node: TreeNode): Promise<vscode.TreeItem> {
  const treeItem = await provider.getTreeItem(node);
  if (!provider.resolveTreeItem) return treeItem;
  const token = new vscode.CancellationTokenSource().token;
  return (await provider.resolveTreeItem(treeItem, node, token)) ?? treeItem;
}

export function labelOf(treeItem: vscode.TreeItem): string {
  const l = treeItem.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** The TreeItems of `nodes`, with the node kept beside each. */
export async function items(
  provider: vscode.TreeDataProvider<TreeNode>,
  nodes: readonly TreeNode[],
): Promise<{ node: TreeNode; item: vscode.TreeItem; label: string; context: string }[]> {
  return Promise.all(
    nodes.map(async (node) => {
      const i = await item(provider, node);
      return { node, item: i, label: labelOf(i), context: i.contextValue ?? '' };
    }),
  );
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Writes a setting of the test workspace; `endpoints` (application-scoped: user settings only) for the user. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  const target = key === 'endpoints' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
  await vscode.workspace.getConfiguration('imageFootprint').update(key, value, target);
}

export const DEMO_REGISTRY = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
