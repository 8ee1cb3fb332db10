/**
 * The tags and the schema YAML documents are read with (documents.ts): CloudFormation's short-form functions
 * (`!Sub`, `!Ref`, `!GetAtt`, …) as custom tags, so they parse and the node keeps its tag; `!!binary` as text; and one
 * schema shared by the documents of a stream. Pure.
 */
import { Schema, type CollectionTag, type ScalarTag } from 'yaml';

/** CloudFormation short-form functions: each may be written on a scalar, a sequence or a mapping. */
// l10n-ignore: CloudFormation function names
const CLOUDFORMATION_TAGS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'If',
  'Select',
  'Split',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Base64',
  'Cidr',
  'Equals',
  'And',
  'Or',
  'Not',
  'Condition',
  'Transform',
  'ToJsonString',
  'Length',
  'ForEach',
];

/**
 * `!!binary` keeps its text. `yaml` decodes it with `Buffer` in its Node build and with `atob` in the build the
 * extension bundles (esbuild.mjs says why), which fails on text that is not base64, and a document with an error is
 * skipped: with this tag both read the same, and nothing here wants the bytes.
 */
const BINARY: ScalarTag = { tag: 'tag:yaml.org,2002:binary', resolve: (value: string) => value };

export const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = [
  BINARY,
  ...CLOUDFORMATION_TAGS.flatMap((name) => {
    const tag = `!${name}`;
    return [
      { tag, resolve: (value: string) => value } satisfies ScalarTag,
      { tag, collection: 'seq' } as CollectionTag,
      { tag, collection: 'map' } as CollectionTag,
    ];
  }),
];

/**
 * One schema for every document of a stream. Without it, `yaml` builds a schema per document, merging our 64 custom
 * tags into the core ones one array copy and one `includes` at a time: 11 % of the time of a 1 MB manifest of 2,800
 * documents. The schema is what `yaml` would build for a YAML 1.2 document with these options (`core`, known tags
 * resolved, merge keys, our tags); a stream with a `%YAML` directive may ask for 1.1's schema, so it keeps the
 * per-document one. Built per stream, not per module: `yaml` may add a known tag (`!!binary`, …) to a schema it uses.
 *
 * Our tags are only ever used for a value written with a tag, which needs a `!`: a text without one gets the core
 * tags alone. `yaml` tries each tag of the schema in turn on every plain value to find its type, and with ours that
 * is 76 tries instead of 12 (10 % of the time of that manifest).
 */
export function sharedSchema(text: string): { schema?: Schema } {
  if (text.includes('%YAML')) return {};
  const customTags = text.includes('!') ? CUSTOM_TAGS : [];
  return { schema: new Schema({ schema: 'core', resolveKnownTags: true, merge: true, customTags }) };
}
