/**
 * Hover and CodeLens on image references in Kubernetes manifests, Helm values, Kustomize, compose, ECS task
 * definitions, CloudFormation/SAM, Terraform and GitHub Actions workflows. The same machinery as the Dockerfile
 * hover: the one `ImageUsageService` (one cache, one request budget for every surface), `withCancellation`, command
 * links trusted only for our commands, and a CodeLens that looks its image up only when VS Code resolves it (on
 * screen). References come from `DocumentReferenceCache` (one extraction per document version).
 */
import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import { formatImageUri } from '../inspector/imageRef';
import { hoverMarkdownString, toVscodeRange, withCancellation } from '../dockerfile/hover';
import { ImageUsageLens } from '../dockerfile/codeLens';
import { usageCodeLens, type ImageUsageSource } from '../dockerfile/usageMarkdown';
import { DocumentReferenceCache } from './documentReferences';
import { imageReferenceAt } from './model';
import { answerReferenceHover } from './referenceMarkdown';

/** The languages and names the providers answer for (each document is then checked by name and text). */
export const REFERENCE_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'terraform' },
  { language: 'dockercompose' },
  { language: 'github-actions-workflow' },
  { language: 'helm' },
  { pattern: '**/*.{yaml,yml,json,tf}' },
];

export class ReferenceHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly usage: ImageUsageSource,
    private readonly references: DocumentReferenceCache,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const found = imageReferenceAt(await this.references.get(document), position.line, position.character);
    if (!found || token.isCancellationRequested) return undefined;
    const value = await withCancellation(token, (signal) =>
      answerReferenceHover(found.reference, this.usage, signal, this.now),
    );
    return value === undefined ? undefined : new vscode.Hover(hoverMarkdownString(value), toVscodeRange(found.range));
  }
}

export class ReferenceCodeLensProvider extends Disposable implements vscode.CodeLensProvider<ImageUsageLens> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly usage: ImageUsageSource,
    /** Whether the lenses are on (the setting `imageFootprint.references.codeLens`). */
    private readonly isEnabled: () => boolean,
    invalidations: readonly vscode.Event<unknown>[],
    private readonly references: DocumentReferenceCache,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    for (const event of invalidations) this._register(event(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<ImageUsageLens[]> {
    if (!this.isEnabled()) return [];
    const lenses: ImageUsageLens[] = [];
    for (const reference of await this.references.get(document)) {
      if (reference.target.kind === 'ecr') {
        lenses.push(new ImageUsageLens(toVscodeRange(reference.range), reference.target.ref));
      }
    }
    return lenses;
  }

  async resolveCodeLens(lens: ImageUsageLens, token: vscode.CancellationToken): Promise<ImageUsageLens> {
    const usage = await withCancellation(token, (signal) => this.usage.usage(lens.image, signal));
    const text = usage === undefined ? { title: '', tooltip: '' } : usageCodeLens(usage, this.now());
    lens.command = {
      title: text.title,
      tooltip: text.tooltip,
      command: 'imageFootprint.lookupImage',
      arguments: [formatImageUri(lens.image)],
    };
    return lens;
  }
}
