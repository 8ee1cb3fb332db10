/**
 * Localization of the connection UI, the Workspace Images view and the lazily loaded bundles (issue 18), in a
 * pseudo-locale (`test/support/pseudoLocale.ts`): the connection menu, the profile and region pickers and the
 * Workspace Images rows are rendered by real code with realistic data and may show no English word of ours; and each
 * bundle loaded on first use (`dist/awsConfig.js`, `dist/aws-<service>.js`, `dist/references.js`), which holds its own
 * copy of `@vscode/l10n`, is handed VS Code's translations when it is loaded.
 */
import '../support/useStandIn';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AwsProfile } from '../../src/aws/profiles';
import type * as SharedConfigModule from '../../src/aws/sdk/sharedConfig';
import { AwsSession } from '../../src/aws/session';
import type { AwsApi, AwsLayerModule } from '../../src/aws/types';
import type { ClusterSource } from '../../src/inspector/clusterNodes';
import { ReferenceExtractor, WORKER_THRESHOLD, type ReferencesModule } from '../../src/references/documentReferences';
import { extractReferences } from '../../src/references/extract';
import { WorkspaceImagesView } from '../../src/references/workspaceImagesView';
import type { WorkspaceReferenceIndex } from '../../src/references/workspaceIndex';
import { SettingsStore } from '../../src/settingsStore';
import type { TreeNode } from '../../src/tree/node';
import { ConnectionUi } from '../../src/ui/connection';
import { SignInUi } from '../../src/ui/signIn';
import { standIn } from '../support/vscodeStandIn';
import { assertTranslated, pseudoBundle, usePseudoLocale } from '../support/pseudoLocale';

