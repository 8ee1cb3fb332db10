/**
 * Links of the Markdown files a package ships (README.md is the Marketplace page and the extension's details page;
 * CHANGELOG.md its Changelog tab; the walkthrough's step media): every relative link and image must name a file
 * inside the package, every `#anchor` a heading of its file, and every link into the project's own repository a file
 * that exists in it. Links are read with markdown-it (code spans and code blocks hold no links), plus the `src` and
 * `href` of inline HTML.
 */
import MarkdownIt from 'markdown-it';
import path from 'node:path';

export interface MarkdownLink {
  readonly kind: 'link' | 'image';
  readonly target: string;
  readonly line: number;
}

const md = new MarkdownIt('commonmark', { html: true }).enable(['table', 'strikethrough']);

/** Every link and image of a Markdown text, with its (1-based) line. */
export function markdownLinks(text: string): MarkdownLink[] {
  const found: MarkdownLink[] = [];
  const html = (content: string, line: number) => {
    for (const m of content.matchAll(/<(img|a|source)\b[^>]*?\s(src|href|srcset)\s*=\s*["']([^"']+)["']/gi)) {
      found.push({ kind: m[1]?.toLowerCase() === 'a' ? 'link' : 'image', target: m[3] as string, line });
    }
  };
  const visit = (tokens: ReturnType<typeof md.parse>, line: number) => {
    for (const t of tokens) {
      const at = t.map ? t.map[0] + 1 : line;
      if (t.type === 'link_open') found.push({ kind: 'link', target: t.attrGet('href') ?? '', line: at });
      else if (t.type === 'image') found.push({ kind: 'image', target: t.attrGet('src') ?? '', line: at });
      else if (t.type === 'html_inline' || t.type === 'html_block') html(t.content, at);
      if (t.children) visit(t.children, at);
    }
  };
  visit(md.parse(text, {}), 1);
  return found;
}

/** GitHub's heading anchors (what the Marketplace and VS Code's details page use too): `## Dockerfile hover` → `dockerfile-hover`. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const tokens = md.parse(text, {});
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const inline = tokens[i + 1];
    const title = (inline?.children ?? [])
      .filter((c) => c.type === 'text' || c.type === 'code_inline')
      .map((c) => c.content)
      .join('');
    const slug = title
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  });
  return anchors;
}

export interface LinkCheckInput {
  /** Paths inside the package, `/`-separated, relative to its root (what `vsce ls` prints). */
  readonly packaged: ReadonlySet<string>;
  /** The Markdown files to check: package path → text. */
  readonly files: ReadonlyMap<string, string>;
  /** `https://host/owner/repo` of package.json's `repository`, without `.git`. */
  readonly repository?: string;
  /** Whether a path exists in the repository (for links into it). */
  readonly existsInRepository?: (repoPath: string) => boolean;
}

/** One line per broken link: `README.md:238: ARCHITECTURE.md is not in the package`. */
export function brokenLinks(input: LinkCheckInput): string[] {
  const problems: string[] = [];
  for (const [file, text] of input.files) {
    const anchors = headingAnchors(text);
    for (const link of markdownLinks(text)) {
      const where = `${file}:${link.line}`;
      const target = link.target.trim();
      if (target === '') {
        problems.push(`${where}: an empty ${link.kind} target`);
        continue;
      }
      if (target.startsWith('#')) {
        if (!anchors.has(decodeURIComponent(target.slice(1)))) problems.push(`${where}: no heading for ${target}`);
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
        const repo = input.repository;
        if (repo && input.existsInRepository && target.startsWith(`${repo}/`)) {
          const m = /^\/(?:blob|tree|raw)\/[^/]+\/([^#?]+)/.exec(target.slice(repo.length));
          if (!m) problems.push(`${where}: ${target} is a repository link without /blob/<branch>/<path>`);
          else if (!input.existsInRepository(decodeURIComponent(m[1] as string))) {
            problems.push(`${where}: ${target} names a file the repository does not have`);
          }
        }
        continue;
      }
      const [pathPart, fragment] = target.split('#', 2) as [string, string | undefined];
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart)));
      if (resolved.startsWith('../') || path.posix.isAbsolute(resolved)) {
        problems.push(`${where}: ${target} points outside the package`);
      } else if (!input.packaged.has(resolved)) {
        problems.push(`${where}: ${target} is not in the package (${resolved})`);
      } else if (fragment && resolved.endsWith('.md') && input.files.has(resolved)) {
        if (!headingAnchors(input.files.get(resolved) as string).has(fragment)) {
          problems.push(`${where}: ${resolved} has no heading for #${fragment}`);
        }
      }
    }
  }
  return problems;
}
