/**
 * Docker Compose files (`compose.yaml`, `docker-compose.override.yml`, …): `services.<name>.image`, with the
 * interpolation compose applies: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}` and `$$` for a literal `$`, with values from the `.env` file beside the
 * compose file (read by the caller and passed in as `environment`). A variable that `.env` does not set and that has
 * no default is unresolved (compose would take it from the shell that runs it, which the editor does not know):
 * the reference says which, and no lookup is made. `x-` extension fields and `<<: *anchor` merges are followed.
 *
 * `parseDotEnv` reads `.env` as compose does: `KEY=value`, `export KEY=value`, `#` comments, single quotes literal,
 * double quotes with `\n`-style escapes, unquoted values up to an inline ` #`. Pure.
 */
import * as l10n from '@vscode/l10n';
import { entries, get, type TreeNode } from './documents';
import { isImageScalar, makeReference, type ExtractInput } from './common';
import type { ImageReference } from './model';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_ENV_ENTRIES = 10_000;

export function parseDotEnv(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    if (env.size >= MAX_ENV_ENTRIES) break;
    let line = rawLine.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice('export '.length).trimStart();
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!NAME.test(key) || NAME.exec(key)![0] !== key) continue;
    let value = line.slice(eq + 1).trim();
    if (value.startsWith("'")) {
      const end = value.indexOf("'", 1);
      value = end > 0 ? value.slice(1, end) : value.slice(1);
    } else if (value.startsWith('"')) {
      let out = '';
      let i = 1;
      for (; i < value.length && value[i] !== '"'; i++) {
        if (value[i] === '\\' && i + 1 < value.length) {
          const next = value[++i]!;
          out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        } else out += value[i];
      }
      value = out;
    } else {
      const comment = value.search(/\s#/);
      if (comment >= 0) value = value.slice(0, comment).trimEnd();
    }
    env.set(key, value);
  }
  return env;
}

interface Interpolated {
  readonly text: string;
  readonly unresolved: readonly string[];
}

/** Compose interpolation of one value (see the top of the file). Linear in the length of the text. */
export function interpolate(source: string, env: ReadonlyMap<string, string>, depth = 0): Interpolated {
  let text = '';
  const unresolved: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c !== '$') {
      text += c;
      i++;
      continue;
    }
    const next = source[i + 1];
    if (next === '$') {
      text += '$';
      i += 2;
      continue;
    }
    if (next !== '{') {
      const name = NAME.exec(source.slice(i + 1, i + 257))?.[0];
      if (!name) {
        text += '$';
        i++;
        continue;
      }
      const value = env.get(name);
      if (value === undefined) unresolved.push(name);
      text += value ?? '${' + name + '}';
      i += 1 + name.length;
      continue;
    }
    // ${…}: find the matching brace (nested ${…} in defaults are allowed).
    let level = 0;
    let end = -1;
    for (let j = i + 1; j < source.length; j++) {
      if (source[j] === '{') level++;
      else if (source[j] === '}' && --level === 0) {
        end = j;
        break;
      }
    }
    if (end < 0) {
      unresolved.push(source.slice(i));
      text += source.slice(i);
      break;
    }
    const body = source.slice(i + 2, end);
    const name = NAME.exec(body)?.[0];
    i = end + 1;
    if (!name) {
      unresolved.push('${' + body + '}');
      text += '${' + body + '}';
      continue;
    }
    const op = body.slice(name.length);
    const value = env.get(name);
    const word = (w: string): string => {
      if (depth > 8) {
        unresolved.push(w);
        return w;
      }
      const inner = interpolate(w, env, depth + 1);
      unresolved.push(...inner.unresolved);
      return inner.text;
    };
    if (op === '') {
      if (value === undefined) unresolved.push(name);
      text += value ?? '${' + name + '}';
    } else if (op.startsWith(':-')) text += value !== undefined && value !== '' ? value : word(op.slice(2));
    else if (op.startsWith('-')) text += value !== undefined ? value : word(op.slice(1));
    else if (op.startsWith(':+')) text += value !== undefined && value !== '' ? word(op.slice(2)) : '';
    else if (op.startsWith('+')) text += value !== undefined ? word(op.slice(1)) : '';
    else if (op.startsWith(':?') || op.startsWith('?')) {
      const missing = op.startsWith(':?') ? value === undefined || value === '' : value === undefined;
      if (missing) unresolved.push(name);
      text += value ?? '${' + name + '}';
    } else {
      unresolved.push('${' + body + '}');
      text += '${' + body + '}';
    }
  }
  return { text, unresolved: [...new Set(unresolved)] };
}

export function extractCompose(
  input: ExtractInput,
  documents: readonly TreeNode[],
  environment: ReadonlyMap<string, string> = new Map(),
): ImageReference[] {
  const out: ImageReference[] = [];
  for (const doc of documents) {
    for (const { key, value: service } of entries(get(doc, 'services'))) {
      const image = get(service, 'image');
      if (!isImageScalar(image)) continue;
      const context = `services.${key}`;
      if (!image.text.includes('$')) {
        out.push(makeReference(input, { fileKind: 'compose', node: image, context }));
        continue;
      }
      const result = interpolate(image.text, environment);
      const unresolved =
        result.unresolved.length === 0
          ? undefined
          : result.unresolved.length === 1
            ? l10n.t(
                '{0} is not set in the .env file beside it and has no default (compose would take it from the shell)',
                result.unresolved.join(', '),
              )
            : l10n.t(
                '{0} are not set in the .env file beside it and has no default (compose would take it from the shell)',
                result.unresolved.join(', '),
              );
      out.push(
        makeReference(input, {
          fileKind: 'compose',
          node: image,
          context,
          image: result.text,
          ...(unresolved ? { unresolved } : {}),
        }),
      );
    }
  }
  return out;
}
