/**
 * The extension's real long-lived objects, built in plain Node against the benchmark emulator: the settings store,
 * the AWS session (over `src/aws/layer.ts`, so ours and the raw-SDK baseline share the same SDK modules), the Image
 * Clusters and Lifecycle views, the lookup, the usage service, the panels, the tree commands (Load more runs through
 * the registered command, as a click does), and raw SDK clients for the baselines. The same wiring as
 * `src/extension.ts`, by hand, so that each figure can start from a fresh object.
 */
import '../test/support/useStandIn';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import type * as vscode from 'vscode';
import { AwsSession } from '../src/aws/session';
import type { AwsLayerModule } from '../src/aws/types';
import { LifecycleView } from '../src/imagebuilder/lifecycleView';
import { ClustersView } from '../src/inspector/clustersView';
import { ImageUsageService } from '../src/inspector/imageUsage';
import { ImageLookup } from '../src/inspector/lookupImage';
import { SettingsStore } from '../src/settingsStore';
import { ErrorActions } from '../src/ui/errorActions';
import { registerTreeCommands } from '../src/ui/treeCommands';
import type { PanelStates } from '../src/panels';
import { WebviewPanels } from '../src/webview/panelShell';
import { isolatedAwsEnv } from '../test/support/isolatedAws';
import type { BenchEmulator } from './emulatorProcess';
import * as standInModule from '../test/support/vscodeStandIn';

export const standIn = standInModule.standIn;

/** Workspace and global state in memory. */
export class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  constructor(initial: Record<string, unknown> = {}) {
    for (const [k, v] of Object.entries(initial)) this.values.set(k, v);
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}

/** A LogOutputChannel that drops everything (logging is not what is measured). */
export function silentLog(): vscode.LogOutputChannel {
  return standInModule.window.createOutputChannel('bench') as unknown as vscode.LogOutputChannel;
}

/**
 * Points the SDK at nothing real: dummy keys, private config files, no instance metadata (test/support/isolatedAws).
 * Returns a function that removes the folder.
 */
export function isolateAws(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'if-bench-aws-'));
  for (const [k, v] of Object.entries(isolatedAwsEnv(dir))) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => rmSync(dir, { recursive: true, force: true });
}

export function useSettings(emulator: BenchEmulator): void {
  standIn.settings = {
    'imageFootprint.profile': '',
    'imageFootprint.region': 'us-east-1',
    'imageFootprint.endpoints': emulator.endpoints,
    'imageFootprint.pageSize.clusters': 100,
    'imageFootprint.pageSize.lifecycleResources': 25,
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadSourceLayer = (): AwsLayerModule => require('../src/aws/layer') as AwsLayerModule;

export interface World {
  readonly session: AwsSession;
  readonly settings: SettingsStore;
  readonly clusters: ClustersView;
  readonly lifecycle: LifecycleView;
  readonly lookup: ImageLookup;
  readonly usage: ImageUsageService;
  readonly panels: WebviewPanels<PanelStates>;
  readonly workspaceState: MemoryMemento;
  dispose(): void;
}

export interface WorldOptions {
  /** Images saved in workspace state (Inspector resource ids): the Image Clusters view starts with them as roots. */
  readonly images?: readonly string[];
  /** Lifecycle executions opened by id (saved in workspace state). */
  readonly executions?: readonly { readonly id: string; readonly region: string }[];
}

/** Builds the objects as `activate()` does (minus the status bar and the unrelated commands). */
export function createWorld(options: WorldOptions = {}): World {
  const log = silentLog();
  const workspaceState = new MemoryMemento({
    'imageFootprint.images': (options.images ?? []).map((resourceId) => ({ resourceId, input: resourceId })),
    'imageFootprint.openedExecutions': options.executions ?? [],
  });
  const globalState = new MemoryMemento();
  const settings = new SettingsStore(() => undefined);
  const session = new AwsSession(settings, loadSourceLayer, log);
  const errors = new ErrorActions(session, log);
  const panels = new WebviewPanels<PanelStates>(
    standInModule.Uri.file(path.join(__dirname, '..')) as unknown as vscode.Uri,
    log,
    {
      copy: () => Promise.resolve(),
      openExternal: () => Promise.resolve(),
    },
  );
  const clusters = new ClustersView(session, settings, workspaceState, log);
  const lookup = new ImageLookup(clusters.inspector, clusters, globalState, errors);
  const usage = new ImageUsageService(session);
  const lifecycle = new LifecycleView(session, settings, workspaceState, usage);
  const commands = registerTreeCommands([clusters, lifecycle], errors, () => usage.clear());
  return {
    session,
    settings,
    clusters,
    lifecycle,
    lookup,
    usage,
    panels,
    workspaceState,
    dispose() {
      for (const c of commands) c.dispose();
      lifecycle.dispose();
      clusters.dispose();
      panels.dispose();
      session.dispose();
      settings.dispose();
    },
  };
}

/** Raw SDK clients, configured as anyone would for this endpoint: region, endpoint, credentials. */
export function rawClients(emulator: BenchEmulator, region: string) {
  const config = {
    region,
    endpoint: emulator.url,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'AKIABENCH',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'bench',
    },
  };
  return { inspector: new Inspector2Client(config), imagebuilder: new ImagebuilderClient(config) };
}
