/**
 * The extension's side of the AWS layer: which profile, region and endpoints requests use (from the settings, the
 * profile and the environment), and the lazily loaded AWS bundles: the layer per service (`dist/aws-<service>.js`),
 * sign-in (`dist/awsSignIn.js`) and the configuration reader (`dist/awsConfig.js`). Nothing is loaded or requested
 * until a view, command or hover asks for data.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import type { AwsAccess } from './access';
import type { SettingsStore } from '../settingsStore';
import {
  activeEndpointOverrides,
  describeEndpointOverrides,
  endpointOrigin,
  ENDPOINT_ENV,
  type EndpointOverride,
} from './endpoints';
import { FootprintError, toFootprintError, type AwsService, type OperationContext } from './errors';
import { effectiveProfileName, regionFallback, type AwsProfile, type ProfileList } from './profiles';
import type { RegionPartition } from './regions';
import type * as SharedConfigModule from './sdk/sharedConfig';
import type { AwsApi, AwsLayerModule, AwsSignInModule, AwsTarget, SsoSignIn } from './types';

/** Loads the AWS layer of one service (`dist/aws-<service>.js`; any module with `createAwsApi` in tests). */
export type AwsLayerLoader = (service: AwsService) => AwsLayerModule;

/** The operations of Amazon Inspector; every other operation of the layer goes to the Image Builder bundle. */
const INSPECTOR2_OPERATIONS: ReadonlySet<PropertyKey> = new Set<keyof AwsApi>([
  'getClustersForImage',
  'findCoveredImages',
]);

/** Loads `dist/awsConfig.js`: the SDK's shared-config loader and partition table (no clients, no HTTP). */
export type AwsConfigLoader = () => typeof SharedConfigModule;

const requireConfigBundle: AwsConfigLoader = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(__dirname, 'awsConfig.js')) as typeof SharedConfigModule;

/** Loads `dist/awsSignIn.js`: IAM Identity Center sign-in (SSO-OIDC's client; neither service's). */
export type AwsSignInLoader = () => AwsSignInModule;

const requireSignInBundle: AwsSignInLoader = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(__dirname, 'awsSignIn.js')) as AwsSignInModule;

/** Errors that mean the session is gone: the status bar turns to "Sign in". */
const SESSION_KINDS = new Set(['expiredCredentials', 'invalidCredentials', 'noCredentials']);

/** Where the region requests use comes from, for the status bar. */
export type RegionSource = 'setting' | 'profile' | 'environment' | 'none';

