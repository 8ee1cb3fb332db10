/**
 * One cold activation, in a fresh Node process with no loader hooks: bundled by bench/run.ts into
 * out/bench/activationChild.js (the `vscode` stand-in beside it as out/bench/vscodeStandIn.js, standing for the API
 * the extension host provides). Times `require(dist/extension.js)` and `activate()`, lists what was loaded, then makes
 * the first request (one page of clusters against the emulator) and lists what that loaded. Prints one JSON line.
 *
 *   node out/bench/activationChild.js '{"extension": "/abs/dist/extension.js", "emulatorUrl": "http://…", …}'
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import packageJson from '../package.json';
import { profile, sourceMapResolver, type FrameResolver, type ProfileSummary } from './profile';
import { redirectVscode } from '../test/support/vscodeRedirect';

export interface ActivationChildInput {
  readonly extension: string;
  readonly emulatorUrl: string;
  readonly resourceId: string;
  /** Profile require + activate (slower: for the profile, not the timing). */
  readonly profile?: boolean;
}

export interface ActivationChildResult {
  readonly requireMs: number;
  readonly activateMs: number;
  readonly modulesLoadedByActivation: number;
  /** Modules of the AWS SDK (or the AWS layer bundle) in the module cache right after activate(). */
  readonly awsModulesAtActivation: readonly string[];
  readonly layerLoadedAtActivation: boolean;
  /** Parser bundles (dist/dockerfile.js) and parser packages in the module cache right after activate(). */
  readonly parsersAtActivation: readonly string[];
  readonly firstRequestMs: number;
  /** The same request again, everything loaded and built: what the first one costs beyond a request. */
  readonly warmRequestMs: number;
  /** What the extension logged as the time to load the AWS layer (on the first request). */
  readonly layerLoadMs?: number;
  readonly awsModulesAfterFirstRequest: readonly string[];
  readonly layerLoadedAfterFirstRequest: boolean;
  readonly clustersOnFirstPage: number;
  readonly profile?: ProfileSummary;
  /** The first request profiled (a process of its own, with `profile`: the AWS layer's frames mapped to sources). */
  readonly firstRequestProfile?: ProfileSummary;
}

const PARSER_MODULE =
  /[\\/](?:dist[\\/](?:dockerfile|references|referencesWorker)\.js$|node_modules[\\/](?:dockerfile-ast|yaml|jsonc-parser|web-tree-sitter)[\\/])/;
const AWS_MODULE = /[\\/](?:node_modules[\\/](?:@aws-sdk|@smithy|@aws-crypto)[\\/]|dist[\\/]aws[-\w]*\.js$)/;

interface Memento {
  keys(): readonly string[];
  get<T>(key: string, fallback?: T): T | undefined;
  update(key: string, value: unknown): Promise<void>;
  setKeysForSync?(keys: readonly string[]): void;
}

function memento(): Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: (key, value) => {
      values.set(key, value);
      return Promise.resolve();
    },
    setKeysForSync: () => undefined,
  };
}

interface ExtensionModule {
  activate(context: unknown): {
    isAwsLayerLoaded(): boolean;
    inspector: {
      loadClustersPage(
        image: { resourceId: string; region: string; accountId: string; repository: string; input: string },
        token: string | undefined,
        signal: AbortSignal,
      ): Promise<{ items: readonly unknown[] }>;
    };
  };
  deactivate?(): void;
}

