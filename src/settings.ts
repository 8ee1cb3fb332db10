/**
 * The extension's settings, read through one typed function. Every value is checked: a wrong type or an
 * out-of-range number falls back (or is clamped) and is reported as a problem the UI shows once. Pure: no `vscode`.
 */

import * as l10n from '@vscode/l10n';
import { endpointProblem } from './aws/endpoints';

export const SETTINGS_SECTION = 'imageFootprint';

/**
 * Settings that choose where requests go, with which identity, or whether they are made without a click: in
 * Restricted Mode (an untrusted workspace) only the user's own values count (package.json lists the same keys in
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`). `endpoints` is application-scoped besides: no
 * workspace can set it at all.
 */
export const RESTRICTED_SETTINGS = [
  'profile',
  'region',
  'endpoints',
  'dockerfile.codeLens',
  'references.codeLens',
  'problems.lifecycle',
] as const;
/** Settings only the user's own settings may set, trusted workspace or not. */
export const USER_ONLY_SETTINGS = ['endpoints'] as const;

export interface Endpoints {
  readonly inspector2?: string;
  readonly imagebuilder?: string;
}

export interface Settings {
  /** Undefined = the SDK's default credential chain. */
  readonly profile?: string;
  /** Undefined = from the profile, then AWS_REGION / AWS_DEFAULT_REGION. */
  readonly region?: string;
  readonly endpoints: Endpoints;
  readonly pageSize: { readonly clusters: number; readonly lifecycleResources: number };
  /** Seconds to wait for an answer (per attempt; connection and idle socket) before a request fails. */
  readonly requestTimeoutSeconds: number;
  /** A CodeLens with the cluster count above Dockerfile FROM lines (`imageFootprint.dockerfile.codeLens`). */
  readonly dockerfileCodeLens: boolean;
  /** The same above ECR image references in manifests, templates and workflows (`imageFootprint.references.codeLens`). */
  readonly referencesCodeLens: boolean;
}

export interface SettingsProblem {
  readonly setting: string;
  readonly message: string;
}

/** The raw values as `WorkspaceConfiguration.get` returns them (anything a user typed into settings.json). */
export interface RawSettings {
  readonly profile?: unknown;
  readonly region?: unknown;
  readonly endpoints?: unknown;
  readonly pageSizeClusters?: unknown;
  readonly pageSizeLifecycleResources?: unknown;
  readonly requestTimeoutSeconds?: unknown;
  readonly dockerfileCodeLens?: unknown;
  readonly referencesCodeLens?: unknown;
}

export const PAGE_SIZE_LIMITS = {
  clusters: { min: 1, max: 100, fallback: 100 },
  lifecycleResources: { min: 1, max: 25, fallback: 25 },
  /** ListLifecyclePolicies and ListLifecycleExecutions: not a setting; always the API's maximum. */
  lifecycleLists: { min: 1, max: 25, fallback: 25 },
} as const;

export const REQUEST_TIMEOUT_LIMITS = { min: 1, max: 300, fallback: 30 } as const;

const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

export function isRegionName(value: string): boolean {
  return REGION_PATTERN.test(value);
}

function optionalString(
  value: unknown,
  setting: string,
  problems: SettingsProblem[],
  check?: (s: string) => string | undefined,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    problems.push({ setting, message: l10n.t('{0} must be a string; it is ignored.', setting) });
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const error = check?.(trimmed);
  if (error) {
    problems.push({ setting, message: error });
    return undefined;
  }
  return trimmed;
}

function endpointError(setting: string) {
  return (value: string): string | undefined => endpointProblem(setting, value);
}

function pageSize(
  value: unknown,
  setting: string,
  limits: { min: number; max: number; fallback: number },
  problems: SettingsProblem[],
): number {
  if (value === undefined || value === null) return limits.fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({
      setting,
      message: l10n.t(
        '{0} must be a number from {1} to {2}; using {3}.',
        setting,
        limits.min,
        limits.max,
        limits.fallback,
      ),
    });
    return limits.fallback;
  }
  const clamped = Math.min(limits.max, Math.max(limits.min, Math.round(value)));
  if (clamped !== value) {
    problems.push({
      setting,
      message: l10n.t(
        '{0} is {1}; the service accepts {2} to {3}, so {4} is used.',
        setting,
        value,
        limits.min,
        limits.max,
        clamped,
      ),
    });
  }
  return clamped;
}

