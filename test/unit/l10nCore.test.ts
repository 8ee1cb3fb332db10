/**
 * Localization of the AWS layer, the settings, the references and the connection UI (issue 18), in a pseudo-locale:
 * the bundle `npm run l10n:export` makes from src/ is pseudo-localized (`@vscode/l10n-dev`'s `qps-ploc` transform)
 * and loaded both into `@vscode/l10n` (the pure modules) and into the vscode stand-in's `l10n` (host modules). Real
 * code then renders real output with realistic data — a FootprintError of every kind (message, hint, the labels of
 * its actions), the reasons a reference gets no lookup with the hover line that shows them, setting problems,
 * endpoint problems and the status bar's override lines, profile problems, the Workspace Images scan messages — and
 * no English word of ours may be left: only data (names, ids, regions, AWS's own messages, text from the file).
 * A sentence written in place instead of through `l10n.t` stays English here and fails.
 */
import '../support/useStandIn';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { getL10nJson, getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { ERROR_ACTIONS } from '../../src/aws/errorActions';
import { describeEndpointOverrides, endpointProblem } from '../../src/aws/endpoints';
import { iamActionOf, toFootprintError, type FootprintError, type OperationContext } from '../../src/aws/errors';
import { profilesFrom } from '../../src/aws/profiles';
import { listProfiles, regionPartitions } from '../../src/aws/sdk/sharedConfig';
import { findImageReferences } from '../../src/dockerfile/references';
import { extractReferences, parseDotEnv } from '../../src/references/extract';
import type { AwsProfile } from '../../src/aws/profiles';
import type { ImageReference } from '../../src/references/model';
import { FILE_KIND_LABEL } from '../../src/references/model';
import { quietReferenceMarkdown } from '../../src/references/referenceMarkdown';
import { scanMessage } from '../../src/references/scanMessage';
import { WorkspaceImagesView } from '../../src/references/workspaceImagesView';
import type { WorkspaceReferenceIndex } from '../../src/references/workspaceIndex';
import type { ClusterSource } from '../../src/inspector/clusterNodes';
import type { TreeNode } from '../../src/tree/node';
import { loadTerraformParser, type TerraformParse } from '../../src/references/terraformParser';
import { fromDockerfile } from '../../src/references/workspaceFiles';
import { normalizeSettings } from '../../src/settings';
import { ConnectionUi, renderStatusBar } from '../../src/ui/connection';
import * as vscode from 'vscode';
import { AwsSession } from '../../src/aws/session';
import type * as SharedConfigModule from '../../src/aws/sdk/sharedConfig';
import type { AwsApi, AwsLayerModule } from '../../src/aws/types';
import { ReferenceExtractor, type ReferencesModule } from '../../src/references/documentReferences';
import { SettingsStore } from '../../src/settingsStore';
import { findTestFiles } from '../support/testFiles';
import { l10nBundle } from '../support/vscodeStandIn';

const root = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(root, 'test', 'fixtures', 'references');
/** Product, service and file names our messages keep as they are (not data, but not translated either). */
const NAMES = ['Dockerfile', 'Kustomize', 'Docker Compose', 'CloudFormation', 'Terraform', 'imagedefinitions.json'];

/** Words of three letters or more in plain ASCII once `data` is taken out: English the pseudo-locale did not touch. */
function englishWords(text: string, data: readonly (string | number)[]): string[] {
  // Codicons are not words; Markdown escapes go first, so that escaped data is found as written.
  let rest = text.replace(/\$\([a-z-]+\)/g, ' ').replace(/\\/g, '');
  // Longest first, so that a value containing another is taken out whole.
  for (const d of [...data].map(String).sort((a, b) => b.length - a.length)) {
    if (d) rest = rest.split(d).join(' ');
  }
  return rest.match(/\b[A-Za-z]{3,}\b/g) ?? [];
}

function assertTranslated(text: string, data: readonly (string | number)[], what: string): void {
  assert.deepEqual(englishWords(text, data), [], `${what}: ${text}`);
}

let pseudo: Record<string, string>;
let english: Record<string, string>;

before(async function () {
  this.timeout(60_000);
  const sources = findTestFiles([path.join(root, 'src')], '.ts');
  english = (await getL10nJson(
    sources.map((f) => ({ extension: '.ts', contents: readFileSync(f, 'utf8') })),
  )) as Record<string, string>;
  pseudo = getL10nPseudoLocalized(english) as Record<string, string>;
});

function usePseudoLocale(): void {
  before(() => {
    l10n.config({ contents: pseudo });
    l10nBundle.contents = pseudo;
  });
  after(() => {
    l10n.config({ contents: {} });
    l10nBundle.contents = undefined;
  });
}

describe('localization of errors, settings, references and the connection (pseudo-locale)', function () {
  this.timeout(60_000);

  describe('the probe itself', () => {
    it('finds English left in a rendering, and takes data out', () => {
      assert.deepEqual(englishWords('Access denied: profile "x" is not allowed', ['x']), [
        'Access',
        'denied',
        'profile',
        'not',
        'allowed',
      ]);
      assert.deepEqual(englishWords(String(getL10nPseudoLocalized({ m: 'Access denied: {0}' }).m), []), []);
      assert.deepEqual(englishWords('inspector2:GetClustersForImage', ['inspector2:GetClustersForImage']), []);
    });
  });

  describe('in English (no bundle)', () => {
    it('still says what it said before: the English text is the key', () => {
      const e = toFootprintError(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }), {
        service: 'inspector2',
        operation: 'GetClustersForImage',
        region: 'eu-west-1',
        profile: 'team-prod',
      });
      assert.equal(
        e.message,
        'Access denied: profile "team-prod" is not allowed to call inspector2:GetClustersForImage in eu-west-1.',
      );
      assert.equal(e.hint, 'Ask for the IAM permission "inspector2:GetClustersForImage", or select another profile.');
      assert.equal(ERROR_ACTIONS.get('selectProfile')?.label, 'Select Profile…');
    });
  });

  describe('FootprintError of every kind', () => {
    usePseudoLocale();

    const contexts: OperationContext[] = [
      { service: 'inspector2', operation: 'GetClustersForImage', region: 'eu-west-1', profile: 'team-prod' },
      { service: 'imagebuilder', operation: 'ListLifecycleExecutionResources' },
      {
        service: 'imagebuilder',
        operation: 'GetLifecycleExecution',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4599',
      },
    ];
    const sdk = (name: string, message: string, status?: number, extra: Record<string, unknown> = {}): Error =>
      Object.assign(new Error(message), {
        name,
        $metadata: { httpStatusCode: status, requestId: 'b7e4f1c2-0d3a-4c55-9a61-2f0e8d9c7a10', attempts: 3 },
        ...extra,
      });
    const failures: unknown[] = [
      sdk('AccessDeniedException', 'User: arn:aws:iam::111122223333:user/dev is not authorized', 403),
      sdk('ExpiredTokenException', 'The security token included in the request is expired', 400),
      sdk('UnrecognizedClientException', 'The security token included in the request is invalid', 400),
      sdk('ThrottlingException', 'Rate exceeded', 429),
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      sdk('ValidationException', 'Invalid filter', 400, { fields: [{ name: 'filter.resourceId', message: 'bad' }] }),
      sdk('InvalidPaginationTokenException', 'The nextToken is invalid', 400),
      sdk('ResourceNotFoundException', 'Lifecycle execution lce-0123456789abcdef0 was not found', 404),
      sdk('InternalServerException', 'Internal failure', 500),
      Object.assign(new Error('Internal failure'), { name: 'InternalServerException' }),
      sdk('TeapotException', 'I am a teapot', 418),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4599'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
      Object.assign(new Error('Request aborted'), { name: 'AbortError' }),
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid'), {
        name: 'CredentialsProviderError',
      }),
      Object.assign(new Error('Token is expired. To refresh this SSO session run aws sso login'), {
        name: 'TokenProviderError',
      }),
      Object.assign(new Error('The SSO session token could not be found; run aws sso login'), {
        name: 'CredentialsProviderError',
      }),
      Object.assign(new Error('Region is missing'), { name: 'Error' }),
      Object.assign(new Error('No MFA code was entered for arn:aws:iam::111122223333:mfa/dev'), {
        name: 'MfaCodeCancelled',
      }),
      sdk('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', 403),
      Object.assign(new SyntaxError('Unexpected token < in JSON at position 0'), { $response: {} }),
      Object.assign(new Error('the same token twice'), { name: 'TokenLoopError' }),
    ];

    /** Everything a user reads of an error: message, hint, and each action as a row or button. */
    function rendered(e: FootprintError): string[] {
      return [
        e.message,
        e.hint,
        ...e.actions.flatMap((a) => {
          const look = e.actionLook(a);
          return look ? [look.label, look.description ?? ''] : [];
        }),
      ];
    }

    it('renders no English word of ours for any kind, with or without profile, region and endpoint', () => {
      const kinds = new Set<string>();
      for (const context of contexts) {
        for (const failure of failures) {
          const e = toFootprintError(failure, context);
          kinds.add(e.kind);
          const f = failure as { name: string; message: string; code?: string };
          const what = `${context.service}:${context.operation}`;
          const data = [
            f.name,
            f.message,
            f.code ?? '',
            what,
            iamActionOf(context),
            context.region ?? '',
            context.profile ?? '',
            context.endpoint ?? `https://${context.service}.${context.region ?? '<region>'}.amazonaws.com`,
            `aws sso login --profile ${context.profile ?? ''}`,
            'aws sso login',
            'filter.resourceId: bad',
            'imageFootprint.endpoints',
          ];
          for (const text of rendered(e)) assertTranslated(text, data, `${e.kind} (${f.name})`);
        }
      }
      // Every kind a user can meet was rendered.
      for (const kind of [
        'accessDenied',
        'expiredCredentials',
        'invalidCredentials',
        'throttled',
        'validation',
        'invalidToken',
        'notFound',
        'serviceError',
        'unknown',
        'network',
        'timeout',
        'cancelled',
        'noCredentials',
        'configuration',
        'badResponse',
        'tokenLoop',
      ]) {
        assert.ok(kinds.has(kind), kind);
      }
    });

    it('gives every action of the one table a translated label', () => {
      for (const [action, look] of ERROR_ACTIONS) assertTranslated(look.label, [], action);
    });
  });

  describe('reference hovers: why a reference gets no lookup, and where it is', () => {
    usePseudoLocale();
    let terraform: TerraformParse;
    before(async () => {
      terraform = await loadTerraformParser({
        runtime: path.join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'),
        grammar: path.join(root, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
      });
    });

    function filesUnder(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? filesUnder(full) : [full];
      });
    }

    it('renders the quiet hover of every unresolved reference of the fixture corpus in the pseudo-locale', () => {
      const environment = parseDotEnv(readFileSync(path.join(FIXTURES, '.env'), 'utf8'));
      const seen: { reference: ImageReference; text: string }[] = [];
      for (const file of filesUnder(FIXTURES)) {
        const text = readFileSync(file, 'utf8');
        const relative = path.relative(FIXTURES, file).split(path.sep).join('/');
        for (const reference of extractReferences(relative, text, { terraform, environment })) {
          seen.push({ reference, text });
        }
      }
      const dockerfile = readFileSync(path.join(root, 'test', 'fixtures', 'dockerfiles', 'args.Dockerfile'), 'utf8');
      for (const reference of fromDockerfile(findImageReferences(dockerfile))) {
        seen.push({ reference, text: dockerfile });
      }
      // A Helm chart's empty tag and an ECS placeholder, as users write them.
      const values = 'image:\n  repository: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/web\n  tag: ""\n';
      const taskDef = JSON.stringify({ containerDefinitions: [{ name: 'web', image: '<IMAGE1_NAME>' }] });
      for (const [name, text] of [
        ['values.yaml', values],
        ['taskdef.json', taskDef],
      ] as const) {
        for (const reference of extractReferences(name, text)) seen.push({ reference, text });
      }

      const unresolved = seen.filter((s) => s.reference.target.kind === 'unresolved');
      const reasons = new Set(unresolved.map((s) => (s.reference.target as { reason: string }).reason));
      assert.ok(reasons.size >= 8, `the corpus gives many kinds of reason: ${[...reasons].join(' | ')}`);
      for (const { reference, text } of unresolved) {
        const hover = quietReferenceMarkdown(reference);
        assert.ok(hover);
        // Data: what the file says (escaped, maybe truncated in the middle: any word that is part of the file's text),
        // and the names of products and file kinds.
        const left = englishWords(hover, NAMES).filter((word) => !text.includes(word));
        assert.deepEqual(left, [], `${reference.fileKind}: ${hover}`);
      }
      // In English the same reasons read as before (the pseudo-locale is the only change).
      l10n.config({ contents: {} });
      const englishReason = (extractReferences('values.yaml', values)[0]?.target as { reason?: string } | undefined)
        ?.reason;
      l10n.config({ contents: pseudo });
      assert.equal(englishReason, 'the tag is empty: the chart fills it in (usually with its appVersion)');
    });

    it('translates the file kind labels but keeps product names', () => {
      assertTranslated(FILE_KIND_LABEL.kubernetes, [], 'kubernetes');
      assertTranslated(FILE_KIND_LABEL.githubActions, [], 'githubActions');
      assertTranslated(FILE_KIND_LABEL.ecsTaskDefinition, ['ECS'], 'ecsTaskDefinition');
      assertTranslated(FILE_KIND_LABEL.helm, [], 'helm');
      assert.equal(FILE_KIND_LABEL.terraform, 'Terraform');
    });

    it('says how the workspace scan went in the pseudo-locale', () => {
      const states = [
        { status: 'scanning', filesFound: 1200, filesRead: 35, truncated: false },
        { status: 'cancelled', filesFound: 40, filesRead: 12, truncated: false },
        { status: 'done', filesFound: 40, filesRead: 40, truncated: false },
        { status: 'done', filesFound: 5000, filesRead: 5000, truncated: true },
      ] as const;
      let shown = 0;
      for (const state of states) {
        for (const images of [0, 1, 7]) {
          const message = scanMessage(state, images);
          if (message === undefined) continue;
          shown++;
          assertTranslated(message, ['ECR'], `${state.status} ${images}`);
        }
      }
      assert.ok(shown >= 9);
    });
  });

  describe('settings, endpoints, profiles and the status bar', () => {
    usePseudoLocale();

    it('reports every setting problem in the pseudo-locale', () => {
      const data = [
        'imageFootprint.profile',
        'imageFootprint.region',
        'imageFootprint.endpoints.inspector2',
        'imageFootprint.endpoints.imagebuilder',
        'imageFootprint.endpoints',
        'imageFootprint.pageSize.clusters',
        'imageFootprint.pageSize.lifecycleResources',
        'imageFootprint.requestTimeoutSeconds',
        'imageFootprint.dockerfile.codeLens',
        'imageFootprint.references.codeLens',
        'team prod',
        'mars-north-9',
        '{"inspector2": "http://…"}',
        'ftp:',
        'ftp://files.example',
        'api.example.com',
        'http://127.0.0.1:4599',
        'true',
        'false',
      ];
      const cases = [
        { profile: 42, region: 'mars-north-9', endpoints: 'http://127.0.0.1:4599' },
        { profile: 'team prod', region: 7 },
        {
          endpoints: { inspector2: 'ftp://files.example', imagebuilder: 'http://api.example.com' },
          pageSizeClusters: 'all',
          pageSizeLifecycleResources: 500,
          requestTimeoutSeconds: 'soon',
          dockerfileCodeLens: 'yes',
          referencesCodeLens: 1,
        },
        {
          endpoints: { inspector2: 'not a url', imagebuilder: 'https://me:secret@ib.example' },
          requestTimeoutSeconds: 9999,
        },
      ];
      let problems = 0;
      for (const raw of cases) {
        for (const p of normalizeSettings(raw).problems) {
          problems++;
          assertTranslated(p.message, [...data, 'not a url', 'ib.example', 'https://me:secret@ib.example'], p.setting);
        }
      }
      assert.ok(problems >= 12, `${problems} problems`);
      assert.ok(endpointProblem('imageFootprint.endpoints.inspector2', 'http://10.0.0.8:4599'));
    });

    it("names the endpoint override in the status bar's words, and keeps the log in English", () => {
      const described = describeEndpointOverrides([
        {
          service: 'inspector2',
          origin: 'http://127.0.0.1:4599',
          source: 'imageFootprint.endpoints.inspector2',
          fromEnvironment: false,
        },
        {
          service: 'imagebuilder',
          origin: 'https://ib.example:8443',
          source: 'AWS_ENDPOINT_URL_IMAGEBUILDER',
          fromEnvironment: true,
        },
      ]);
      assert.ok(described);
      const data = [
        'inspector2',
        'imagebuilder',
        'http://127.0.0.1:4599',
        'https://ib.example:8443',
        'imageFootprint.endpoints.inspector2',
        'AWS_ENDPOINT_URL_IMAGEBUILDER',
      ];
      for (const line of [described.statusText, ...described.tooltipLines]) assertTranslated(line, data, 'override');
      assert.match(
        described.logLine,
        /^Endpoint override active: .*\(from AWS_ENDPOINT_URL_IMAGEBUILDER \(environment\)\)/,
      );
      const view = renderStatusBar({
        profile: 'team-prod',
        effectiveProfile: 'team-prod',
        region: 'eu-west-1',
        regionSource: 'profile',
        overrides: described,
      });
      for (const text of [view.text, view.tooltip.value, view.accessibilityInformation.label]) {
        assertTranslated(text, [...data, 'team-prod', 'eu-west-1', 'Image Footprint'], 'status bar');
      }
    });

    it('says why an SSO profile cannot sign in, and why a config file gives no profile', async () => {
      const profiles = profilesFrom({
        configFile: {
          'no-session': { sso_session: 'corp' },
          'half-session': { sso_session: 'half' },
          'sso-session.half': { sso_start_url: 'https://corp.awsapps.com/start' },
          legacy: { sso_account_id: '111122223333' },
        },
        credentialsFile: {},
      });
      const problems = profiles.map((p) => p.ssoProblem).filter((p): p is string => p !== undefined);
      assert.equal(problems.length, 3);
      for (const p of problems) {
        assertTranslated(p, ['corp', 'half', 'sso-session', 'sso_start_url', 'sso_region', 'sso_session'], 'sso');
      }
      const dir = mkdtempSync(path.join(tmpdir(), 'l10n-profiles-'));
      try {
        const proto = path.join(dir, 'config');
        writeFileSync(proto, '[profile ok]\nregion = us-east-1\n[profile __proto__]\nregion = x\n');
        const env = { HOME: dir, AWS_CONFIG_FILE: proto, AWS_SHARED_CREDENTIALS_FILE: dir };
        const list = await listProfiles(env);
        assert.equal(list.problems.length, 2, list.problems.join('\n'));
        for (const p of list.problems) {
          assertTranslated(p, [proto, dir, 'EISDIR', '[profile name]', 'key = value', '__proto__'], p);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('names the partitions the region picker shows in the pseudo-locale where they are not product names', () => {
      const names = new Map(regionPartitions().map((p) => [p.id, p.name]));
      assertTranslated(names.get('aws-cn') ?? '', ['AWS'], 'aws-cn');
      assert.equal(names.get('aws'), 'AWS');
    });
  });

  describe('the lazily loaded bundles translate too', () => {
    // Each bundle (dist/awsConfig.js, dist/aws-<service>.js, dist/references.js) has its own copy of `@vscode/l10n`:
    // unless it is handed VS Code's translations when it is loaded, its messages stay English.
    const standInL10n = vscode.l10n as { bundle: Record<string, string> | undefined };
    before(() => {
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
      const changed = new vscode.EventEmitter<void>();
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
        changed.fire();
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
