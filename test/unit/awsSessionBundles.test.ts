/**
 * AwsSession and the lazily loaded AWS bundles: each operation loads its own service's bundle only
 * (`dist/aws-inspector2.js`, `dist/aws-imagebuilder.js`), sign-in loads `dist/awsSignIn.js` only, and both service
 * bundles share one credential map and the MFA code provider. The loaders are recorders; the api they hand out
 * records calls (no AWS, no SDK).
 */
import '../support/useStandIn';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AwsService } from '../../src/aws/errors';
import { AwsSession } from '../../src/aws/session';
import type { AwsApi, AwsApiOptions, AwsLayerModule, AwsSignInModule, SsoSignIn } from '../../src/aws/types';
import { SettingsStore } from '../../src/settingsStore';

interface Loaded {
  readonly service: AwsService;
  readonly options: AwsApiOptions | undefined;
  readonly calls: string[];
  disposed: boolean;
}

function recordingSession(): {
  session: AwsSession;
  loaded: Loaded[];
  signInLoads: number[];
  configLoads: number[];
  dispose(): void;
} {
  const loaded: Loaded[] = [];
  const signInLoads: number[] = [];
  const configLoads: number[] = [];
  const loadLayer = (service: AwsService): AwsLayerModule => ({
    createAwsApi(options) {
      const entry: Loaded = { service, options, calls: [], disposed: false };
      loaded.push(entry);
      return new Proxy({} as AwsApi, {
        get: (_, name) =>
          name === 'dispose'
            ? () => {
                entry.disposed = true;
              }
            : (...args: unknown[]) => {
                entry.calls.push(String(name));
                return Promise.resolve({ items: [], args });
              },
      });
    },
  });
  const loadSignIn = (): AwsSignInModule => {
    signInLoads.push(1);
    return { createSsoSignIn: () => ({}) as SsoSignIn };
  };
  const settings = new SettingsStore(() => undefined);
  const session = new AwsSession(
    settings,
    loadLayer,
    // Not bench/world's silentLog: that module loads the webview shell with the stand-in, which the shell's own
    // unit test replaces with its fake.
    vscode.window.createOutputChannel('test', { log: true }),
    {},
    () => {
      configLoads.push(1);
      throw new Error('the configuration bundle is not needed here');
    },
    loadSignIn,
  );
  return {
    session,
    loaded,
    signInLoads,
    configLoads,
    dispose: () => {
      session.dispose();
      settings.dispose();
    },
  };
}

const target = { region: 'us-east-1', endpoints: {} };

describe('AwsSession: the AWS bundles it loads', () => {
  it("an Inspector operation loads Inspector's bundle only", async () => {
    const r = recordingSession();
    try {
      assert.equal(r.session.isLayerLoaded, false);
      await r.session.api.getClustersForImage(target, { resourceId: 'x' });
      await r.session.api.findCoveredImages(target, { accountId: '111122223333', repository: 'r', tag: 't' });
      assert.deepEqual(
        r.loaded.map((l) => [l.service, l.calls]),
        [['inspector2', ['getClustersForImage', 'findCoveredImages']]],
      );
      assert.equal(r.session.isLayerLoaded, true);
    } finally {
      r.dispose();
    }
  });

  it("every Image Builder operation (GetLifecyclePolicy too) loads Image Builder's bundle only", async () => {
    const r = recordingSession();
    try {
      await r.session.api.listLifecyclePolicies(target, {});
      await r.session.api.listLifecycleExecutions(target, { resourceArn: 'arn' });
      await r.session.api.getLifecycleExecution(target, 'id');
      await r.session.api.listLifecycleExecutionResources(target, { lifecycleExecutionId: 'id' });
      await r.session.api.getLifecyclePolicy(target, 'arn');
      assert.deepEqual(
        r.loaded.map((l) => [l.service, l.calls]),
        [
          [
            'imagebuilder',
            [
              'listLifecyclePolicies',
              'listLifecycleExecutions',
              'getLifecycleExecution',
              'listLifecycleExecutionResources',
              'getLifecyclePolicy',
            ],
          ],
        ],
      );
    } finally {
      r.dispose();
    }
  });

  it('both service bundles share one credential map and the MFA code provider; dispose reaches both', async () => {
    const r = recordingSession();
    try {
      await r.session.api.getClustersForImage(target, { resourceId: 'x' });
      await r.session.api.listLifecyclePolicies(target, {});
      const [inspector, imagebuilder] = r.loaded;
      assert.ok(inspector?.options?.credentials instanceof Map);
      assert.equal(inspector.options.credentials, imagebuilder?.options?.credentials);
      assert.equal(typeof inspector.options.mfaCodeProvider, 'function');
      assert.equal(typeof imagebuilder?.options?.mfaCodeProvider, 'function');
      r.session.api.dispose();
      assert.deepEqual(
        r.loaded.map((l) => l.disposed),
        [true, true],
      );
    } finally {
      r.dispose();
    }
  });

  it("sign-in loads the sign-in bundle only: neither service's client, nor the configuration", () => {
    const r = recordingSession();
    try {
      r.session.ssoSignIn();
      assert.deepEqual(r.signInLoads, [1]);
      assert.deepEqual(r.loaded, []);
      assert.deepEqual(r.configLoads, []);
      assert.equal(r.session.isLayerLoaded, false);
    } finally {
      r.dispose();
    }
  });
});
