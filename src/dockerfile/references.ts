/**
 * The image references in a Dockerfile, for the hover on `FROM` lines. Built on `dockerfile-ast` (a real Dockerfile
 * parser: continuation lines, comments inside them, the `# escape=` directive, heredocs, CRLF, any keyword case), with
 * Docker's own rules for what a `FROM` can see:
 *
 * - `FROM [--platform=…] <image> [AS <name>]`: the image, its stage name and platform.
 * - `COPY --from=<image|stage|index>` and `RUN --mount=…,from=<image|stage>`: images used by a stage.
 * - Variables: a `FROM` sees only the `ARG`s declared before the first `FROM` (with their defaults, which may use earlier
 *   ARGs). `COPY`/`RUN` flags see the stage's own `ARG`s (a bare `ARG NAME` inherits the global default) and `ENV`s.
 *   Supported forms: `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`,
 *   `${NAME:?msg}`, `${NAME?msg}`; quotes and the escape character as the shell lexer treats them.
 *   A variable with no value (an `ARG` without default, an automatic platform ARG such as `$TARGETARCH`, or a name never
 *   declared) leaves the reference `unresolved`: its value is only known at build time, so no lookup is made.
 * - A reference to an earlier stage (by name, case-insensitively, or for `COPY --from` by index) has
 *   `isStageReference: true`: not an image, no lookup. `FROM scratch` is not an image and is not reported.
 *
 * Positions are zero-based lines and UTF-16 characters of `text` (what VS Code uses), `end` exclusive.
 * `findImageReferences` never throws: for input the parser cannot make sense of it returns what it found (maybe []).
 * Pure functions, no `vscode` import.
 */

import { Arg, Copy, DockerfileParser, Env, From, type Instruction, Run } from 'dockerfile-ast';

import {
  MAX_EXPANSION_LENGTH,
  UNRESOLVED_REASONS,
  type ImageReferenceInDockerfile,
  type TextPosition,
  type TextRange,
} from './referenceModel';

export type { ImageReferenceInDockerfile, TextPosition, TextRange } from './referenceModel';
export { referenceAt } from './referenceModel';

type Binding =
  | { readonly kind: 'value'; readonly value: string }
  /** Declared without a value: set only by `--build-arg` at build time. */
  | { readonly kind: 'unset' }
  /** Its value depends on variables that are unresolved. */
  | { readonly kind: 'unknown'; readonly unresolved: readonly string[] };

type Scope = ReadonlyMap<string, Binding>;

/** ARGs BuildKit defines in the global scope; their values depend on the build machine and the target. */
const AUTOMATIC_PLATFORM_ARGS = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
];

/** Deeper `${A:-${B:-…}}` nesting than this is reported as unresolved rather than followed. */
const MAX_NESTING = 16;
export { MAX_EXPANSION_LENGTH };
const TOO_LONG = UNRESOLVED_REASONS.tooLong;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

interface Expansion {
  readonly text: string;
  /** Variable names (or syntax) that could not be resolved, in order of appearance, without duplicates. */
  readonly unresolved: readonly string[];
}

/**
 * Word expansion as BuildKit's shell lexer does it for instruction arguments: quote removal, the escape character, and
 * the parameter expansions listed at the top of this file.
 */
class WordExpander {
  private pos = 0;
  private readonly unresolved: string[] = [];
  /** Set when nesting went too deep: the rest of the source was skipped, so no `}` is missing. */
  private abandoned = false;

  private constructor(
    private readonly source: string,
    private readonly scope: Scope,
    private readonly escapeChar: string,
  ) {}

  static expand(source: string, scope: Scope, escapeChar: string): Expansion {
    const expander = new WordExpander(source, scope, escapeChar);
    const text = expander.word(false, 0);
    return { text, unresolved: [...new Set(expander.unresolved)] };
  }

  /** Reads to the end of the source or, when `nested`, to the unmatched `}` (consumed). */
  private word(nested: boolean, depth: number): string {
    const s = this.source;
    let out = '';
    let quote: '"' | "'" | undefined;
    while (this.pos < s.length) {
      if (out.length > MAX_EXPANSION_LENGTH) {
        // Stop here: what was read so far is returned cut, and the reference is unresolved.
        this.pos = s.length;
        this.abandoned = true;
        this.unresolved.push(TOO_LONG);
        return out.slice(0, MAX_EXPANSION_LENGTH);
      }
      const c = s[this.pos];
      if (quote === "'") {
        if (c === "'") quote = undefined;
        else out += c;
        this.pos++;
      } else if (c === this.escapeChar && this.pos + 1 < s.length) {
        // Inside double quotes the escape character only escapes `"`, `$` and itself.
        const next = s[this.pos + 1];
        const escapes = quote === undefined || next === '"' || next === '$' || next === this.escapeChar;
        out += escapes ? next : c + next;
        this.pos += 2;
      } else if (c === '"' || (c === "'" && quote === undefined)) {
        quote = quote === undefined ? c : undefined;
        this.pos++;
      } else if (c === '}' && nested && quote === undefined) {
        this.pos++;
        return out;
      } else if (c === '$') {
        out += this.variable(depth);
      } else {
        out += c;
        this.pos++;
      }
    }
    if (nested && !this.abandoned) this.unresolved.push(UNRESOLVED_REASONS.unterminated);
    if (out.length > MAX_EXPANSION_LENGTH) {
      this.abandoned = true;
      this.unresolved.push(TOO_LONG);
      return out.slice(0, MAX_EXPANSION_LENGTH);
    }
    return out;
  }

