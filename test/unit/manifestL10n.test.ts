/**
 * Localization of the manifest: every string VS Code shows from package.json (names, command titles and categories,
 * view names and welcome contents, setting descriptions, walkthrough text, the Restricted Mode note) is a `%key%`
 * placeholder whose English text is in package.nls.json, and every placeholder has its text. A literal added to one
 * of these fields fails here, so a translation (package.nls.<locale>.json) can cover the whole manifest.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

/** Fields whose string values VS Code shows to users (in `contributes`, plus the top-level ones listed below). */
const SHOWN_FIELDS = new Set([
  'title',
  'category',
  'name',
  'contextualTitle',
  'contents',
  'description',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'shortTitle',
  'altText',
]);

/** Every user-visible string in `value` with its JSON path; `field` is the key it hangs under. */
function* shown(value: unknown, where: string, field: string | undefined): Generator<[string, string]> {
  if (typeof value === 'string') {
    if (field !== undefined && SHOWN_FIELDS.has(field)) yield [where, value];
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* shown(v, `${where}[${i}]`, field);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // A settings object's `properties` are setting names, not a field; the `default` of a setting is data.
      if (k === 'default' || k === 'when' || k === 'enum') continue;
      yield* shown(v, `${where}.${k}`, k === 'properties' ? undefined : k);
    }
  }
}

function visibleStrings(): [string, string][] {
  const capabilities = manifest.capabilities as { untrustedWorkspaces: { description: string } };
  return [
    ['displayName', manifest.displayName as string],
    ['description', manifest.description as string],
    ['capabilities.untrustedWorkspaces.description', capabilities.untrustedWorkspaces.description],
    ...shown(manifest.contributes, 'contributes', undefined),
  ];
}

describe('manifest localization (package.nls.json)', () => {
  it('finds the user-visible strings it checks (the walk is not empty)', () => {
    const paths = visibleStrings().map(([where]) => where);
    // Spot checks that each kind of field is walked, so a change to the walk cannot make the test vacuous.
    for (const expected of [
      'contributes.commands[0].title',
      'contributes.commands[0].category',
      'contributes.views.imageFootprint[0].name',
      'contributes.viewsWelcome[0].contents',
      'contributes.configuration.properties.imageFootprint.profile.markdownDescription',
      'contributes.configuration.properties.imageFootprint.endpoints.properties.inspector2.description',
      'contributes.walkthroughs[0].steps[0].description',
    ]) {
      assert.ok(paths.includes(expected), expected);
    }
    assert.ok(paths.length > 60, `${paths.length} strings`);
  });

  it('makes every user-visible manifest string a %key% placeholder', () => {
    const literals = visibleStrings().filter(([, value]) => !/^%[^%\s]+%$/.test(value));
    assert.deepEqual(literals, [], 'literal strings in package.json: move them to package.nls.json');
  });

  it('has English text for every placeholder, and no unused key', () => {
    const keys = visibleStrings().map(([, value]) => value.slice(1, -1));
    for (const key of keys) {
      assert.equal(typeof nls[key], 'string', `package.nls.json lacks ${key}`);
      assert.ok((nls[key] as string).trim().length > 0, `${key} is empty`);
    }
    const used = new Set(keys);
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'keys in package.nls.json that package.json does not use',
    );
  });
});
