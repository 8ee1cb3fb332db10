/**
 * Which files may hold image references, from their name, language and a cheap look at their text, without any
 * parser: the hover, the CodeLens and the workspace scan ask this before loading dist/references.js or reading a file.
 *
 * - by name: `.github/workflows/*.y*ml` and `action.y*ml` (GitHub Actions), `compose*.y*ml` / `docker-compose*.y*ml` (Docker Compose),
 *   `kustomization.y*ml` (Kustomize), `values*.y*ml` (Helm values), `imagedefinitions.json` / `imageDetail.json`,
 *   `*.tf` (Terraform);
 * - by content, for other `.yaml` / `.yml` / `.json` files: words a Kubernetes object, CloudFormation template or ECS
 *   task definition must contain; the parser decides.
 * - never: files over `MAX_FILE_CHARS` (1 MB), and text with a NUL character in its first 8 KB (binary).
 *
 * Pure.
 */

export const MAX_FILE_CHARS = 1_000_000;

export type FileFormat =
  'workflow' | 'compose' | 'kustomize' | 'helmValues' | 'imageDefinitions' | 'terraform' | 'yaml' | 'json';

function baseName(filePath: string): string {
  const normal = filePath.replace(/\\/g, '/');
  return normal.slice(normal.lastIndexOf('/') + 1).toLowerCase();
}

const YAML = /\.ya?ml$/;
/** Files that are JSON but never hold image references (and are many in a workspace). */
const NOT_CANDIDATES =
  /^(package(-lock)?\.json|tsconfig.*\.json|jsconfig.*\.json|composer\.(json|lock)|\.eslintrc.*|.*\.schema\.json|.*\.map)$/;

/** How a file is read, from its path alone; undefined for files never read. */
export function fileFormat(filePath: string): FileFormat | undefined {
  const normal = filePath.replace(/\\/g, '/').toLowerCase();
  const name = baseName(filePath);
  if (name.endsWith('.tf')) return 'terraform';
  if (YAML.test(name)) {
    if (/(^|\/)\.github\/workflows\/[^/]+$/.test(normal)) return 'workflow';
    if (/^action\.ya?ml$/.test(name)) return 'workflow';
    if (/^(docker-)?compose[^/]*\.ya?ml$/.test(name)) return 'compose';
    if (/^kustomization\.ya?ml$/.test(name)) return 'kustomize';
    if (/^values[^/]*\.ya?ml$/.test(name)) return 'helmValues';
    return 'yaml';
  }
  if (name.endsWith('.json')) {
    if (name === 'imagedefinitions.json' || name === 'imagedetail.json') return 'imageDefinitions';
    if (NOT_CANDIDATES.test(name) || normal.includes('/node_modules/')) return undefined;
    return 'json';
  }
  return undefined;
}

/** Whether the text is worth parsing at all: not too long, not binary. */
export function isReadableText(text: string): boolean {
  return text.length <= MAX_FILE_CHARS && !text.slice(0, 8192).includes('\u0000');
}

/** Words one of the content-detected kinds must contain (a cheap test before parsing). */
export function mayHoldReferences(format: FileFormat, text: string): boolean {
  switch (format) {
    case 'yaml':
      return (text.includes('apiVersion') && text.includes('kind')) || text.includes('Resources');
    case 'json':
      return (
        text.includes('containerDefinitions') ||
        text.includes('Resources') ||
        (text.includes('apiVersion') && text.includes('kind'))
      );
    case 'terraform':
      return text.includes('image');
    default:
      return true;
  }
}

/** The format an editor language implies, for documents whose name says nothing. */
export function formatOfLanguage(languageId: string): FileFormat | undefined {
  const byLanguage: Readonly<Record<string, FileFormat>> = {
    dockercompose: 'compose',
    yaml: 'yaml',
    json: 'json',
    jsonc: 'json',
    terraform: 'terraform',
    'github-actions-workflow': 'workflow',
    helm: 'yaml',
  };
  return Object.hasOwn(byLanguage, languageId) ? byLanguage[languageId] : undefined;
}
