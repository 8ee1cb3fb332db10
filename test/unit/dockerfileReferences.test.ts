import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  findImageReferences,
  type ImageReferenceInDockerfile,
  MAX_EXPANSION_LENGTH,
  referenceAt,
} from '../../src/dockerfile/references';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'dockerfiles');
const R = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = 'sha256:84f507df33c6864d49c296fb734192696e4cb6f78166ac51ac8b9b118181085d';

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

type Expected = Omit<ImageReferenceInDockerfile, 'range' | 'isStageReference' | 'instruction'> &
  Partial<Pick<ImageReferenceInDockerfile, 'isStageReference' | 'instruction'>>;

/** A reference at `"line:char-line:char"`; FROM and not a stage reference unless said otherwise. */
function ref(at: string, expected: Expected): ImageReferenceInDockerfile {
  const [start, end] = at.split('-').map((p) => p.split(':').map(Number)) as [number[], number[]];
  return {
    instruction: 'FROM',
    isStageReference: false,
    ...expected,
    range: { start: { line: start[0]!, character: start[1]! }, end: { line: end[0]!, character: end[1]! } },
  };
}

/** The text the range covers, for checking ranges against the file itself. */
function textAt(text: string, r: ImageReferenceInDockerfile): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (r.range.start.line === r.range.end.line) {
    return lines[r.range.start.line]!.slice(r.range.start.character, r.range.end.character);
  }
  return [
    lines[r.range.start.line]!.slice(r.range.start.character),
    ...lines.slice(r.range.start.line + 1, r.range.end.line),
    lines[r.range.end.line]!.slice(0, r.range.end.character),
  ].join('\n');
}

