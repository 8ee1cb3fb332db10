/**
 * Wiring only: builds the long-lived objects, registers them, and hands dependencies through constructors.
 * Activation loads no AWS SDK code and makes no request: `dist/aws-<service>.js` is required on the first request.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { CodeCachedBundles } from './aws/codeCache';
import { AwsSession } from './aws/session';
import type { AwsService } from './aws/errors';
import type { AwsLayerModule } from './aws/types';
import type * as DockerfileParserModule from './dockerfile/references';
import { ClusterCommands } from './inspector/commands';
import { ClustersView } from './inspector/clustersView';
import { ImageLookup } from './inspector/lookupImage';
import { InspectorImages } from './inspector/images';
import { ImageBuilderLifecycle } from './imagebuilder/lifecycle';
import { SettingsStore } from './settingsStore';
import { ConnectionUi } from './ui/connection';
import { SignInUi } from './ui/signIn';
import { ErrorActions } from './ui/errorActions';
import { registerTreeCommands } from './ui/treeCommands';
import { ImageUsageService } from './inspector/imageUsage';
import { LifecycleCommands } from './imagebuilder/commands';
import { LifecycleView } from './imagebuilder/lifecycleView';
import { LifecycleExportCommands } from './imagebuilder/exportCommands';
import { ClusterExportCommands } from './inspector/exportCommands';
import { TableExporter } from './ui/exportTable';
import { markingHovers, registerWalkthrough } from './ui/walkthrough';
import type { PanelStates } from './panels';
import { WebviewPanels } from './webview/panelShell';
import { DOCKERFILE_SELECTOR, DockerfileHoverProvider, DockerfileReferenceCache } from './dockerfile/hover';
import { dockerfileLensTargets, ImageUsageCodeLensProvider } from './dockerfile/codeLens';
import { notificationText } from './util/escape';
import { DocumentReferenceCache, ReferenceExtractor, type ReferencesModule } from './references/documentReferences';
import { REFERENCE_SELECTOR, ReferenceHoverProvider, referenceLensTargets } from './references/providers';
import { readDotEnvBeside } from './references/documentReferences';
import { WorkspaceReferenceIndex } from './references/workspaceIndex';
import { WorkspaceImagesView } from './references/workspaceImagesView';
import { LifecycleProblems } from './imagebuilder/lifecycleProblems';
import { referencesTo } from './imagebuilder/lifecycleIndex';
import { setFormatLocale } from './util/format';

/** What `activate` returns: the live objects, for the integration suites and benchmarks (not a public API). */
export interface ExtensionApi {
  /** Whether the AWS layer (the SDK) has been loaded yet. */
  readonly isAwsLayerLoaded: () => boolean;
  /** Whether the reference extractors and their parsers (dist/references.js) have been loaded yet. */
  readonly isReferencesLoaded: () => boolean;
  /** How many large texts were read in the worker thread. */
  readonly referencesWorkerRequests: () => number;
  readonly clusters: ClustersView;
  /** Amazon Inspector as the views, the lookup and the hovers ask it. */
  readonly inspector: InspectorImages;
  readonly lifecycle: LifecycleView;
  /** EC2 Image Builder lifecycle data as the Lifecycle Executions view asks it. */
  readonly imageBuilder: ImageBuilderLifecycle;
  readonly panels: WebviewPanels<PanelStates>;
  readonly usage: ImageUsageService;
  /** The status bar item and its menu (profile, region, sign-in state). */
  readonly connection: ConnectionUi;
  readonly workspaceImages: WorkspaceImagesView;
  readonly workspaceIndex: WorkspaceReferenceIndex;
  readonly lifecycleProblems: LifecycleProblems;
  /** The folder of the extension's log files: the 'Image Footprint' channel is `Image Footprint.log` in it. */
  readonly logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // Counts and dates in tree rows, tooltips and hovers follow VS Code's display language (util/ knows no vscode).
  setFormatLocale(vscode.env.language);
  // Pure modules (no `vscode`) translate through `@vscode/l10n`'s `l10n.t`, with the bundle VS Code loaded for us.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = vscode.window.createOutputChannel('Image Footprint', { log: true }); // l10n-ignore: product name
  context.subscriptions.push(log);