function timeoutSeconds(value: unknown, problems: SettingsProblem[]): number {
  const setting = 'imageFootprint.requestTimeoutSeconds';
  const { min, max, fallback } = REQUEST_TIMEOUT_LIMITS;
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({
      setting,
      message: l10n.t('{0} must be a number of seconds from {1} to {2}; using {3}.', setting, min, max, fallback),
    });
    return fallback;
  }
  const clamped = Math.min(max, Math.max(min, Math.round(value)));
  if (clamped !== value) {
    problems.push({
      setting,
      message: l10n.t('{0} is {1}; it must be {2} to {3} seconds, so {4} is used.', setting, value, min, max, clamped),
    });
  }
  return clamped;
}

function flag(value: unknown, setting: string, fallback: boolean, problems: SettingsProblem[]): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  problems.push({ setting, message: l10n.t('{0} must be true or false; using {1}.', setting, String(fallback)) });
  return fallback;
}

export function normalizeSettings(raw: RawSettings): { settings: Settings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const profile = optionalString(raw.profile, 'imageFootprint.profile', problems, (s) =>
    /[\s[\]\p{Cc}\p{Cf}]/u.test(s)
      ? l10n.t('{0} "{1}" is not a profile name; it is ignored.', 'imageFootprint.profile', s)
      : undefined,
  );
  const region = optionalString(raw.region, 'imageFootprint.region', problems, (s) =>
    isRegionName(s)
      ? undefined
      : l10n.t('{0} "{1}" is not a region name such as us-east-1; it is ignored.', 'imageFootprint.region', s),
  );
  let endpoints: Endpoints = {};
  if (raw.endpoints !== undefined && raw.endpoints !== null) {
    if (typeof raw.endpoints !== 'object' || Array.isArray(raw.endpoints)) {
      problems.push({
        setting: 'imageFootprint.endpoints',
        message: l10n.t(
          '{0} must be an object like {1}; it is ignored.',
          'imageFootprint.endpoints',
          '{"inspector2": "http://…"}',
        ),
      });
    } else {
      const e = raw.endpoints as Record<string, unknown>;
      const own = (key: string): unknown => (Object.hasOwn(e, key) ? e[key] : undefined);
      const inspector2 = optionalString(
        own('inspector2'),
        'imageFootprint.endpoints.inspector2',
        problems,
        endpointError('imageFootprint.endpoints.inspector2'),
      );
      const imagebuilder = optionalString(
        own('imagebuilder'),
        'imageFootprint.endpoints.imagebuilder',
        problems,
        endpointError('imageFootprint.endpoints.imagebuilder'),
      );
      endpoints = {
        ...(inspector2 ? { inspector2 } : {}),
        ...(imagebuilder ? { imagebuilder } : {}),
      };
    }
  }
  return {
    settings: {
      profile,
      region,
      endpoints,
      pageSize: {
        clusters: pageSize(
          raw.pageSizeClusters,
          'imageFootprint.pageSize.clusters',
          PAGE_SIZE_LIMITS.clusters,
          problems,
        ),
        lifecycleResources: pageSize(
          raw.pageSizeLifecycleResources,
          'imageFootprint.pageSize.lifecycleResources',
          PAGE_SIZE_LIMITS.lifecycleResources,
          problems,
        ),
      },
      requestTimeoutSeconds: timeoutSeconds(raw.requestTimeoutSeconds, problems),
      dockerfileCodeLens: flag(raw.dockerfileCodeLens, 'imageFootprint.dockerfile.codeLens', false, problems),
      referencesCodeLens: flag(raw.referencesCodeLens, 'imageFootprint.references.codeLens', false, problems),
    },
    problems,
  };
}
