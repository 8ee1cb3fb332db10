/**
 * Localization of the AWS layer, the settings and the references (issue 18), in a pseudo-locale
 * (`test/support/pseudoLocale.ts`): real code renders real output with realistic data — a FootprintError of every
 * kind (message, hint, the labels of its actions), the reasons a reference gets no lookup with the hover line that
 * shows them, setting problems, endpoint problems and the status bar's override lines, profile problems, the
 * Workspace Images scan messages — and no English word of ours may be left: only data (names, ids, regions, AWS's own
 * messages, text from the file). A sentence written in place instead of through `l10n.t` stays English and fails.
 * The connection UI, the Workspace Images view and the lazily loaded bundles: `l10nCoreUi.test.ts`.
 */
import '../support/useStandIn';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { ERROR_ACTIONS } from '../../src/aws/errorActions';
import { describeEndpointOverrides, endpointProblem } from '../../src/aws/endpoints';
import { iamActionOf, toFootprintError, type FootprintError, type OperationContext } from '../../src/aws/errors';
import { profilesFrom } from '../../src/aws/profiles';
import { listProfiles, regionPartitions } from '../../src/aws/sdk/sharedConfig';
import { findImageReferences } from '../../src/dockerfile/references';
import { extractReferences, parseDotEnv } from '../../src/references/extract';
import type { ImageReference } from '../../src/references/model';
import { FILE_KIND_LABEL } from '../../src/references/model';
import { quietReferenceMarkdown } from '../../src/references/referenceMarkdown';
import { scanMessage } from '../../src/references/scanMessage';
import { loadTerraformParser, type TerraformParse } from '../../src/references/terraformParser';
import { fromDockerfile } from '../../src/references/workspaceFiles';
import { normalizeSettings } from '../../src/settings';
import { renderStatusBar } from '../../src/ui/connection';
import { assertTranslated, englishWords, usePseudoLocale } from '../support/pseudoLocale';

const root = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(root, 'test', 'fixtures', 'references');
/** Product, service and file names our messages keep as they are (not data, but not translated either). */
const NAMES = ['Dockerfile', 'Kustomize', 'Docker Compose', 'CloudFormation', 'Terraform', 'imagedefinitions.json'];

describe('localization of errors, settings and references (pseudo-locale)', function () {
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
      const every =
        'accessDenied expiredCredentials invalidCredentials throttled validation invalidToken notFound serviceError unknown network timeout cancelled noCredentials configuration badResponse tokenLoop';
      for (const kind of every.split(' ')) {
        assert.ok(kinds.has(kind), kind);
      }
    });

    it('gives every action of the one table a translated label', () => {
      for (const [action, look] of ERROR_ACTIONS) assertTranslated(look.label, [], action);
    });
  });

  describe('reference hovers: why a reference gets no lookup, and where it is', () => {
    const locale = usePseudoLocale();
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
      l10n.config({ contents: locale.bundle });
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
});
