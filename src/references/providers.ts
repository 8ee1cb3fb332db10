/**
 * Hover and CodeLens on image references in Kubernetes manifests, Helm values, Kustomize, compose, ECS task
 * definitions, CloudFormation/SAM, Terraform and GitHub Actions workflows. The same machinery as the Dockerfile
 * hover: the one `ImageUsageService` (one cache, one request budget for every surface), `withCancellation`, command
 * links trusted only for our commands, and a CodeLens that looks its image up only when VS Code resolves it (on
 * screen). References come from `DocumentReferenceCache` (one extraction per document version).
 */
import * as vscode from 'vscode';
import { hoverMarkdownString, toVscodeRange, withCancellation } from '../dockerfile/hover';
import type { ImageLensTarget, ImageLensTargets } from '../dockerfile/codeLens';
import type { ImageUsageSource } from '../dockerfile/usageMarkdown';
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

/** The ECR images a manifest, template or workflow names, for the one CodeLens provider (`ImageUsageCodeLensProvider`). */
export function referenceLensTargets(references: DocumentReferenceCache): ImageLensTargets {
  return async (document) => {
    const targets: ImageLensTarget[] = [];
    for (const reference of await references.get(document)) {
      if (reference.target.kind === 'ecr') {
        targets.push({ range: toVscodeRange(reference.range), image: reference.target.ref });
      }
    }
    return targets;
  };
}
