// Finds test files without a glob package (Node 20 has no fs.glob).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file ending in `suffix` under the given folders (or the files themselves), sorted. */
export function findTestFiles(roots: readonly string[], suffix = '.test.ts'): string[] {
  const files: string[] = [];
  for (const root of roots) {
    const abs = path.resolve(root);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      continue; // a stage whose folder does not exist yet has no tests
    }
    if (stat.isFile()) files.push(abs);
    else {
      for (const rel of readdirSync(abs, { recursive: true, encoding: 'utf8' })) {
        if (rel.endsWith(suffix) && !rel.split(path.sep).includes('node_modules')) files.push(path.join(abs, rel));
      }
    }
  }
  return [...new Set(files)].sort();
}