  /** At a `$`: expands `$NAME` or `${…}` and returns the text it stands for. */
  private variable(depth: number): string {
    const s = this.source;
    const start = this.pos;
    this.pos++; // '$'
    if (s[this.pos] !== '{') {
      const name = this.name();
      return name ? this.lookup(name, s.slice(start, this.pos)) : '$';
    }
    this.pos++; // '{'
    const name = this.name();
    if (!name) {
      this.skipBraces();
      return this.syntax(start);
    }
    if (s[this.pos] === '}') {
      this.pos++;
      return this.lookup(name, s.slice(start, this.pos));
    }
    const colon = s[this.pos] === ':';
    const operator = s[this.pos + (colon ? 1 : 0)];
    if (operator !== '-' && operator !== '+' && operator !== '?') {
      this.skipBraces();
      return this.syntax(start);
    }
    this.pos += colon ? 2 : 1;
    if (depth >= MAX_NESTING) {
      this.pos = s.length;
      this.abandoned = true;
      this.unresolved.push(UNRESOLVED_REASONS.tooDeep);
      return s.slice(start);
    }
    // The word is expanded whether it is used or not; its unresolved names count only when it is used.
    const mark = this.unresolved.length;
    const word = this.word(true, depth + 1);
    const wordUnresolved = this.unresolved.splice(mark);
    const written = s.slice(start, this.pos);
    const useWord = (): string => {
      this.unresolved.push(...wordUnresolved);
      return word;
    };

    const binding = this.binding(name);
    if (binding.kind === 'unknown') {
      this.unresolved.push(...binding.unresolved);
      return written;
    }
    const isSet = binding.kind === 'value' && (!colon || binding.value !== '');
    switch (operator) {
      case '-':
        return isSet && binding.kind === 'value' ? binding.value : useWord();
      case '+':
        return isSet ? useWord() : '';
      default: // '?': the build fails unless the variable is set
        if (isSet && binding.kind === 'value') return binding.value;
        this.unresolved.push(name);
        return written;
    }
  }

  private name(): string {
    const s = this.source;
    const start = this.pos;
    if (this.pos < s.length && NAME_START.test(s[this.pos])) {
      this.pos++;
      while (this.pos < s.length && NAME_CHAR.test(s[this.pos])) this.pos++;
    }
    return s.slice(start, this.pos);
  }

  /** Skips to just after the `}` that closes the current `${`, or to the end. */
  private skipBraces(): void {
    let open = 1;
    while (this.pos < this.source.length && open > 0) {
      const c = this.source[this.pos++];
      if (c === '{') open++;
      else if (c === '}') open--;
    }
  }

  /** Unsupported or malformed `${…}`: left as written and reported. */
  private syntax(start: number): string {
    const written = this.source.slice(start, this.pos);
    this.unresolved.push(written.length > 40 ? `${written.slice(0, 39)}…` : written);
    return written;
  }

  private binding(name: string): Binding {
    return this.scope.get(name) ?? { kind: 'unset' };
  }

  private lookup(name: string, written: string): string {
    const binding = this.binding(name);
    if (binding.kind === 'value') return binding.value;
    this.unresolved.push(...(binding.kind === 'unknown' ? binding.unresolved : [name]));
    return written;
  }
}

function bindingOf(expansion: Expansion): Binding {
  return expansion.unresolved.length === 0
    ? { kind: 'value', value: expansion.text }
    : { kind: 'unknown', unresolved: expansion.unresolved };
}

