/**
 * Wiring only: builds the long-lived objects, registers them, and hands dependencies through constructors.
 * Activation loads no AWS SDK code and makes no request: `dist/aws-<service>.js` is required on the first request.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AwsSession } from './aws/session';
import type { AwsService } from './aws/errors';
import type { AwsLayerModule } from './aws/types';
import type * as DockerfileParserModule from './dockerfile/references';
import { ClusterCommands } from './inspector/commands';
import { ClustersView } from './inspector/clustersView';
import { ImageLookup } from './inspector/lookupImage';
import { SettingsStore } from './settingsStore';
import { ConnectionUi } from './ui/connection';
import { ErrorActions } from './ui/errorActions';
import { registerTreeCommands } from './ui/treeCommands';
import { ImageUsageService } from './inspector/imageUsage';
import { LifecycleCommands } from './imagebuilder/commands';
import { LifecycleView } from './imagebuilder/lifecycleView';
import { WebviewPanels } from './webview/panelShell';
import { DOCKERFILE_SELECTOR, DockerfileHoverProvider, DockerfileReferenceCache } from './dockerfile/hover';
import { DockerfileCodeLensProvider } from './dockerfile/codeLens';
import { notificationText } from './util/escape';

/** What `activate` returns: the live objects, for the integration suites and benchmarks (not a public API). */
export interface ExtensionApi {
  /** Whether the AWS layer (the SDK) has been loaded yet. */
  readonly isAwsLayerLoaded: () => boolean;
  readonly clusters: ClustersView;
  readonly lifecycle: LifecycleView;
  readonly panels: WebviewPanels;
  readonly usage: ImageUsageService;
  /** The folder of the extension's log files: the 'Image Footprint' channel is `Image Footprint.log` in it. */
  readonly logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('Image Footprint', { log: true });
  context.subscriptions.push(log);

  const settings = new SettingsStore((problem) => {
    void vscode.window.showWarningMessage(notificationText(problem.message), 'Open Settings').then((picked) => {
      if (picked) void vscode.commands.executeCommand('workbench.action.openSettings', problem.setting);
    });
  });
  // The AWS layer is a bundle per service, required on the first request of that service: activation never loads
  // the SDK, and a request loads only its own service's client.
  const loadLayer = (service: AwsService): AwsLayerModule =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(__dirname, `aws-${service}.js`)) as AwsLayerModule;
  const session = new AwsSession(settings, loadLayer, log);
  const errors = new ErrorActions(session, log);
  const panels = new WebviewPanels(context.extensionUri, log, {
    copy: (text) => vscode.env.clipboard.writeText(text),
    openExternal: (url) => vscode.env.openExternal(vscode.Uri.parse(url, true)).then(() => undefined),
  });
  const clusters = new ClustersView(session, settings, context.workspaceState, log);
  const lookup = new ImageLookup(session, clusters, context.globalState, errors);
  const connection = new ConnectionUi(session, settings);
  const usage = new ImageUsageService(session);
  session.onDidChangeConnection(
    () => {
      // Nothing from the old account may stay on screen: cached answers go, open panels close.
      usage.clear();
      panels.closeAll();
    },
    undefined,
    context.subscriptions,
  );
  const lifecycle = new LifecycleView(session, settings, context.workspaceState, usage);
  // The Dockerfile parser is its own bundle too, required on the first Dockerfile that needs it.
  const dockerfiles = new DockerfileReferenceCache((text) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path.join(__dirname, 'dockerfile.js')) as typeof DockerfileParserModule).findImageReferences(text),
  );
  const codeLenses = new DockerfileCodeLensProvider(
    usage,
    () => settings.current.dockerfileCodeLens,
    [settings.onDidChange, session.onDidChangeConnection],
    dockerfiles,
  );

  context.subscriptions.push(
    settings,
    session,
    panels,
    clusters,
    connection,
    ...connection.register(),
    ...new ClusterCommands(clusters, lookup, panels).register(),
    lifecycle,
    ...new LifecycleCommands(session, lifecycle, panels, errors).register(),
    vscode.languages.registerHoverProvider(DOCKERFILE_SELECTOR, new DockerfileHoverProvider(usage, dockerfiles)),
    codeLenses,
    vscode.languages.registerCodeLensProvider(DOCKERFILE_SELECTOR, codeLenses),
    ...registerTreeCommands([clusters, lifecycle], errors, () => {
      usage.clear();
      codeLenses.refresh();
    }),
  );

  return {
    isAwsLayerLoaded: () => session.isLayerLoaded,
    clusters,
    lifecycle,
    panels,
    usage,
    logUri: context.logUri,
  };
}

export function deactivate(): void {}
