/**
 * The extension's side of the AWS layer: which profile, region and endpoints requests use (from the settings, the
 * profile and the environment), and the lazily loaded AWS layer (`dist/aws-<service>.js`). Nothing is loaded or requested until a view,
 * command or hover asks for data.
 */
import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import type { AwsAccess } from './access';
import type { SettingsStore } from '../settingsStore';
import { FootprintError, toFootprintError, type AwsService, type OperationContext } from './errors';
import { listProfiles, regionFallback, type ProfileList } from './profiles';
import type { AwsApi, AwsLayerModule, AwsTarget } from './types';

/** Loads the AWS layer of one service (`dist/aws-<service>.js`; any module with `createAwsApi` in tests). */
export type AwsLayerLoader = (service: AwsService) => AwsLayerModule;

/** The operations of Amazon Inspector; every other operation of the layer goes to the Image Builder bundle. */
const INSPECTOR2_OPERATIONS: ReadonlySet<PropertyKey> = new Set<keyof AwsApi>([
  'getClustersForImage',
  'findCoveredImages',
]);

export class AwsSession extends Disposable implements AwsAccess {
  private apiInstance: AwsApi | undefined;
  /** The layer of each service loaded so far, and the credential providers they share. */
  private readonly serviceApis = new Map<AwsService, AwsApi>();
  private readonly sharedCredentials = new Map<string, unknown>();
  private profilesCache: Promise<ProfileList> | undefined;
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the profile, region or endpoints change: every view must drop what it shows and start over. */
  readonly onDidChangeConnection = this.changeEmitter.event;
  private connectionKey: string;

  constructor(
    private readonly settings: SettingsStore,
    private readonly loadLayer: AwsLayerLoader,
    private readonly log: vscode.LogOutputChannel,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    this.connectionKey = this.currentConnectionKey();
    this._register(
      settings.onDidChange(() => {
        const key = this.currentConnectionKey();
        if (key === this.connectionKey) return;
        this.connectionKey = key;
        this.profilesCache = undefined;
        this.apiInstance?.dispose();
        this.apiInstance = undefined;
        this.changeEmitter.fire();
      }),
    );
  }

  private currentConnectionKey(): string {
    const s = this.settings.current;
    return JSON.stringify([s.profile, s.region, s.endpoints]);
  }

  /**
   * The AWS layer. Each operation loads its service's bundle on its first call (`dist/aws-inspector2.js` or
   * `dist/aws-imagebuilder.js`: the SDK client of that service only), so a lookup never loads Image Builder's client.
   */
  get api(): AwsApi {
    this.apiInstance ??= this.createApi();
    return this.apiInstance;
  }

  private createApi(): AwsApi {
    const disposeAll = (): void => {
      for (const api of this.serviceApis.values()) api.dispose();
      this.serviceApis.clear();
      this.sharedCredentials.clear();
    };
    return new Proxy({} as AwsApi, {
      get: (_, name) => {
        if (name === 'dispose') return disposeAll;
        const api = this.serviceApi(INSPECTOR2_OPERATIONS.has(name) ? 'inspector2' : 'imagebuilder');
        const member = (api as unknown as Record<PropertyKey, unknown>)[name];
        return typeof member === 'function' ? member.bind(api) : member;
      },
    });
  }

  private serviceApi(service: AwsService): AwsApi {
    let api = this.serviceApis.get(service);
    if (!api) {
      const started = performance.now();
      const layer = this.loadLayer(service);
      api = layer.createAwsApi({
        log: (line) => this.log.debug(line),
        warn: (line) => this.log.warn(line),
        credentials: this.sharedCredentials,
      });
      this.serviceApis.set(service, api);
      this.log.info(`AWS layer loaded in ${(performance.now() - started).toFixed(1)} ms (${service})`);
    }
    return api;
  }

  get isLayerLoaded(): boolean {
    return this.serviceApis.size > 0;
  }

  get profile(): string | undefined {
    return this.settings.current.profile;
  }

  profiles(): Promise<ProfileList> {
    this.profilesCache ??= listProfiles(this.env);
    return this.profilesCache;
  }

  /** The region requests go to when no resource names one: setting, then profile, then environment. */
  async defaultRegion(): Promise<string | undefined> {
    const configured = this.settings.current.region;
    if (configured) return configured;
    const { profiles } = await this.profiles();
    return regionFallback(this.settings.current.profile, profiles, this.env);
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
        'No AWS region is set.',
        'Select a region (status bar or "Image Footprint: Select AWS Region…"), or set one in your AWS profile.',
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

  /** The endpoint a request to `service` goes to, for messages: the setting, the SDK's env override, or undefined. */
  endpointOf(service: AwsService): string | undefined {
    const configured = this.settings.current.endpoints[service];
    if (configured) return configured;
    const envName = service === 'inspector2' ? 'AWS_ENDPOINT_URL_INSPECTOR2' : 'AWS_ENDPOINT_URL_IMAGEBUILDER';
    return this.env[envName] || this.env.AWS_ENDPOINT_URL || undefined;
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
    if (e.kind === 'tokenLoop') this.log.warn(e.detail ?? e.message);
    else if (e.kind !== 'cancelled') this.log.error(e.detail ?? e.message);
    return e;
  }

  /** Forget cached credentials and clients (after a sign-in), so the next request reads them again. */
  resetCredentials(): void {
    this.apiInstance?.dispose();
    this.apiInstance = undefined;
    this.profilesCache = undefined;
  }

  override dispose(): void {
    this.apiInstance?.dispose();
    this.apiInstance = undefined;
    super.dispose();
  }
}