/** Frames of any of these bundles mapped back to their sources. */
function bundlesResolver(bundles: readonly string[]): FrameResolver {
  const resolvers = bundles.map(sourceMapResolver).filter((r): r is FrameResolver => r !== undefined);
  return (url, line, column) => {
    for (const r of resolvers) {
      const found = r(url, line, column);
      if (found) return found;
    }
    return undefined;
  };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ActivationChildInput;
  const standInFile = path.join(__dirname, 'vscodeStandIn.js');
  redirectVscode(standInFile);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vscode = require(standInFile) as typeof import('../test/support/vscodeStandIn');
  vscode.standIn.recordLog = true;
  vscode.standIn.settings = {
    'imageFootprint.region': 'us-east-1',
    'imageFootprint.endpoints': { inspector2: input.emulatorUrl, imagebuilder: input.emulatorUrl },
  };
  const extensionRoot = path.dirname(path.dirname(input.extension));
  const subscriptions: { dispose(): unknown }[] = [];
  const context = {
    subscriptions,
    workspaceState: memento(),
    globalState: memento(),
    extensionUri: vscode.Uri.file(extensionRoot),
    extensionPath: extensionRoot,
    asAbsolutePath: (p: string) => path.join(extensionRoot, p),
    extensionMode: 1,
    logUri: vscode.Uri.file(path.join(extensionRoot, 'out', 'bench', 'log')),
    storageUri: undefined,
    globalStorageUri: vscode.Uri.file(path.join(extensionRoot, 'out', 'bench', 'global')),
    // What VS Code hands activate() as `context.extension` (the walkthrough command names the extension by its id).
    extension: { id: `${packageJson.publisher}.${packageJson.name}`, extensionUri: vscode.Uri.file(extensionRoot) },
  };

  const before = new Set(Object.keys(require.cache));
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let extension: ExtensionModule | undefined;
  let api: ReturnType<ExtensionModule['activate']> | undefined;
  const activateExtension = (): void => {
    t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    extension = require(input.extension) as ExtensionModule;
    t1 = performance.now();
    api = extension.activate(context);
    t2 = performance.now();
  };
  const summary = input.profile
    ? await profile('activation', () => Promise.resolve(activateExtension()), 12, sourceMapResolver(input.extension))
    : (activateExtension(), undefined);
  if (!extension || !api) throw new Error('activate() returned nothing');
  const loaded = Object.keys(require.cache).filter((m) => !before.has(m));
  // Let whatever activation started without awaiting (status bar, profile list) run before looking again.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const awsAtActivation = Object.keys(require.cache).filter((m) => AWS_MODULE.test(m));
  const layerAtActivation = api.isAwsLayerLoaded();
  const parsersAtActivation = Object.keys(require.cache).filter((m) => PARSER_MODULE.test(m));

  const m = /repository\/(.+)\/sha256/.exec(input.resourceId);
  // The same image for the first request and for the same request made again.
  const subject = {
    resourceId: input.resourceId,
    region: 'us-east-1',
    accountId: '111122223333',
    repository: m?.[1] ?? 'unknown',
    input: input.resourceId,
  };
  const firstRequest = (): ReturnType<NonNullable<typeof api>['inspector']['loadClustersPage']> =>
    (api as NonNullable<typeof api>).inspector.loadClustersPage(subject, undefined, new AbortController().signal);
  const t3 = performance.now();
  let page: Awaited<ReturnType<typeof firstRequest>> | undefined;
  const requestSummary = input.profile
    ? await profile(
        'firstRequest',
        async () => {
          page = await firstRequest();
        },
        12,
        bundlesResolver([input.extension, path.join(path.dirname(input.extension), 'aws-inspector2.js')]),
      )
    : ((page = await firstRequest()), undefined);
  const t4 = performance.now();
  const awsAfterFirst = Object.keys(require.cache).filter((x) => AWS_MODULE.test(x));
  const t5 = performance.now();
  await api.inspector.loadClustersPage(subject, undefined, new AbortController().signal);
  const warmRequestMs = performance.now() - t5;
  const layerLine = vscode.standIn.logLines.find((l) => /AWS layer loaded in/.test(l));
  const layerLoadMs = layerLine ? Number(/in ([\d.]+) ms/.exec(layerLine)?.[1]) : undefined;
  const result: ActivationChildResult = {
    requireMs: t1 - t0,
    activateMs: t2 - t1,
    modulesLoadedByActivation: loaded.length,
    awsModulesAtActivation: awsAtActivation,
    layerLoadedAtActivation: layerAtActivation,
    parsersAtActivation,
    firstRequestMs: t4 - t3,
    warmRequestMs,
    layerLoadMs,
    awsModulesAfterFirstRequest: awsAfterFirst,
    layerLoadedAfterFirstRequest: api.isAwsLayerLoaded(),
    clustersOnFirstPage: page?.items.length ?? 0,
    ...(summary && { profile: summary }),
    ...(requestSummary && { firstRequestProfile: requestSummary }),
  };
  for (const s of subscriptions.reverse()) s.dispose();
  extension.deactivate?.();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Sockets of the SDK's keep-alive agent would hold the process open for a while.
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`activation: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
