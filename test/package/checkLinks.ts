// The packaged-Markdown link check (a check of `npm test`'s static stage):
//   node --import tsx test/package/checkLinks.ts
// The package's file list comes from `vsce ls --no-dependencies` (the same .vscodeignore rules `npm run package`
// applies); every Markdown file in it is checked (see test/support/packageLinks.ts). Exit code 1 on a broken link.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brokenLinks } from '../support/packageLinks';

const root = path.resolve(__dirname, '..', '..');

function packagedFiles(): Set<string> {
  const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
  const out = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  return new Set(
    out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

function repositoryUrl(): string | undefined {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    repository?: string | { url?: string };
  };
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return url?.replace(/\.git$/, '');
}

function main(): number {
  const packaged = packagedFiles();
  const files = new Map<string, string>();
  for (const file of packaged) {
    if (file.endsWith('.md')) files.set(file, readFileSync(path.join(root, file), 'utf8'));
  }
  if (!files.has('README.md')) {
    console.log('README.md is not in the package');
    return 1;
  }
  const problems = brokenLinks({
    packaged,
    files,
    repository: repositoryUrl(),
    existsInRepository: (p) => existsSync(path.join(root, p)),
  });
  console.log(`checked the links of ${files.size} packaged Markdown files: ${[...files.keys()].join(', ')}`);
  for (const p of problems) console.log(`  ✘ ${p}`);
  console.log(problems.length === 0 ? '  ✔ every link resolves' : `  ${problems.length} broken links`);
  return problems.length === 0 ? 0 : 1;
}

process.exit(main());