describe('localization of the connection UI, Workspace Images and the lazy bundles (pseudo-locale)', function () {
  this.timeout(60_000);

  describe('the lazily loaded bundles translate too', () => {
    let pseudo: Record<string, string>;
    // Each bundle (dist/awsConfig.js, dist/aws-<service>.js, dist/references.js) has its own copy of `@vscode/l10n`:
    // unless it is handed VS Code's translations when it is loaded, its messages stay English.
    const standInL10n = vscode.l10n as { bundle: Record<string, string> | undefined };
    before(async () => {
      pseudo = await pseudoBundle();
      standInL10n.bundle = pseudo;
    });
    after(() => {
      standInL10n.bundle = undefined;
    });

    it('AwsSession configures the configuration bundle and each AWS layer bundle it loads', async () => {
      const configured: string[] = [];
      const record =
        (name: string) =>
        (options: { contents: unknown }): void => {
          assert.equal(options.contents, pseudo, name);
          configured.push(name);
        };
      const loadLayer = (service: string): AwsLayerModule => ({
        createAwsApi: () =>
          new Proxy({} as AwsApi, {
            get: (_, name) => (name === 'dispose' ? () => undefined : () => Promise.resolve({ items: [] })),
          }),
        configureL10n: record(`layer ${service}`),
      });
      const configBundle = {
        listProfiles: () => Promise.resolve({ profiles: [], problems: [] }),
        regionPartitions: () => [],
        configureL10n: record('config'),
      } as unknown as typeof SharedConfigModule;
      const settings = new SettingsStore(() => undefined);
      const session = new AwsSession(
        settings,
        loadLayer,
        vscode.window.createOutputChannel('test', { log: true }),
        {},
        () => configBundle,
      );
      try {
        await session.profiles();
        await session.api.getClustersForImage({ region: 'eu-west-1', endpoints: {} }, { resourceId: 'x' });
        await session.api.listLifecyclePolicies({ region: 'eu-west-1', endpoints: {} }, {});
        assert.deepEqual([...new Set(configured)].sort(), ['config', 'layer imagebuilder', 'layer inspector2']);
      } finally {
        session.dispose();
        settings.dispose();
      }
    });

    it('ReferenceExtractor configures dist/references.js when it loads it', async () => {
      let contents: unknown;
      const module = {
        extractReferences: () => [],
        parseDotEnv: () => new Map(),
        loadTerraformParser: () => Promise.resolve(undefined),
        wasmFilesIn: () => ({ runtime: '', grammar: '' }),
        configureL10n: (options: { contents: unknown }) => {
          contents = options.contents;
        },
      } as unknown as ReferencesModule;
      const extractor = new ReferenceExtractor(() => module, __dirname);
      try {
        await extractor.extract(
          'deploy.yaml',
          'apiVersion: apps/v1\nkind: Deployment\nspec:\n  containers:\n    - image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2\n',
        );
        assert.equal(contents, pseudo);
      } finally {
        extractor.dispose();
      }
    });

    it('the worker thread (dist/referencesWorker.js) gets the translations and answers with them', async () => {
      // The worker's source, run through tsx from a bootstrap file, as ReferenceExtractor starts the bundled one.
      const dir = mkdtempSync(path.join(tmpdir(), 'l10n-worker-'));
      const script = path.join(dir, 'worker.cjs');
      const source = path.resolve(__dirname, '..', '..', 'src', 'references', 'extractWorker.ts');
      const tsx = require.resolve('tsx/cjs');
      writeFileSync(script, `require(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(source)});\n`);
      const extractor = new ReferenceExtractor(
        () => {
          throw new Error('a text this large is read in the worker, not in the extension host');
        },
        dir,
        undefined,
        script,
      );
      try {
        const values = 'image:\n  repository: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web\n  tag: ""\n';
        const text = values + '# generated\n'.repeat(Math.ceil(WORKER_THRESHOLD / 12) + 10);
        const [reference] = await extractor.extract('values.yaml', text);
        assert.equal(extractor.workerRequests, 1);
        assert.equal(reference?.target.kind, 'unresolved');
        const reason = reference.target.kind === 'unresolved' ? reference.target.reason : '';
        assert.equal(reason, pseudo['the tag is empty: the chart fills it in (usually with its appVersion)']);
        assertTranslated(reason, [], 'worker');
      } finally {
        extractor.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the connection menu and the profile and region pickers', () => {
    usePseudoLocale();

    type Window = Record<'showQuickPick' | 'createQuickPick', unknown>;
    const window = vscode.window as unknown as Window;
    const saved = { showQuickPick: window.showQuickPick, createQuickPick: window.createQuickPick };
    const shown: { items: vscode.QuickPickItem[]; title?: string; placeholder?: string }[] = [];
    before(() => {
      window.showQuickPick = (items: vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => {
        shown.push({ items, title: options?.title, placeholder: options?.placeHolder });
        return Promise.resolve(undefined);
      };
      // The region picker: records what it shows, then is dismissed.
      window.createQuickPick = () => {
        let hide: (() => void) | undefined;
        const entry: { items: vscode.QuickPickItem[]; title?: string; placeholder?: string } = { items: [] };
        shown.push(entry);
        const pick = {
          set items(items: vscode.QuickPickItem[]) {
            entry.items = items;
          },
          set title(title: string) {
            entry.title = title;
          },
          set placeholder(placeholder: string) {
            entry.placeholder = placeholder;
          },
          matchOnDescription: false,
          selectedItems: [],
          onDidChangeValue: () => undefined,
          onDidAccept: () => undefined,
          onDidHide: (listener: () => void) => {
            hide = listener;
          },
          show: () => setTimeout(() => hide?.(), 0),
          hide: () => hide?.(),
          dispose: () => undefined,
        };
        return pick;
      };
    });
    after(() => Object.assign(window, saved));

    it('shows every item of the menu and of both pickers in the pseudo-locale, names and regions as data', async () => {
      const profiles: AwsProfile[] = [
        {
          name: 'default',
          region: 'eu-west-1',
          kind: 'sso',
          sources: ['config'],
          mfa: false,
          sso: { session: 'corp', startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', scopes: [] },
        },
        { name: 'team-prod', region: 'eu-west-1', kind: 'static', sources: ['credentials'], mfa: true },
        { name: 'ci-role', kind: 'assumeRole', sources: ['config'], mfa: false },
        { name: 'eks-pod', kind: 'webIdentity', sources: ['config'], mfa: false },
      ];
      const configBundle = {
        listProfiles: () => Promise.resolve({ profiles, problems: [] }),
        regionPartitions: () => [
          {
            id: 'aws',
            name: 'AWS',
            regionPattern: '^(us|eu)-\\w+-\\d+$',
            regions: [
              { id: 'eu-west-1', description: 'Europe (Ireland)' },
              { id: 'us-east-1', description: 'US East (N. Virginia)' },
            ],
          },
        ],
        configureL10n: () => undefined,
      } as unknown as typeof SharedConfigModule;
      const settings = new SettingsStore(() => undefined);
      const session = new AwsSession(
        settings,
        () => {
          throw new Error('no request here');
        },
        vscode.window.createOutputChannel('test', { log: true }),
        {},
        () => configBundle,
      );
      const ui = new ConnectionUi(
        session,
        settings,
        vscode.window.createOutputChannel('test', { log: true }),
        () => Promise.resolve(true),
        {},
      );
      const data = [
        'default',
        'team-prod',
        'ci-role',
        'eks-pod',
        'eu-west-1',
        'us-east-1',
        'Europe (Ireland)',
        'US East (N. Virginia)',
        'AWS_PROFILE',
        'IAM Identity Center',
        'aws sso login',
        'SSO',
        'MFA',
        'AWS',
        'ExpiredTokenException',
      ];
      const check = (item: vscode.QuickPickItem, where: string): void => {
        for (const text of [item.label, item.description ?? '', item.detail ?? '']) assertTranslated(text, data, where);
      };
      try {
        await ui.update();
        const menu = await ui.menuItems();
        assert.ok(menu.length >= 5, 'Switch Profile, Switch Region, Sign In, Sign In with the AWS CLI, Show Log');
        for (const item of menu) check(item, 'menu');
        // After a request met an expired session, the menu leads with Sign In and says why.
        session.toError(Object.assign(new Error('expired'), { name: 'ExpiredTokenException' }), {
          service: 'inspector2',
          operation: 'GetClustersForImage',
          region: 'eu-west-1',
          profile: 'team-prod',
        });
        await ui.update();
        const expired = await ui.menuItems();
        assert.equal(expired[0]?.command, 'imageFootprint.signIn');
        for (const item of expired) check(item, 'menu, session expired');

        shown.length = 0;
        await ui.selectProfile();
        await ui.selectRegion();
        assert.equal(shown.length, 2);
        const [profilePicker, regionPicker] = shown;
        assert.equal(profilePicker?.items.length, profiles.length + 1);
        assert.ok((regionPicker?.items.length ?? 0) >= 3);
        for (const picker of shown) {
          for (const item of picker.items) check(item, 'picker');
          assertTranslated(picker.title ?? '', data, 'picker title');
          assertTranslated(picker.placeholder ?? '', data, 'picker placeholder');
        }
      } finally {
        ui.dispose();
        session.dispose();
        settings.dispose();
      }
    });

    it("warns in the pseudo-locale when a workspace tries to set the user's endpoints", () => {
      const warned: string[] = [];
      const config = {
        get: () => undefined,
        inspect: (key: string) =>
          key === 'endpoints' ? { key, workspaceValue: { inspector2: 'https://evil.example' } } : undefined,
        has: () => false,
        update: () => Promise.resolve(),
      };
      const store = new SettingsStore((p) => warned.push(p.message), {
        getConfiguration: () => config as unknown as vscode.WorkspaceConfiguration,
        isTrusted: true,
      });
      try {
        assert.equal(warned.length, 1);
        assertTranslated(warned[0] ?? '', ['imageFootprint.endpoints'], 'workspace endpoints');
      } finally {
        store.dispose();
      }
    });
  });

  describe('sign-in', () => {
    usePseudoLocale();

    it('says in the pseudo-locale why a profile has nothing to sign in to, for every kind', async () => {
      const kinds: AwsProfile['kind'][] = ['static', 'process', 'assumeRole', 'webIdentity', 'other'];
      const profiles: AwsProfile[] = [
        ...kinds.map((kind) => ({ name: `p-${kind}`, kind, sources: ['config' as const], mfa: false })),
        { name: 'broken-sso', kind: 'sso', sources: ['config'], mfa: false, ssoProblem: 'SSO-PROBLEM' },
      ];
      const session = {
        profile: undefined,
        reloadProfiles: () => undefined,
        profiles: () => Promise.resolve({ profiles, problems: ['CONFIG-PROBLEM'] }),
      } as unknown as AwsSession;
      const ui = new SignInUi(session, vscode.window.createOutputChannel('test', { log: true }), undefined, {});
      standIn.messagesShown.length = 0;
      for (const p of [...profiles, { name: 'missing' }]) await ui.signIn(p.name);
      assert.equal(standIn.messagesShown.length, profiles.length + 1);
      const data = [...profiles.map((p) => p.name), 'missing', 'SSO-PROBLEM', 'CONFIG-PROBLEM', 'credential_process'];
      for (const message of standIn.messagesShown) assertTranslated(message, data, 'sign-in');
    });
  });

  describe('the Workspace Images view', () => {
    usePseudoLocale();

    it('shows its rows, tooltips, the not-covered row and the scan message in the pseudo-locale', async () => {
      const text = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2',
        '        - name: sidecar',
        '          image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2',
      ].join('\n');
      const references = extractReferences('k8s/deploy.yaml', text);
      assert.equal(references.length, 2);
      const changed = new vscode.EventEmitter<{ files?: readonly string[] }>();
      const index = {
        onDidChange: changed.event,
        state: { status: 'done', filesFound: 5000, filesRead: 5000, truncated: true },
        entries: () => [{ uri: vscode.Uri.file('/work/shop/k8s/deploy.yaml'), references }],
        scan: () => Promise.resolve(),
        cancel: () => undefined,
      } as unknown as WorkspaceReferenceIndex;
      const usage = { usage: () => Promise.resolve({ kind: 'notCovered' as const, label: 'shop/web:1.4.2' }) };
      const view = new WorkspaceImagesView(index, usage, {} as ClusterSource);
      const data = [
        '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2',
        'shop/web:1.4.2',
        '111122223333',
        'eu-west-1',
        '/work/shop/k8s/deploy.yaml',
        'file:///work/shop/k8s/deploy.yaml',
        ...references.map((r) => r.context),
        'Inspector',
        'ECR',
      ];
      try {
        changed.fire({});
        const [image] = view.imageNodes;
        assert.ok(image);
        const texts: string[] = [];
        const row = (node: TreeNode): vscode.TreeItem => {
          const item = node.getTreeItem() as vscode.TreeItem;
          texts.push(String(item.label ?? ''), String(item.description ?? ''), item.command?.title ?? '');
          if (typeof item.tooltip === 'string') texts.push(item.tooltip);
          const tooltip = node.getTooltip?.();
          if (tooltip) texts.push(typeof tooltip === 'string' ? tooltip : tooltip.value);
          return item;
        };
        row(image);
        const children = image.getChildren() as readonly TreeNode[];
        assert.equal(children.length, 3, 'Where it runs, then the two references');
        for (const child of children) row(child);
        const [runs] = children;
        for (const child of await runs!.getChildren()) row(child);
        texts.push(view.treeView.message ?? '');
        assert.ok(texts.filter(Boolean).length >= 9, texts.join('\n'));
        for (const t of texts) assertTranslated(t, data, 'Workspace Images');
      } finally {
        view.dispose();
        changed.dispose();
      }
    });
  });
});
