/**
 * The packaged-Markdown link check (test/support/packageLinks.ts, run by `npm test`'s static stage): what counts as a
 * link, and each kind of broken link it must report.
 */
import assert from 'node:assert/strict';
import { brokenLinks, headingAnchors, markdownLinks } from '../support/packageLinks';

const REPO = 'https://example.invalid/image-footprint';

function check(files: Record<string, string>, packaged: string[], inRepo: string[] = []): string[] {
  return brokenLinks({
    packaged: new Set(packaged),
    files: new Map(Object.entries(files)),
    repository: REPO,
    existsInRepository: (p) => inRepo.includes(p),
  });
}

describe('packaged Markdown link check', () => {
  it('reads links, images and inline HTML, but not code spans or code blocks', () => {
    const links = markdownLinks(
      [
        '# Title',
        '[a](docs/a.md) ![b](docs/b.png) `[c](not-a-link.md)`',
        '',
        '```',
        '[d](not-either.md)',
        '```',
        '<img src="docs/e.png" alt="e"> <a href="#title">f</a>',
        '[ref][g]',
        '',
        '[g]: docs/g.md',
      ].join('\n'),
    );
    assert.deepEqual(
      links.map((l) => [l.kind, l.target]),
      [
        ['link', 'docs/a.md'],
        ['image', 'docs/b.png'],
        ['image', 'docs/e.png'],
        ['link', '#title'],
        ['link', 'docs/g.md'],
      ],
    );
  });

  it('makes GitHub heading anchors', () => {
    assert.deepEqual(
      [
        ...headingAnchors(
          '# Image Footprint\n## Dockerfile hover\n### IAM permissions\n## `code` & more!\n## Dockerfile hover',
        ),
      ],
      ['image-footprint', 'dockerfile-hover', 'iam-permissions', 'code--more', 'dockerfile-hover-1'],
    );
  });

  it('passes a README whose links are all in the package', () => {
    const readme = '# Top\n![shot](docs/s.png)\n[changes](CHANGELOG.md) [top](#top) [web](https://aws.amazon.com/)';
    assert.deepEqual(
      check({ 'README.md': readme, 'CHANGELOG.md': '# Changes' }, ['README.md', 'CHANGELOG.md', 'docs/s.png']),
      [],
    );
  });

  it('reports a relative link or image that the package does not ship', () => {
    const problems = check({ 'README.md': '# R\n\n[arch](ARCHITECTURE.md)\n\n![x](docs/missing.png)' }, ['README.md']);
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? '', /^README\.md:3: ARCHITECTURE\.md is not in the package/);
    assert.match(problems[1] ?? '', /^README\.md:5: docs\/missing\.png/);
  });

  it('resolves links from the file that holds them, and refuses paths out of the package', () => {
    const files = { 'media/w/step.md': '![s](../../docs/s.png) ![t](../../../outside.png)' };
    const problems = check(files, ['media/w/step.md', 'docs/s.png']);
    assert.deepEqual(problems, ['media/w/step.md:1: ../../../outside.png points outside the package']);
  });

  it('reports an anchor with no heading, here or in another packaged file', () => {
    const problems = check(
      {
        'README.md': '# R\n[a](#nowhere) [b](CHANGELOG.md#unreleased) [c](CHANGELOG.md#gone)',
        'CHANGELOG.md': '## Unreleased',
      },
      ['README.md', 'CHANGELOG.md'],
    );
    assert.deepEqual(problems, [
      'README.md:2: no heading for #nowhere',
      'README.md:2: CHANGELOG.md has no heading for #gone',
    ]);
  });

  it('reports a link into the repository that names a file it does not have', () => {
    const readme = `[ok](${REPO}/blob/main/ARCHITECTURE.md) [gone](${REPO}/blob/main/OLD.md) [bare](${REPO})`;
    assert.deepEqual(check({ 'README.md': readme }, ['README.md'], ['ARCHITECTURE.md']), [
      `README.md:1: ${REPO}/blob/main/OLD.md names a file the repository does not have`,
    ]);
  });
});
