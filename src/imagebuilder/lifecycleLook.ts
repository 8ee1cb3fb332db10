/**
 * How lifecycle rows look: icons and words per status, action and kind, as lookup tables. Every key comes from AWS
 * (status, action, kind), so each table is a `Map`: a hostile endpoint may send `constructor` or `__proto__`.
 */
import * as vscode from 'vscode';
import type { StatusWithReason } from '../aws/types';
import { dateAndAge } from '../inspector/clusterModel';
import type { ResourceKind } from './lifecycleModel';

export function when(date: Date | undefined): string {
  return dateAndAge(date);
}

export type IconSpec = readonly [icon: string, color?: string];

/** Maps, not object literals: a status from the wire may be `constructor` or `__proto__`. */
export const EXECUTION_ICONS = new Map<string, IconSpec>([
  ['SUCCESS', ['pass', 'testing.iconPassed']],
  ['FAILED', ['error', 'errorForeground']],
  ['IN_PROGRESS', ['sync~spin']],
  ['PENDING', ['clock']],
  ['CANCELLING', ['circle-slash']],
  ['CANCELLED', ['circle-slash', 'disabledForeground']],
]);

export const ACTION_ICONS = new Map<string, IconSpec>([
  ['DELETE', ['trash', 'errorForeground']],
  ['DEPRECATE', ['archive', 'list.warningForeground']],
  ['DISABLE', ['circle-slash']],
]);

export const KIND_ICONS = new Map<ResourceKind, IconSpec>([
  ['ami', ['vm']],
  ['containerImage', ['package']],
  ['imageBuilderImage', ['file-binary']],
  ['other', ['file-binary']],
]);

/** Words, translated when shown (the display language is known only at activation): functions, not strings. */
const KIND_LABELS = new Map<ResourceKind, () => string>([
  ['ami', () => vscode.l10n.t('AMI')],
  ['imageBuilderImage', () => vscode.l10n.t('Image Builder image')],
  ['containerImage', () => vscode.l10n.t('Container image')],
  ['other', () => vscode.l10n.t('Resource')],
]);

/** What a resource is, as the tooltip's title says it. */
export function kindLabel(kind: ResourceKind): string {
  return (KIND_LABELS.get(kind) ?? KIND_LABELS.get('other')!)();
}

const POLICY_TYPE_LABELS = new Map<string, () => string>([
  ['CONTAINER_IMAGE', () => vscode.l10n.t('container images')],
  ['AMI_IMAGE', () => vscode.l10n.t('AMIs')],
]);

/** A policy's resource type in words; a type this version does not know is shown as AWS names it. */
export function policyTypeLabel(resourceType: string | undefined): string | undefined {
  const label = POLICY_TYPE_LABELS.get(resourceType ?? '');
  return label ? label() : resourceType;
}

export const SNAPSHOT_ICONS = new Map<string, string>([
  ['FAILED', 'error'],
  ['SUCCESS', 'pass'],
  ['IN_PROGRESS', 'sync'],
]);

/** One ThemeIcon per (icon, color), shared by every row that shows it (icons are immutable values). */
const THEME_ICONS = new Map<string, vscode.ThemeIcon>();
/** The same, by spec: the specs of the tables above are constants, so a row finds its icon without a key string. */
const ICONS_BY_SPEC = new WeakMap<IconSpec, vscode.ThemeIcon>();

export function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  let made = ICONS_BY_SPEC.get(spec);
  if (made) return made;
  const [icon, color] = spec;
  const key = `${icon}\n${color ?? ''}`;
  made = THEME_ICONS.get(key);
  if (!made) {
    made = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    THEME_ICONS.set(key, made);
  }
  ICONS_BY_SPEC.set(spec, made);
  return made;
}

export function statusIcon(state: StatusWithReason | undefined): vscode.ThemeIcon {
  return themeIcon(EXECUTION_ICONS.get(state?.status ?? '') ?? ['question']);
}
