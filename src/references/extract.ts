/**
 * Which extractor reads which file (the names and limits are in fileKinds.ts):
 *
 * - by name: `.github/workflows/*.y*ml` (GitHub Actions), `compose*.y*ml` / `docker-compose*.y*ml` (Docker Compose),
 *   `kustomization.y*ml` (Kustomize), `values*.y*ml` (Helm values), `imagedefinitions.json` / `imageDetail.json`,
 *   `*.tf` (Terraform);
 * - by content, for other `.yaml` / `.yml` / `.json` files: each document that is a CloudFormation template, a
 *   Kubernetes object (`apiVersion` + `kind`; Helm chart templates too, with `{{ … }}` blanked) or, in JSON, an ECS
 *   task definition. A cheap text test comes first, so a file without the words is not parsed at all.
 * - never: files over `MAX_FILE_CHARS` (1 MB), and text with a NUL character in its first 8 KB (binary).
 *
 * `extractReferences` never throws; bad documents are skipped. Pure, apart from the parsers it calls.
 */
import { extractCloudFormation, isCloudFormationTemplate } from './cloudformation';
import { extractInput, type ExtractInput } from './common';
import { extractCompose } from './compose';
import { parseJsonDocument, parseYamlDocuments, type TreeNode } from './documents';
import { extractImageDefinitions, extractTaskDefinition, isTaskDefinition } from './ecs';
import { extractGitHubActions } from './githubActions';
import { extractHelmValues } from './helm';
import { extractKubernetes, isKubernetesObject } from './kubernetes';
import { extractKustomize } from './kustomize';
import { extractTerraform } from './terraform';
import type { TerraformParse } from './terraformParser';
import type { ImageReference } from './model';
import { fileFormat, isReadableText, mayHoldReferences, type FileFormat } from './fileKinds';

export { parseDotEnv } from './compose';
export { fileFormat, formatOfLanguage, isReadableText, MAX_FILE_CHARS, mayHoldReferences } from './fileKinds';
export type { FileFormat } from './fileKinds';

export interface ExtractOptions {
  /** Docker Compose: the values of the `.env` file beside the compose file. */
  readonly environment?: ReadonlyMap<string, string>;
  /** Terraform: the loaded parser (without it, `.tf` files give nothing). */
  readonly terraform?: TerraformParse;
  /** How to read the file when its name does not say (an untitled document): from its language. */
  readonly format?: FileFormat;
}

function yamlDocuments(text: string, templates = false): readonly TreeNode[] {
  return parseYamlDocuments(text, { templates }).documents;
}

function contentDetected(input: ExtractInput, documents: readonly TreeNode[]): ImageReference[] {
  const templates = documents.filter(isCloudFormationTemplate);
  const objects = documents.filter((d) => !isCloudFormationTemplate(d) && isKubernetesObject(d));
  return [...extractCloudFormation(input, templates), ...extractKubernetes(input, objects)];
}

function byFormat(format: FileFormat, input: ExtractInput, options: ExtractOptions): ImageReference[] {
  const text = input.text;
  switch (format) {
    case 'workflow':
      return extractGitHubActions(input, yamlDocuments(text));
    case 'compose':
      return extractCompose(input, yamlDocuments(text), options.environment);
    case 'kustomize':
      return extractKustomize(input, yamlDocuments(text));
    case 'helmValues':
      return extractHelmValues(input, yamlDocuments(text, true));
    case 'imageDefinitions':
      return extractImageDefinitions(input, parseJsonDocument(text));
    case 'terraform':
      return options.terraform?.(text, (root) => extractTerraform(input, root)) ?? [];
    case 'yaml':
      return contentDetected(input, yamlDocuments(text, true));
    case 'json': {
      const doc = parseJsonDocument(text);
      if (!doc) return [];
      return isTaskDefinition(doc) ? extractTaskDefinition(input, doc) : contentDetected(input, [doc]);
    }
  }
}

/** The image references in a file (see the top of this file). */
export function extractReferences(filePath: string, text: string, options: ExtractOptions = {}): ImageReference[] {
  const format = fileFormat(filePath) ?? options.format;
  if (format === undefined || !isReadableText(text) || !mayHoldReferences(format, text)) return [];
  try {
    return byFormat(format, extractInput(text), options).sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  } catch {
    return [];
  }
}
