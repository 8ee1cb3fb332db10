/**
 * YAML and JSON read into one small tree with source offsets, so that every extractor walks the same shape whatever
 * the file was written in (a Kubernetes manifest may be JSON, a CloudFormation template YAML or JSON).
 *
 * - YAML: the `yaml` package (`parseAllDocuments` with a `LineCounter`-free offset model, `merge: true` so `<<: *base`
 *   keys are merged, aliases resolved to the anchored node). A document with errors is skipped, the others are read.
 *   CloudFormation's short-form tags (`!Sub`, `!Ref`, `!GetAtt`, …) are registered as custom tags, so they parse and
 *   the node keeps its tag (yamlTags.ts, with the schema every document of a stream shares). Unknown tags are kept as
 *   written.
 * - JSON: `jsonc-parser` (comments and trailing commas allowed, as in VS Code's own settings files).
 * - Helm templates: `{{ … }}` actions are blanked out with spaces of the same length before parsing (positions stay
 *   where they were), and a scalar that touched one is marked `templated`: it is reported as unresolved, never read as
 *   an image.
 *
 * Bounded: at most `MAX_NODES` nodes per file; aliases point at the already converted node (no copy), so a
 * "billion laughs" document stays as small as its text. Nothing here throws on bad input.
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { CUSTOM_TAGS, sharedSchema } from './yamlTags';

export interface ScalarNode {
  readonly type: 'scalar';
  /** The value as text: a quoted string's content, a plain scalar as written (`1.20` stays `1.20`). */
  readonly text: string;
  /** Offsets of the value in the file, quotes excluded when the value is quoted on one line. */
  readonly start: number;
  readonly end: number;
  readonly tag?: string;
  /** A Helm template action (`{{ … }}`) overlaps the value. */
  readonly templated?: true;
  /** `null`, `~` or an empty value. */
  readonly isNull?: true;
}

export interface MapNode {
  readonly type: 'map';
  readonly entries: readonly { readonly key: string; readonly value: TreeNode }[];
  readonly start: number;
  readonly end: number;
  readonly tag?: string;
}

export interface SeqNode {
  readonly type: 'seq';
  readonly items: readonly TreeNode[];
  readonly start: number;
  readonly end: number;
  readonly tag?: string;
}

export type TreeNode = ScalarNode | MapNode | SeqNode;

export const MAX_NODES = 500_000;

/** The value of `key` in a map (the last one wins, as in YAML loaders), or undefined. */
export function get(node: TreeNode | undefined, key: string): TreeNode | undefined {
  if (node?.type !== 'map') return undefined;
  let found: TreeNode | undefined;
  for (const entry of node.entries) if (entry.key === key) found = entry.value;
  return found;
}

export function getPath(node: TreeNode | undefined, ...keys: string[]): TreeNode | undefined {
  let current = node;
  for (const key of keys) current = get(current, key);
  return current;
}

export function items(node: TreeNode | undefined): readonly TreeNode[] {
  return node?.type === 'seq' ? node.items : [];
}

export function entries(node: TreeNode | undefined): MapNode['entries'] {
  return node?.type === 'map' ? node.entries : [];
}

/** A scalar's text when it is a plain string value (no tag, not null). */
export function stringOf(node: TreeNode | undefined): string | undefined {
  return node?.type === 'scalar' && !node.isNull ? node.text : undefined;
}

/**
 * Blanks every `{{ … }}` (Helm/Go template action) with spaces, keeping line breaks, so the YAML around it keeps its
 * positions. Returns the masked text and the masked spans. Linear: one pass with `indexOf`.
 */
export function maskTemplates(text: string): { text: string; spans: [number, number][] } {
  const spans: [number, number][] = [];
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    const end = close < 0 ? text.length : close + 2;
    out += text.slice(from, open) + text.slice(open, end).replace(/[^\r\n]/g, ' ');
    spans.push([open, end]);
    from = end;
  }
  return { text: spans.length === 0 ? text : out + text.slice(from), spans };
}

function overlaps(spans: readonly [number, number][], start: number, end: number): boolean {
  // Spans are sorted: binary search for the first span ending after `start`.
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  const span = spans[lo];
  return span !== undefined && span[0] < Math.max(end, start + 1);
}

class Budget {
  remaining = MAX_NODES;
  take(): boolean {
    return this.remaining-- > 0;
  }
}