describe('findImageReferences: fixture corpus', () => {
  const cases: [string, ImageReferenceInDockerfile[], string[]][] = [
    [
      'basic.Dockerfile',
      [
        ref('2:5-2:65', { image: `${R}/shop/base:1.4.2`, stageName: 'build' }),
        ref('5:5-5:134', { image: `${R}/shop/runtime@${DIGEST}` }),
        ref('6:12-6:17', { image: 'build', instruction: 'COPY', isStageReference: true }),
      ],
      [`${R}/shop/base:1.4.2`, `${R}/shop/runtime@${DIGEST}`, 'build'],
    ],
    [
      'args.Dockerfile',
      [
        ref('6:5-6:28', {
          image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/platform/node:20.11',
          stageName: 'deps',
        }),
        ref('7:5-7:19', {
          image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/platform/node:$CHANNEL',
          stageName: 'edge',
          unresolved: 'CHANNEL',
        }),
        ref('8:5-8:31', {
          image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/platform/node:stable',
          stageName: 'stable',
        }),
        ref('9:5-9:41', { image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/platform/node:20.11' }),
        ref('10:5-10:26', { image: '${UNDECLARED}/tools:1', unresolved: 'UNDECLARED' }),
        // The stage's `ARG NODE_VERSION=99` does not reach this FROM: the global default does.
        ref('13:5-13:28', { image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/platform/node:20.11' }),
      ],
      [
        '${BASE}:${NODE_VERSION}',
        '$BASE:$CHANNEL',
        '${BASE}:${CHANNEL:-stable}',
        '${BASE}:${NODE_VERSION}${EMPTY:+-rc}',
        '${UNDECLARED}/tools:1',
        '${BASE}:${NODE_VERSION}',
      ],
    ],
    [
      'platform-and-stages.Dockerfile',
      [
        // `later` is defined further down: here it is an image name.
        ref('0:5-0:10', { image: 'later', stageName: 'first' }),
        ref('1:31-1:89', { image: `${R}/tools/go:1.22`, stageName: 'Builder', platform: '$BUILDPLATFORM' }),
        ref('2:28-2:35', { image: 'builder', stageName: 'arm', platform: 'linux/arm64', isStageReference: true }),
        // FROM scratch (line 3) is not an image.
        ref('4:5-4:12', { image: 'BUILDER', isStageReference: true }),
        ref('5:5-5:60', { image: `${R}/shop/web:2`, stageName: 'later' }),
        ref('6:5-6:10', { image: 'later', isStageReference: true }),
      ],
      ['later', `${R}/tools/go:1.22`, 'builder', 'BUILDER', `${R}/shop/web:2`, 'later'],
    ],
    [
      'continuations.Dockerfile',
      [
        ref('1:4-1:61', { image: '111122223333.dkr.ecr.us-west-2.amazonaws.com/team/app:2.0', stageName: 'app' }),
        ref('3:5-4:7', { image: '111122223333.dkr.ecr.us-west-2.amazonaws.com/team/app:3.0', stageName: 'joined' }),
        ref('7:2-7:59', { image: '111122223333.dkr.ecr.us-west-2.amazonaws.com/team/app:4.0' }),
      ],
      [
        '111122223333.dkr.ecr.us-west-2.amazonaws.com/team/app:2.0',
        '111122223333.dkr.ecr.us-west-2.amazonaws.com/team/\\\napp:3.0',
        '111122223333.dkr.ecr.us-west-2.amazonaws.com/team/app:4.0',
      ],
    ],
    [
      'crlf.Dockerfile',
      [
        ref('1:5-1:65', { image: `${R}/shop/base:1.4.2`, stageName: 'build' }),
        ref('5:2-5:61', { image: `${R}/shop/runtime:2`, stageName: 'final' }),
      ],
      [`${R}/shop/base:1.4.2`, `${R}/shop/runtime:2`],
    ],
    [
      'escape-directive.Dockerfile',
      [
        ref('2:5-2:44', { image: `${R}/windows/servercore:ltsc2022`, stageName: 'base' }),
        // With ` as the escape character a backslash is just a character.
        ref('6:5-6:24', { image: `C:\\images\\${R}` }),
        ref('7:5-7:9', { image: 'base', isStageReference: true }),
      ],
      ['${REGISTRY}/windows/servercore:ltsc2022', 'C:\\images\\$REGISTRY', 'base'],
    ],
    [
      'heredocs.Dockerfile',
      [
        ref('1:5-1:66', { image: `${R}/base/python:3.12`, stageName: 'py' }),
        ref('14:5-14:7', { image: 'py', isStageReference: true }),
      ],
      [`${R}/base/python:3.12`, 'py'],
    ],
    ['empty.Dockerfile', [], []],
    ['comments-only.Dockerfile', [], []],
    [
      'lowercase.Dockerfile',
      [
        ref('0:5-0:60', { image: `${R}/shop/web:1`, stageName: 'Web' }),
        ref('1:5-1:8', { image: 'web', isStageReference: true }),
        ref('2:28-2:83', { image: `${R}/shop/web:2`, stageName: 'other', platform: 'linux/amd64' }),
      ],
      [`${R}/shop/web:1`, 'web', `${R}/shop/web:2`],
    ],
    [
      'flags-only.Dockerfile',
      [ref('2:28-2:83', { image: `${R}/shop/web:3`, platform: 'linux/arm64' })],
      [`${R}/shop/web:3`],
    ],
    [
      'copy-mount.Dockerfile',
      [
        ref('1:5-1:61', { image: `${R}/shop/base:1`, stageName: 'base' }),
        ref('4:12-4:16', { image: 'base', instruction: 'COPY', isStageReference: true }),
        ref('5:12-5:13', { image: '0', instruction: 'COPY', isStageReference: true }),
        // The stage re-declares `ARG TOOLS`, inheriting the global default; ENV values count too.
        ref('6:12-6:20', { image: `${R}/tools/cli:5`, instruction: 'COPY' }),
        ref('7:12-7:19', { image: `${R}/tools/helper:2`, instruction: 'COPY' }),
        ref('8:19-8:29', { image: 'nginx:1.27', instruction: 'COPY' }),
        ref('9:27-9:84', { image: `${R}/tools/data:3`, instruction: 'RUN' }),
        ref('12:17-12:21', { image: 'base', instruction: 'RUN', isStageReference: true }),
        ref('13:5-13:9', { image: 'base', isStageReference: true }),
        // A new stage that does not re-declare TOOLS cannot see it.
        ref('14:12-14:20', { image: '${TOOLS}', instruction: 'COPY', unresolved: 'TOOLS' }),
      ],
      [
        `${R}/shop/base:1`,
        'base',
        '0',
        '${TOOLS}',
        '$HELPER',
        'nginx:1.27',
        `${R}/tools/data:3`,
        'base',
        'base',
        '${TOOLS}',
      ],
    ],
    [
      'hostile.Dockerfile',
      [
        ref('1:5-1:7', { image: '${', unresolved: '${' }),
        ref('2:5-2:6', { image: '$' }),
        // ARG LOOP=${LOOP:-x} is x (LOOP is unset while its own default is read); the nested defaults end there.
        ref('3:5-3:38', { image: 'x' }),
        ref('4:5-4:60', { image: `${R}/quoted:1` }),
        ref('5:5-5:14', { image: '${LOOP}' }), // single quotes: no expansion
        ref('6:5-6:16', { image: '${LOOP/x/y}', unresolved: '${LOOP/x/y}' }),
        ref('7:5-7:64', { image: `${R}/evil\u202egnp.exe:1` }),
        ref('8:5-8:30', { image: '<script>alert(1)</script>' }),
      ],
      [
        '${',
        '$',
        '${NOPE:-${NADA:-${ZIP:-${LOOP}}}}',
        `"${R}/quoted:1"`,
        "'${LOOP}'",
        '${LOOP/x/y}',
        `${R}/evil\u202egnp.exe:1`,
        '<script>alert(1)</script>',
      ],
    ],
  ];

  for (const [name, expected, tokens] of cases) {
    it(name, () => {
      const text = fixture(name);
      const refs = findImageReferences(text);
      assert.deepEqual(refs, expected);
      // Each range covers exactly the image token as written in the file.
      assert.deepEqual(
        refs.map((r) => textAt(text, r)),
        tokens,
      );
    });
  }

  it('the CRLF fixture really has CRLF line endings (check .gitattributes if this fails)', () => {
    const text = fixture('crlf.Dockerfile');
    assert.ok(text.includes('\r\n'));
    assert.ok(!/[^\r]\n/.test(text));
  });

  it('a 5,000-line file: every stage found, in order, with its position', () => {
    const text = fixture('huge.Dockerfile');
    assert.equal(text.split('\n').length - 1, 5000);
    const refs = findImageReferences(text);
    assert.equal(refs.length, 102);
    refs.forEach((r, i) => {
      assert.equal(r.image, `${R}/generated/app${i}:1.${i}`);
      assert.equal(r.stageName, `stage${i}`);
      assert.equal(r.range.start.line, 2 + i * 49);
      assert.equal(r.isStageReference, false);
      assert.equal(r.unresolved, undefined);
    });
  });
});

describe('findImageReferences: variables', () => {
  function images(text: string): (string | undefined)[][] {
    return findImageReferences(text).map((r) => [r.image, r.unresolved]);
  }

  it('applies ${VAR-word}, ${VAR+word}, ${VAR:?msg} as the shell does', () => {
    const text = [
      'ARG SET=a',
      'ARG EMPTY=',
      'ARG UNSET',
      'FROM ${EMPTY-x}${UNSET-y}${SET-z}',
      'FROM ${EMPTY:-x}${UNSET:-y}${SET:-z}',
      'FROM ${EMPTY+x}${UNSET+y}${SET+z}w',
      'FROM ${EMPTY:+x}${UNSET:+y}${SET:+z}w',
      'FROM ${SET:?need-SET}/img',
      'FROM ${UNSET:?need-UNSET}/img',
    ].join('\n');
    assert.deepEqual(images(text), [
      ['ya', undefined],
      ['xya', undefined],
      ['xzw', undefined],
      ['zw', undefined],
      ['a/img', undefined],
      ['${UNSET:?need-UNSET}/img', 'UNSET'],
    ]);
  });

  it('resolves ARG defaults built from earlier ARGs, and reports what depends on an unset one', () => {
    const text = ['ARG HOST', 'ARG REPO=${HOST}/app', 'ARG TAG=1', 'FROM ${REPO}:${TAG}'].join('\n');
    assert.deepEqual(images(text), [['${REPO}:1', 'HOST']]);
  });

  it('treats automatic platform ARGs as unknown until build time', () => {
    assert.deepEqual(images('FROM ${TARGETARCH}/node\nFROM ${TARGETARCH:-amd64}/node'), [
      ['${TARGETARCH}/node', 'TARGETARCH'],
      ['amd64/node', undefined],
    ]);
  });

  it('substitutes --platform when it can', () => {
    const refs = findImageReferences(
      'ARG P=linux/arm64\nFROM --platform=$P img:1\nFROM --platform=$BUILDPLATFORM img:2',
    );
    assert.deepEqual(
      refs.map((r) => r.platform),
      ['linux/arm64', '$BUILDPLATFORM'],
    );
  });

  it('honours the escape character, quotes and escaped dollars', () => {
    assert.deepEqual(images('ARG A=x\nFROM a\\$A\nFROM "a$A"\nFROM a"$A"\'$A\''), [
      ['a$A', undefined],
      ['ax', undefined],
      ['ax$A', undefined],
    ]);
  });

  it('reports unsupported substitutions and does not follow absurd nesting', () => {
    const deep = `FROM ${'${A:-'.repeat(200)}x${'}'.repeat(200)}`;
    const [r] = findImageReferences(deep);
    assert.ok(r);
    assert.equal(r.unresolved, 'variables nested too deeply');
    assert.deepEqual(images('ARG A=1\nFROM ${A#1}\nFROM ${A'), [
      ['${A#1}', '${A#1}'],
      ['${A', '${A'],
    ]);
  });
});

describe('referenceAt', () => {
  const text = fixture('continuations.Dockerfile');
  const refs = findImageReferences(text);

  it('finds the reference under the position, its end included', () => {
    assert.equal(referenceAt(refs, 1, 4)?.stageName, 'app');
    assert.equal(referenceAt(refs, 1, 30)?.stageName, 'app');
    assert.equal(referenceAt(refs, 1, 61)?.stageName, 'app');
    assert.equal(referenceAt(refs, 7, 2)?.image, '111122223333.dkr.ecr.us-west-2.amazonaws.com/team/app:4.0');
  });

  it('finds a token that spans a line continuation from either line', () => {
    assert.equal(referenceAt(refs, 3, 40)?.stageName, 'joined');
    assert.equal(referenceAt(refs, 4, 0)?.stageName, 'joined');
    assert.equal(referenceAt(refs, 4, 7)?.stageName, 'joined');
  });

  it('finds nothing outside image tokens', () => {
    for (const [line, character] of [
      [0, 0],
      [0, 5],
      [1, 3],
      [1, 62],
      [2, 4],
      [4, 8],
      [6, 3],
      [99, 0],
      [-1, 0],
    ] as const) {
      assert.equal(referenceAt(refs, line, character), undefined, `${line}:${character}`);
    }
    assert.equal(referenceAt([], 0, 0), undefined);
  });
});

// ---------------------------------------------------------------- properties (fast-check)

const PIECES = [
  'FROM ',
  'from ',
  'ARG ',
  'ENV ',
  'COPY ',
  'RUN ',
  'ONBUILD ',
  ' AS ',
  ' as ',
  '--platform=',
  '--from=',
  '--mount=type=bind,from=',
  '${',
  '}',
  '$',
  ':-',
  ':+',
  '?',
  '=',
  '"',
  "'",
  '\\',
  '`',
  '\\\n',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '#',
  '# escape=`\n',
  '<<EOF\n',
  'EOF\n',
  '<<-',
  'A',
  'img:1',
  '@sha256:',
  '111122223333.dkr.ecr.us-east-1.amazonaws.com/app',
  'stage',
  '0',
  // An ARG that multiplies itself: a few of these in a row made hundreds of millions of characters before the bound.
  'ARG A=${A}${A}${A}${A}${A}${A}${A}${A}\n',
  'ARG A=xxxxxxxx\n',
  'FROM ${A}\n',
  '\u202E',
  '\u0000',
  '\uD800',
  '😀',
];

/** Dockerfiles made of the pieces that matter to the grammar, in any order. */
const dockerfileText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(''));

describe('findImageReferences: properties (fast-check)', () => {
  it('never throws, every range lies in the text, and no expansion exceeds the bound', () => {
    fc.assert(
      fc.property(dockerfileText, (text) => {
        let refs: ImageReferenceInDockerfile[];
        try {
          refs = findImageReferences(text);
        } catch (error) {
          assert.fail(`threw on ${JSON.stringify(text)}: ${String(error)}`);
        }
        const lineCount = text.split(/\r\n|\r|\n/).length;
        for (const r of refs) {
          assert.equal(typeof r.image, 'string');
          assert.equal(typeof r.isStageReference, 'boolean');
          const { start, end } = r.range;
          assert.ok(start.line >= 0 && end.line < lineCount, JSON.stringify(text));
          assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character));
          assert.equal(referenceAt(refs, start.line, start.character) !== undefined, true);
          // An image is at most the bound, or the text as written (never more than the file itself).
          assert.ok(r.image.length <= Math.max(MAX_EXPANSION_LENGTH, text.length), `${r.image.length} characters`);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on non-string input', () => {
    for (const value of [undefined, null, 42, {}, []]) {
      assert.deepEqual(findImageReferences(value as unknown as string), []);
    }
  });
});