function rangeOf(range: { start: TextPosition; end: TextPosition }): TextRange {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

/** Walks the instructions in order, keeping the global and the current stage's variables and the stage names. */
class ReferenceCollector {
  readonly references: ImageReferenceInDockerfile[] = [];
  private readonly globalScope = new Map<string, Binding>(AUTOMATIC_PLATFORM_ARGS.map((n) => [n, { kind: 'unset' }]));
  /** Undefined before the first FROM. */
  private stageScope: Map<string, Binding> | undefined;
  /** Lowercased names of the stages so far (undefined for unnamed ones), by index. */
  private readonly stages: (string | undefined)[] = [];

  constructor(private readonly escapeChar: string) {}

  add(instruction: Instruction): void {
    if (instruction instanceof From) this.from(instruction);
    else if (instruction instanceof Arg) this.arg(instruction);
    else if (instruction instanceof Env) this.env(instruction);
    else if (instruction instanceof Copy) this.copy(instruction);
    else if (instruction instanceof Run) this.run(instruction);
  }

  private expand(text: string, scope: Scope): Expansion {
    return WordExpander.expand(text, scope, this.escapeChar);
  }

  private get currentScope(): Map<string, Binding> {
    return this.stageScope ?? this.globalScope;
  }

  private arg(instruction: Arg): void {
    const scope = this.currentScope;
    for (const property of instruction.getProperties()) {
      const name = property.getName();
      if (!name) continue;
      const raw = property.getUnescapedValue();
      if (raw !== null) scope.set(name, bindingOf(this.expand(raw, scope)));
      else if (scope === this.globalScope) scope.set(name, { kind: 'unset' });
      else scope.set(name, this.globalScope.get(name) ?? { kind: 'unset' });
    }
  }

  private env(instruction: Env): void {
    if (!this.stageScope) return; // ENV before FROM is a build error; it does not reach FROM lines.
    for (const property of instruction.getProperties()) {
      const name = property.getName();
      const raw = property.getUnescapedValue();
      if (name && raw !== null) this.stageScope.set(name, bindingOf(this.expand(raw, this.stageScope)));
    }
  }

  private from(instruction: From): void {
    const args = instruction.getArguments();
    const stageName = args.length >= 3 && args[1].getValue().toLowerCase() === 'as' ? args[2].getValue() : undefined;
    const imageArg = args[0];
    if (imageArg) {
      const expansion = this.expand(imageArg.getValue(), this.globalScope);
      const platformFlag = instruction.getFlags().find((f) => f.getName() === 'platform');
      const platformText = platformFlag?.getValue() ?? undefined;
      const platform =
        platformText === undefined ? undefined : (this.resolvedOr(platformText, this.globalScope) ?? platformText);
      if (expansion.unresolved.length > 0 || expansion.text.toLowerCase() !== 'scratch') {
        this.references.push({
          image: expansion.text,
          range: rangeOf(imageArg.getRange()),
          instruction: 'FROM',
          ...(stageName !== undefined ? { stageName } : {}),
          ...(platform !== undefined ? { platform } : {}),
          ...this.unresolvedField(expansion),
          isStageReference: expansion.unresolved.length === 0 && this.isStageName(expansion.text),
        });
      }
    }
    this.stages.push(stageName?.toLowerCase());
    this.stageScope = new Map();
  }

  private copy(instruction: Copy): void {
    for (const flag of instruction.getFlags()) {
      const value = flag.getValue();
      const range = flag.getValueRange();
      if (flag.getName() === 'from' && value !== null && range !== null) this.fromFlag('COPY', value, range, true);
    }
  }

  private run(instruction: Run): void {
    for (const flag of instruction.getFlags()) {
      if (flag.getName() !== 'mount') continue;
      for (const option of flag.getOptions()) {
        const value = option.getValue();
        const range = option.getValueRange();
        if (option.getName() === 'from' && value !== null && range !== null) this.fromFlag('RUN', value, range, false);
      }
    }
  }

  private fromFlag(
    instruction: 'COPY' | 'RUN',
    value: string,
    range: { start: TextPosition; end: TextPosition },
    allowIndex: boolean,
  ): void {
    if (value.length === 0) return;
    const expansion = this.expand(value, this.currentScope);
    const resolved = expansion.unresolved.length === 0;
    const isIndex = allowIndex && /^\d+$/.test(expansion.text) && Number(expansion.text) < this.stages.length;
    this.references.push({
      image: expansion.text,
      range: rangeOf(range),
      instruction,
      ...this.unresolvedField(expansion),
      isStageReference: resolved && (isIndex || this.isStageName(expansion.text)),
    });
  }

  private isStageName(text: string): boolean {
    return this.stages.includes(text.toLowerCase());
  }

  /** The expanded text when every variable in it resolved; otherwise undefined. */
  private resolvedOr(text: string, scope: Scope): string | undefined {
    const expansion = this.expand(text, scope);
    return expansion.unresolved.length === 0 ? expansion.text : undefined;
  }

  private unresolvedField(expansion: Expansion): { unresolved?: string } {
    return expansion.unresolved.length > 0 ? { unresolved: expansion.unresolved.join(', ') } : {};
  }
}

/** Every image reference in a Dockerfile, in file order. Never throws. */
export function findImageReferences(text: string): ImageReferenceInDockerfile[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  let collector: ReferenceCollector | undefined;
  try {
    const dockerfile = DockerfileParser.parse(text);
    collector = new ReferenceCollector(dockerfile.getEscapeCharacter());
    for (const instruction of dockerfile.getInstructions()) collector.add(instruction);
    return collector.references;
  } catch {
    // A parser failure on some odd input must not break the hover: keep what was found before it.
    return collector?.references ?? [];
  }
}