type Entry = { key: string; value: TreeNode };

class YamlConverter {
  /**
   * The converted node of each node, so a node reached again (through an alias, or a merge of a map that holds the
   * merging one) is not copied: the tree stays as small as the text, and a cycle stays a cycle. Only a document with an
   * alias can reach a node twice; one without keeps no map (in a large manifest, most of them).
   */
  private readonly memo: Map<YamlNode, TreeNode> | undefined;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly source: string,
    private readonly templateSpans: readonly [number, number][],
    private readonly budget: Budget,
    hasAliases: boolean,
  ) {
    this.memo = hasAliases ? new Map() : undefined;
  }

  convert(node: unknown, depth = 0): TreeNode | undefined {
    if (depth > 200 || !this.budget.take()) return undefined;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      return target ? this.convert(target, depth + 1) : undefined;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return undefined;
    const known = this.memo?.get(node);
    if (known) return known;
    if (isScalar(node)) return this.remember(node, this.scalar(node));
    const [start, end] = span(node.range);
    const tag = tagOf(node.tag);
    if (isSeq(node)) {
      const out: TreeNode[] = [];
      const seq: SeqNode = tag ? { type: 'seq', items: out, start, end, tag } : { type: 'seq', items: out, start, end };
      this.remember(node, seq);
      for (const item of node.items) {
        const converted = this.convert(item, depth + 1);
        if (converted) out.push(converted);
      }
      return seq;
    }
    const out: Entry[] = [];
    const map: MapNode = tag
      ? { type: 'map', entries: out, start, end, tag }
      : { type: 'map', entries: out, start, end };
    this.remember(node, map);
    this.mapEntries(node.items, out, depth, undefined);
    return map;
  }

  private remember<T extends TreeNode>(node: YamlNode, converted: T): T {
    this.memo?.set(node, converted);
    return converted;
  }

  /**
   * Entries with `<<` merges applied: a map's own keys win over merged ones, earlier merges over later ones. `out` is
   * empty on entry; the maps merged so far are in `seen` (made on the first merge: most maps have none).
   */
  private mapEntries(pairs: readonly unknown[], out: Entry[], depth: number, seen: Set<unknown> | undefined): void {
    let merged: Entry[] | undefined;
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      const keyValue = isScalar(key) ? key.value : undefined;
      if (typeof keyValue === 'symbol' || keyValue === '<<') {
        merged ??= [];
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const s of sources) {
          const target = isAlias(s) ? s.resolve(this.doc) : s;
          seen ??= new Set();
          if (isMap(target) && !seen.has(target) && depth < 200) {
            seen.add(target);
            const inner: Entry[] = [];
            this.mapEntries(target.items, inner, depth + 1, seen);
            merged.push(...inner);
          }
        }
        continue;
      }
      if (keyValue === undefined || keyValue === null || typeof keyValue === 'object') continue;
      const value = this.convert(pair.value, depth + 1) ?? emptyScalar(isScalar(key) ? (key.range?.[1] ?? 0) : 0);
      out.push({ key: String(keyValue), value });
    }
    if (merged === undefined || merged.length === 0) return;
    const own = out.splice(0);
    const ownKeys = new Set(own.map((e) => e.key));
    const mergedKeys = new Set<string>();
    for (const entry of merged) {
      if (ownKeys.has(entry.key) || mergedKeys.has(entry.key)) continue;
      mergedKeys.add(entry.key);
      out.push(entry);
    }
    out.push(...own);
  }

  private scalar(node: import('yaml').Scalar): ScalarNode {
    const [start, end] = node.range ?? [0, 0];
    const value = node.value;
    const isNull = value === null || value === undefined;
    let text: string;
    let valueStart = start;
    let valueEnd = end;
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
      text = typeof value === 'string' ? value : String(value);
      // The range covers the quotes; the reference is what is between them.
      if (end - start >= 2) {
        valueStart = start + 1;
        valueEnd = end - 1;
      }
    } else if (node.type === 'PLAIN') {
      text = typeof node.source === 'string' ? node.source : this.source.slice(start, end);
    } else {
      text = typeof value === 'string' ? value : String(value ?? '');
    }
    const templated = this.templateSpans.length > 0 && overlaps(this.templateSpans, start, end);
    const tag = tagOf(node.tag);
    if (!tag && !templated && !isNull) return { type: 'scalar', text, start: valueStart, end: valueEnd };
    return {
      type: 'scalar',
      text: isNull ? '' : text,
      start: valueStart,
      end: valueEnd,
      ...(tag ? { tag } : {}),
      ...(templated ? { templated: true as const } : {}),
      ...(isNull && !templated ? { isNull: true as const } : {}),
    };
  }
}

