/**
 * "Referenced in N files" under a lifecycle resource whose DELETE takes an image the workspace still names: the
 * references come from the Workspace Images index (no request; nothing when the workspace was never scanned), one row
 * per reference, a click opens the file at it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FILE_KIND_LABEL } from '../references/model';
import { TreeNode } from '../tree/node';
import type { ReferenceHit } from './lifecycleIndex';

export type WorkspaceHit = ReferenceHit<vscode.Uri>;

/** How many files hold the hits. */
export function fileCount(hits: readonly WorkspaceHit[]): number {
  return new Set(hits.map((h) => h.uri.toString())).size;
}

/** "referenced in 2 files", for the resource row's description. */
export function referencedWords(hits: readonly WorkspaceHit[]): string {
  const n = fileCount(hits);
  return n === 1 ? vscode.l10n.t('referenced in {0} file', n) : vscode.l10n.t('referenced in {0} files', n);
}

/** The same as a row label: "Referenced in 2 files". */
function referencedLabel(hits: readonly WorkspaceHit[]): string {
  const n = fileCount(hits);
  return n === 1 ? vscode.l10n.t('Referenced in {0} file', n) : vscode.l10n.t('Referenced in {0} files', n);
}

/** How a reference matched the run's image, in words. */
const MATCH_WORDS = new Map<string, () => string>([
  ['digest', () => vscode.l10n.t('by digest')],
  ['tag', () => vscode.l10n.t('by tag')],
]);

export class ReferencedGroupNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: TreeNode,
    readonly hits: readonly WorkspaceHit[],
  ) {
    super(parent);
    this.id = `${parent.id}/$referenced`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(referencedLabel(this.hits), vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon('references', new vscode.ThemeColor('list.warningForeground'));
    item.description = vscode.l10n.t('this workspace still names the image');
    item.contextValue = 'lifecycleReferences';
    return item;
  }

  override getChildren(): readonly TreeNode[] {
    return this.hits.map((hit, i) => new ReferenceRowNode(this, hit, i));
  }
}

export class ReferenceRowNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: TreeNode,
    readonly hit: WorkspaceHit,
    index: number,
  ) {
    super(parent);
    this.id = `${parent.id}/${index}`;
  }

  getTreeItem(): vscode.TreeItem {
    const { uri, reference, match } = this.hit;
    const line = reference.range.start.line + 1;
    const relative = vscode.workspace.asRelativePath(uri, true);
    const item = new vscode.TreeItem(`${path.posix.basename(uri.path)}:${line}`, vscode.TreeItemCollapsibleState.None);
    const by = MATCH_WORDS.get(match)?.() ?? match;
    item.description = `${relative} · ${FILE_KIND_LABEL[reference.fileKind]} · ${by}`;
    item.tooltip = `${reference.raw}\n${reference.context}`;
    item.iconPath = vscode.ThemeIcon.File;
    item.resourceUri = uri;
    const { start, end } = reference.range;
    item.command = {
      title: vscode.l10n.t('Open'),
      command: 'vscode.open',
      arguments: [uri, { selection: new vscode.Range(start.line, start.character, end.line, end.character) }],
    };
    item.contextValue = 'lifecycleReference';
    return item;
  }
}