export class AwsSession extends Disposable implements AwsAccess {
  private apiInstance: AwsApi | undefined;
  /** The layer of each service loaded so far, and the credential providers they share. */
  private readonly serviceApis = new Map<AwsService, AwsApi>();
  private readonly sharedCredentials = new Map<string, unknown>();
  private profilesCache: Promise<ProfileList> | undefined;
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the profile, region or endpoints change: every view must drop what it shows and start over. */
  readonly onDidChangeConnection = this.changeEmitter.event;
  private readonly signInEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when a request finds the session expired or invalid, and when a sign-in or a switch clears that. */
  readonly onDidChangeSignInState = this.signInEmitter.event;
  private sessionProblem: FootprintError | undefined;
  private connectionKey: string;
  /** The override log line last written, so that each distinct set of overrides is named once. */
  private loggedOverrides: string | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly loadLayer: AwsLayerLoader,
    private readonly log: vscode.LogOutputChannel,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly loadConfig: AwsConfigLoader = requireConfigBundle,
    private readonly loadSignIn: AwsSignInLoader = requireSignInBundle,
  ) {
    super();
    this.connectionKey = this.currentConnectionKey();
    this.logOverrides();
    this._register(
      settings.onDidChange(() => {
        const key = this.currentConnectionKey();
        if (key === this.connectionKey) return;
        this.logOverrides();
        this.connectionKey = key;
        this.profilesCache = undefined;
        this.apiInstance?.dispose();
        this.apiInstance = undefined;
        this.clearSessionProblem();
        this.changeEmitter.fire();
      }),
    );
  }

  private currentConnectionKey(): string {
    const s = this.settings.current;
    return JSON.stringify([s.profile, s.region, s.endpoints]);
  }

  /** Where requests go instead of AWS, from the setting or the environment (origins only); empty for AWS itself. */
  endpointOverrides(): EndpointOverride[] {
    return activeEndpointOverrides(this.settings.current.endpoints, this.env);
  }

  private logOverrides(): void {
    const line = describeEndpointOverrides(this.endpointOverrides())?.logLine;
    if (line !== undefined && line !== this.loggedOverrides) this.log.warn(line);
    this.loggedOverrides = line;
  }

  /**
   * The AWS layer. Each operation loads its service's bundle on its first call (`dist/aws-inspector2.js` or
   * `dist/aws-imagebuilder.js`: the SDK client of that service only), so a lookup never loads Image Builder's client.
   */
  get api(): AwsApi {
    this.apiInstance ??= this.clearingSessionProblem(this.createApi());
    return this.apiInstance;
  }

  /** The layer, with one addition: an answer from AWS means the session works again (signed in elsewhere). */
  private clearingSessionProblem(api: AwsApi): AwsApi {
    const onAnswer = (): void => this.clearSessionProblem();
    // One wrapper per operation, made on its first call (not a new closure per request).
    const wrappers = new Map<PropertyKey, (...args: unknown[]) => unknown>();
    return new Proxy(api, {
      get(target, property, receiver): unknown {
        const known = wrappers.get(property);
        if (known) return known;
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || property === 'dispose') return value;
        const wrapper = (...args: unknown[]): unknown => {
          const result: unknown = Reflect.apply(value, target, args);
          if (result instanceof Promise) result.then(onAnswer, () => undefined);
          return result;
        };
        wrappers.set(property, wrapper);
        return wrapper;
      },
    });
  }

  private createApi(): AwsApi {
    // The operations as bound to their service's layer, made on first use (not bound again per request).
    const bound = new Map<PropertyKey, unknown>();
    const disposeAll = (): void => {
      for (const api of this.serviceApis.values()) api.dispose();
      this.serviceApis.clear();
      this.sharedCredentials.clear();
      bound.clear();
    };
    return new Proxy({} as AwsApi, {
      get: (_, name) => {
        if (name === 'dispose') return disposeAll;
        if (bound.has(name)) return bound.get(name);
        const api = this.serviceApi(INSPECTOR2_OPERATIONS.has(name) ? 'inspector2' : 'imagebuilder');
        const member = (api as unknown as Record<PropertyKey, unknown>)[name];
        if (typeof member !== 'function') return member;
        const operation: unknown = member.bind(api);
        bound.set(name, operation);
        return operation;
      },
    });
  }

  private serviceApi(service: AwsService): AwsApi {
    let api = this.serviceApis.get(service);
    if (!api) {
      const started = performance.now();
      const layer = this.loadLayer(service);
      // Each layer bundle has its own copy of `@vscode/l10n`: it translates with the bundle VS Code loaded for us.
      if (vscode.l10n.bundle) layer.configureL10n?.({ contents: vscode.l10n.bundle });
      api = layer.createAwsApi({
        log: (line) => this.log.debug(line),
        warn: (line) => this.log.warn(line),
        credentials: this.sharedCredentials,
        mfaCodeProvider: (serial) => this.askMfaCode(serial),
      });
      this.serviceApis.set(service, api);
      this.log.info(`AWS layer loaded in ${(performance.now() - started).toFixed(1)} ms (${service})`);
    }
    return api;
  }

  /** IAM Identity Center sign-in (SSO-OIDC); the first call loads `dist/awsSignIn.js` (neither service's client). */
  ssoSignIn(): SsoSignIn {
    return this.loadSignIn().createSsoSignIn({
      log: (line) => this.log.info(line),
      requestTimeoutMs: this.settings.current.requestTimeoutSeconds * 1000,
    });
  }

  /** The SDK's `mfaCodeProvider`: a role with `mfa_serial` asks for the code instead of failing. */
  private async askMfaCode(serial: string): Promise<string> {
    const profile = this.settings.current.profile ?? effectiveProfileName(undefined, this.env);
    const code = await vscode.window.showInputBox({
      title: vscode.l10n.t('MFA code for profile "{0}"', profile),
      prompt: vscode.l10n.t('The role of this profile needs a code from the MFA device {0}.', serial),
      placeHolder: '123456',
      ignoreFocusOut: true,
      validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : vscode.l10n.t('The code is 6 digits.')),
    });
    if (code === undefined) {
      throw Object.assign(new Error(`No MFA code was entered for ${serial}.`), { name: 'MfaCodeCancelled' });
    }
    this.log.info(`MFA code entered for ${serial}`);
    return code.trim();
  }

  /** The expired or invalid session the last request met, until a sign-in or a switch; undefined when none. */
  get sessionProblemError(): FootprintError | undefined {
    return this.sessionProblem;
  }

  private clearSessionProblem(): void {
    if (!this.sessionProblem) return;
    this.sessionProblem = undefined;
    this.signInEmitter.fire();
  }

  get isLayerLoaded(): boolean {
    return this.serviceApis.size > 0;
  }

  get profile(): string | undefined {
    return this.settings.current.profile;
  }

  /**
   * `dist/awsConfig.js`, whose own copy of `@vscode/l10n` translates its problems (an unreadable file, an SSO profile
   * that cannot sign in) and partition names with the bundle VS Code loaded for the extension.
   */
  private configBundle(): typeof SharedConfigModule {
    const bundle = this.loadConfig();
    if (vscode.l10n.bundle) bundle.configureL10n({ contents: vscode.l10n.bundle });
    return bundle;
  }

  /** The profiles of the shared files as the SDK reads them; the first call loads `dist/awsConfig.js`. */
  profiles(): Promise<ProfileList> {
    this.profilesCache ??= Promise.resolve()
      .then(() => this.configBundle().listProfiles(this.env))
      .catch((err: unknown) => ({
        profiles: [],
        problems: [
          vscode.l10n.t(
            'The AWS configuration could not be read: {0}',
            err instanceof Error ? err.message : String(err),
          ),
        ],
      }));
    return this.profilesCache;
  }

  /** Forget the profiles read, so the next use reads the files again (the picker, after a sign-in). */
  reloadProfiles(): void {
    this.profilesCache = undefined;
  }

  /** The profile requests use (the selected one, else AWS_PROFILE or `default`), as the SDK reads it. */
  async currentProfile(): Promise<AwsProfile | undefined> {
    const name = effectiveProfileName(this.settings.current.profile, this.env);
    return (await this.profiles()).profiles.find((p) => p.name === name);
  }

  /** Every partition with its named regions, from the SDK's partition table. */
  regionPartitions(): readonly RegionPartition[] {
    return this.configBundle().regionPartitions();
  }

  /** The region requests go to when no resource names one: setting, then AWS_REGION, then the profile's region. */
  async defaultRegion(): Promise<string | undefined> {
    return (await this.regionWithSource()).region;
  }

  async regionWithSource(): Promise<{ region?: string; source: RegionSource }> {
    const configured = this.settings.current.region;
    if (configured) return { region: configured, source: 'setting' };
    // The SDK's order: AWS_REGION before the profile, so the files need not be read (nor dist/awsConfig.js loaded).
    if (this.env.AWS_REGION) return { region: this.env.AWS_REGION, source: 'environment' };
    const { profiles } = await this.profiles();
    const region = regionFallback(this.settings.current.profile, profiles, this.env);
    if (!region) return { source: 'none' };
    const fromProfile = !this.env.AWS_REGION && (await this.currentProfile())?.region === region;
    return { region, source: fromProfile ? 'profile' : 'environment' };
  }

  /**
   * Where requests go. `region` overrides the default (an image URI names its own region). Throws a
   * FootprintError when no region can be found.
   */
  async target(region?: string): Promise<AwsTarget> {
    const s = this.settings.current;
    const resolved = region ?? (await this.defaultRegion());
    if (!resolved) {
      throw new FootprintError(
        'configuration',
        vscode.l10n.t('No AWS region is set.'),
        vscode.l10n.t(
          'Select a region (status bar or "Image Footprint: Select AWS Region…"), or set one in your AWS profile.',
        ),
        ['selectRegion', 'openSettings'],
      );
    }
    return {
      profile: s.profile,
      region: resolved,
      endpoints: s.endpoints,
      // imageFootprint.requestTimeoutSeconds (default 30): long enough for a slow page, short enough that a hung
      // connection surfaces.
      requestTimeoutMs: s.requestTimeoutSeconds * 1000,
    };
  }

  /**
   * The endpoint a request to `service` goes to, for messages and the log: the setting, the SDK's env override, or
   * undefined. The origin only: a user name and password in an environment variable's URL never reach a message.
   */
  endpointOf(service: AwsService): string | undefined {
    const configured = this.settings.current.endpoints[service];
    const envName = ENDPOINT_ENV.get(service) ?? '';
    const value = configured || this.env[envName] || this.env.AWS_ENDPOINT_URL || undefined;
    return value === undefined ? undefined : endpointOrigin(value);
  }

  context(service: AwsService, operation: string, target?: AwsTarget): OperationContext {
    return {
      service,
      operation,
      region: target?.region,
      profile: target?.profile ?? this.settings.current.profile,
      endpoint: this.endpointOf(service),
    };
  }

  /** Turns anything thrown by a request into a FootprintError and logs it once (never credentials). */
  toError(err: unknown, context: OperationContext): FootprintError {
    const e = toFootprintError(err, context);
    if (SESSION_KINDS.has(e.kind) && e.actions.includes('signIn')) {
      const changed = this.sessionProblem === undefined;
      this.sessionProblem = e;
      if (changed) this.signInEmitter.fire();
    }
    if (e.kind === 'tokenLoop') this.log.warn(e.detail ?? e.message);
    else if (e.kind !== 'cancelled') this.log.error(e.detail ?? e.message);
    return e;
  }

  /** Forget cached credentials and clients (after a sign-in), so the next request reads them again. */
  resetCredentials(): void {
    this.apiInstance?.dispose();
    this.apiInstance = undefined;
    this.profilesCache = undefined;
    this.clearSessionProblem();
  }

  override dispose(): void {
    this.apiInstance?.dispose();
    this.apiInstance = undefined;
    super.dispose();
  }
}
