/**
 * The panels of the extension, by kind: each has its own browser bundle `dist/webview/<kind>.js` (from
 * `src/<feature>/ui/<kind>.ts`) and its own state type next to it. Types only: the registry the typed callers use
 * (the panel commands, tests, benchmarks); the shell itself (`webview/panelShell.ts`) knows no panel.
 */
import type { ImageBuilderPanels } from './imagebuilder/snapshotStatesProtocol';
import type { InspectorPanels } from './inspector/panelProtocol';

export const PANEL_KINDS = ['eksWorkloads', 'ecsTaskDefinition', 'snapshotStates'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

export interface PanelStates extends InspectorPanels, ImageBuilderPanels {}
export type PanelStateOf<K extends PanelKind> = PanelStates[K];