  const settings = new SettingsStore((problem) => {
    void vscode.window
      .showWarningMessage(notificationText(problem.message), vscode.l10n.t('Open Settings'))
      .then((picked) => {
        if (picked) void vscode.commands.executeCommand('workbench.action.openSettings', problem.setting);
      });
  });
  // The AWS layer is a bundle per service, required on the first request of that service: activation never loads
  // the SDK, and a request loads only its own service's client. A V8 code cache in the global storage spares the
  // first request of a later session compiling it again (aws/codeCache.ts).
  const storage = context.globalStorageUri;
  const bundles = new CodeCachedBundles(
    storage.scheme === 'file' ? path.join(storage.fsPath, 'code-cache') : undefined,
    (line) => log.debug(line),
  );
  context.subscriptions.push(bundles);
  const loadLayer = (service: AwsService): AwsLayerModule =>
    bundles.require(path.join(__dirname, `aws-${service}.js`)) as AwsLayerModule;
  const session = new AwsSession(settings, loadLayer, log);
  const errors = new ErrorActions(session, log);
  const panels = new WebviewPanels<PanelStates>(context.extensionUri, log, {
    copy: (text) => vscode.env.clipboard.writeText(text),
    openExternal: (url) => vscode.env.openExternal(vscode.Uri.parse(url, true)).then(() => undefined),
  });
  // Inspector, as the views, the lookup, the hovers and the CodeLens ask it (one module owns those calls).
  const inspector = new InspectorImages(session, () => settings.current.pageSize.clusters);
  const clusters = new ClustersView(session, settings, context.workspaceState, log, inspector);
  const lookup = new ImageLookup(inspector, clusters, context.globalState, errors);
  const signIn = new SignInUi(session, log);
  const connection = new ConnectionUi(session, settings, log, () => signIn.hasAwsCli());
  const usage = new ImageUsageService(session, { pageSize: () => settings.current.pageSize.clusters });
  session.onDidChangeConnection(
    () => {
      // Nothing from the old account may stay on screen: cached answers go, open panels close.
      usage.clear();
      panels.closeAll();
      workspaceImages.refresh();
    },
    undefined,
    context.subscriptions,
  );
  const exporter = new TableExporter(errors);
  // The Dockerfile parser is its own bundle too, required on the first Dockerfile that needs it.
  const parseDockerfile = (text: string): ReturnType<typeof DockerfileParserModule.findImageReferences> =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path.join(__dirname, 'dockerfile.js')) as typeof DockerfileParserModule).findImageReferences(text);
  const dockerfiles = new DockerfileReferenceCache(parseDockerfile);
  const codeLenses = new ImageUsageCodeLensProvider(
    usage,
    () => settings.current.dockerfileCodeLens,
    [settings.onDidChange, session.onDidChangeConnection],
    dockerfileLensTargets(dockerfiles),
  );

  // The extractors for manifests, templates and workflows (yaml, jsonc-parser, tree-sitter) are a third lazy bundle.
  const extractor = new ReferenceExtractor(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require(path.join(__dirname, 'references.js')) as ReferencesModule,
    __dirname,
    log,
    path.join(__dirname, 'referencesWorker.js'),
  );
  const references = new DocumentReferenceCache(extractor);
  const workspaceIndex = new WorkspaceReferenceIndex(extractor, parseDockerfile, readDotEnvBeside, log);
  const workspaceImages = new WorkspaceImagesView(workspaceIndex, usage, inspector);
  const lifecycle = new LifecycleView(session, settings, context.workspaceState, usage, (images) =>
    referencesTo(workspaceIndex.entries(), images),
  );
  // "Referenced in N files" on DELETE rows follows the workspace's files.
  const whenVisible = (view: { treeView: vscode.TreeView<unknown>; notify: () => void }): (() => void) => {
    // A hidden view is redrawn when next shown, not now (a redraw asks again for its expanded rows).
    let timer: ReturnType<typeof setTimeout> | undefined;
    let dirty = false;
    context.subscriptions.push(
      view.treeView.onDidChangeVisibility((e) => {
        if (e.visible && dirty) {
          dirty = false;
          view.notify();
        }
      }),
    );
    return () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (view.treeView.visible) view.notify();
        else dirty = true;
      }, 500);
    };
  };
  context.subscriptions.push(
    workspaceIndex.onDidChange(
      whenVisible({ treeView: lifecycle.treeView, notify: () => lifecycle.provider.notify(undefined) }),
    ),
  );
  const lifecycleProblems = new LifecycleProblems(
    session,
    usage,
    references,
    dockerfiles,
    workspaceIndex,
    lifecycle.lifecycle,
    context.workspaceState,
    errors,
    log,
  );
  workspaceImages.lifecycleFate = (ref) => lifecycleProblems.fateFor(ref);
  context.subscriptions.push(
    lifecycleProblems.onDidUpdate(
      whenVisible({ treeView: workspaceImages.treeView, notify: () => workspaceImages.provider.notify(undefined) }),
    ),
  );
  const referenceLenses = new ImageUsageCodeLensProvider(
    usage,
    () => settings.current.referencesCodeLens,
    [settings.onDidChange, session.onDidChangeConnection],
    referenceLensTargets(references),
  );

  context.subscriptions.push(
    settings,
    session,
    panels,
    clusters,
    connection,
    ...connection.register(),
    ...signIn.register(),
    ...new ClusterCommands(clusters, lookup, panels).register(),
    lifecycle,
    ...new LifecycleCommands(lifecycle, panels, errors).register(),
    ...new ClusterExportCommands(clusters, exporter).register(),
    ...new LifecycleExportCommands(lifecycle, exporter).register(),
    vscode.languages.registerHoverProvider(
      DOCKERFILE_SELECTOR,
      markingHovers(new DockerfileHoverProvider(usage, dockerfiles)),
    ),
    registerWalkthrough(context.extension.id),
    codeLenses,
    vscode.languages.registerCodeLensProvider(DOCKERFILE_SELECTOR, codeLenses),
    vscode.languages.registerHoverProvider(REFERENCE_SELECTOR, new ReferenceHoverProvider(usage, references)),
    referenceLenses,
    vscode.languages.registerCodeLensProvider(REFERENCE_SELECTOR, referenceLenses),
    extractor,
    workspaceIndex,
    workspaceImages,
    vscode.commands.registerCommand('imageFootprint.scanWorkspaceImages', () => workspaceImages.scan()),
    vscode.commands.registerCommand('imageFootprint.cancelWorkspaceScan', () => workspaceImages.cancelScan()),
    lifecycleProblems,
    ...lifecycleProblems.register(),
    ...registerTreeCommands([clusters, lifecycle, workspaceImages], errors, () => {
      usage.clear();
      lifecycleProblems.refresh();
      codeLenses.refresh();
      referenceLenses.refresh();
    }),
  );

  return {
    isAwsLayerLoaded: () => session.isLayerLoaded,
    isReferencesLoaded: () => extractor.isLoaded,
    referencesWorkerRequests: () => extractor.workerRequests,
    clusters,
    inspector,
    lifecycle,
    imageBuilder: lifecycle.lifecycle,
    panels,
    usage,
    connection,
    workspaceImages,
    workspaceIndex,
    lifecycleProblems,
    logUri: context.logUri,
  };
}

export function deactivate(): void {}
