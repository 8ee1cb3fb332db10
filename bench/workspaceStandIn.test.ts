/**
 * The workspace scan figures' file search: VS Code's glob syntax as the stand-in's `findFiles` matches it. A glob
 * matched wrongly would change which files the scan reads, and so what the figure measures.
 */
import assert from 'node:assert/strict';
import { CANDIDATE_GLOB } from '../src/references/workspaceFiles';
import { globToRegExp, plainNames } from './workspaceStandIn';

describe('bench workspace stand-in: globs', () => {
  it('the scan glob takes candidate names at any depth, dot folders included, and nothing else', () => {
    const re = globToRegExp(CANDIDATE_GLOB);
    for (const yes of [
      'a.yaml',
      'deploy/k8s/web.yml',
      '.github/workflows/ci.yml',
      'svc/Dockerfile',
      'svc/Dockerfile.dev',
      'svc/worker.Dockerfile',
      'Containerfile',
      'infra/main.tf',
      'taskdef.json',
    ]) {
      assert.ok(re.test(yes), yes);
    }
    for (const no of ['main.ts', 'docs/yaml.md', 'a.yaml.bak', 'x.tfvars', 'svc/MyDockerfile']) {
      assert.ok(!re.test(no), no);
    }
  });

  it('excludes: a `**/name/**` takes the folder and what is below it; anchored patterns only at the top', () => {
    const re = globToRegExp('{**/node_modules/**,**/.git/**,dist/**,**/*.log}');
    for (const yes of [
      'node_modules/x/package.json',
      'a/node_modules/b.yaml',
      '.git/objects/ab/cd',
      'dist',
      'dist/a.yaml',
      'a/b.log',
    ]) {
      assert.ok(re.test(yes), yes);
    }
    for (const no of ['src/dist/a.yaml', 'node_modules.yaml', 'a/.gitignore', 'logs/a.txt']) {
      assert.ok(!re.test(no), no);
    }
    // What the walk asks of a folder before entering it.
    assert.ok(re.test('a/node_modules/-'));
    assert.ok(!re.test('src/-'));
  });

  it('`?`, character classes and special characters', () => {
    assert.ok(globToRegExp('a?c.[jt]s').test('abc.ts'));
    assert.ok(!globToRegExp('a?c.[jt]s').test('a/c.ts'));
    assert.ok(!globToRegExp('a?c.[!jt]s').test('abc.ts'));
    assert.ok(globToRegExp('(x)+.yaml').test('(x)+.yaml'));
    assert.ok(!globToRegExp('a.yaml').test('abyaml'));
  });

  it('a brace list of plain names is looked up by name; a list with a glob is searched', () => {
    assert.deepEqual(plainNames('{a/b.yaml,c/Dockerfile}'), ['a/b.yaml', 'c/Dockerfile']);
    assert.deepEqual(plainNames('a/b.yaml'), ['a/b.yaml']);
    assert.equal(plainNames('{a/*.yaml,b.yaml}'), undefined);
    assert.equal(plainNames('**/x.yaml'), undefined);
  });
});