function span(range: readonly number[] | null | undefined): [number, number] {
  const start = range?.[0] ?? 0;
  return [start, range?.[1] ?? start];
}

/** Keeps explicit tags as written (`!Sub`), drops the core schema ones (`tag:yaml.org,2002:str`). */
function tagOf(tag: string | undefined): string | undefined {
  return tag && tag.startsWith('!') ? tag : undefined;
}

function emptyScalar(at: number): ScalarNode {
  return { type: 'scalar', text: '', start: at, end: at, isNull: true };
}

export interface ParsedYaml {
  /** The documents that parsed without errors; the others are left out. */
  readonly documents: readonly TreeNode[];
  /** How many documents had errors and were skipped. */
  readonly skipped: number;
  /** The text had `{{ … }}` template actions (blanked before parsing). */
  readonly templated: boolean;
}

/**
 * Every document of a YAML stream (see the top of this file). `templates`: blank Helm template actions first (not
 * for GitHub Actions workflows, whose `${{ … }}` expressions are plain YAML).
 */
export function parseYamlDocuments(text: string, options: { templates?: boolean } = {}): ParsedYaml {
  const masked = options.templates && text.includes('{{') ? maskTemplates(text) : { text, spans: [] };
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(masked.text, {
      merge: true,
      customTags: CUSTOM_TAGS,
      uniqueKeys: false,
      prettyErrors: false,
      strict: false,
      ...sharedSchema(masked.text),
    }) as Document.Parsed[];
  } catch {
    return { documents: [], skipped: 1, templated: masked.spans.length > 0 };
  }
  if (!Array.isArray(docs)) return { documents: [], skipped: 0, templated: false };
  const budget = new Budget();
  const documents: TreeNode[] = [];
  let skipped = 0;
  // Where the next `*` is at or after the document being read (an alias needs one): found once per stretch, in order.
  let star = -1;
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      skipped++;
      continue;
    }
    try {
      const [from, , to] = doc.range;
      if (star < from) {
        const at = masked.text.indexOf('*', from);
        star = at < 0 ? Infinity : at;
      }
      const converter = new YamlConverter(doc, masked.text, masked.spans, budget, star < to);
      const root = converter.convert(doc.contents);
      if (root) documents.push(root);
    } catch {
      skipped++;
    }
  }
  return { documents, skipped, templated: masked.spans.length > 0 };
}

/** A JSON (with comments) document, or undefined when it is not JSON at all. */
export function parseJsonDocument(text: string): TreeNode | undefined {
  const budget = new Budget();
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  return root ? convertJson(root, budget, 0) : undefined;
}

function convertJson(node: JsonNode, budget: Budget, depth: number): TreeNode | undefined {
  if (depth > 200 || !budget.take()) return undefined;
  switch (node.type) {
    case 'object': {
      const out: { key: string; value: TreeNode }[] = [];
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || typeof key.value !== 'string') continue;
        const converted = value ? convertJson(value, budget, depth + 1) : undefined;
        out.push({ key: key.value, value: converted ?? emptyScalar(key.offset + key.length) });
      }
      return { type: 'map', entries: out, start: node.offset, end: node.offset + node.length };
    }
    case 'array': {
      const out: TreeNode[] = [];
      for (const child of node.children ?? []) {
        const converted = convertJson(child, budget, depth + 1);
        if (converted) out.push(converted);
      }
      return { type: 'seq', items: out, start: node.offset, end: node.offset + node.length };
    }
    case 'string':
      // The node spans the quotes; the value is between them (escapes make the source longer than the value).
      return { type: 'scalar', text: String(node.value), start: node.offset + 1, end: node.offset + node.length - 1 };
    case 'null':
      return { type: 'scalar', text: '', start: node.offset, end: node.offset + node.length, isNull: true };
    default:
      return { type: 'scalar', text: String(node.value), start: node.offset, end: node.offset + node.length };
  }
}
