/**
 * The Dockerfile hover end to end, without the editor: Dockerfile text → references (dockerfile-ast) → the reference
 * under the cursor → ImageUsageService over the real AWS layer against the emulator → the hover's Markdown. The demo
 * Dockerfile says what the demo story promises, images other than private ECR ones cost no request, and hovering
 * every position of a file costs one lookup per distinct image.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AwsAccess } from '../../src/aws/access';
import { toFootprintError } from '../../src/aws/errors';
import type { AwsApi } from '../../src/aws/types';
import { findImageReferences, referenceAt } from '../../src/dockerfile/references';
import { answerHover } from '../../src/dockerfile/usageMarkdown';
import { ImageUsageService } from '../../src/inspector/imageUsage';
import { DEMO, type Emulator } from '../emulator';
import { useEmulator } from '../support/emulatorSuite';

const DEMO_DOCKERFILE = path.join(__dirname, '..', '..', 'demo', 'workspace', 'Dockerfile');
const R = DEMO.registry;

/** What a CommonMark renderer shows for escaped text (escapeMarkdown's backslashes removed). */
function shown(markdown: string | undefined): string {
  return (markdown ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('Dockerfile hover against the emulator', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let api: AwsApi;

  const operations = (): string[] => emulator.requests.map((r) => r.operation);

  function usageService(): ImageUsageService {
    const access: AwsAccess = {
      api,
      target: async (region) => ({ region: region ?? DEMO.region, endpoints: emulator.endpoints }),
      context: (service, operation, target) => ({ service, operation, region: target?.region ?? DEMO.region }),
      toError: toFootprintError,
    };
    return new ImageUsageService(access);
  }

  /** The hover text at a position, as the provider computes it (no editor). */
  async function hoverAt(text: string, usage: ImageUsageService, line: number, character: number) {
    const reference = referenceAt(findImageReferences(text), line, character);
    return reference && answerHover(reference, usage);
  }

  function positionOf(text: string, needle: string): [number, number] {
    const lines = text.split(/\r\n|\n/);
    const line = lines.findIndex((l) => l.includes(needle));
    assert.ok(line >= 0, `${needle} is not in the file`);
    return [line, lines[line]!.indexOf(needle) + 2];
  }

  useEmulator({
    emulator: { dataset: 'demo' },
    started: (suite) => {
      ({ emulator, api } = suite);
    },
  });

  describe('the demo Dockerfile (demo/workspace/Dockerfile)', () => {
    const text = readFileSync(DEMO_DOCKERFILE, 'utf8');
    const cases: [needle: string, expected: RegExp[], requests: string[]][] = [
      ['node:20-alpine', [/Not a private Amazon ECR image/], []],
      [
        '${BASE}',
        [/platform\/base:2026\.11/, /\*\*100\+ clusters\*\* \(first 100: \d+ ECS, \d+ EKS/],
        ['ListCoverage', 'GetClustersForImage'],
      ],
      [
        'shop/worker:0.9.7',
        [
          /\*\*1 cluster\*\* \(1 ECS, 0 EKS\) · 2 running · 5 stopped in 24 h/,
          /ECS \[batch-jobs\]\(command:imageFootprint\.showEcsTaskDefinition\?/,
        ],
        ['ListCoverage', 'GetClustersForImage'],
      ],
      [
        'shop/web:1.3.0',
        [/\*\*2 clusters\*\* \(2 ECS, 0 EKS\) · 0 running · 2 stopped in 24 h/],
        ['ListCoverage', 'GetClustersForImage'],
      ],
      ['shop/web:1.2.0', [/Not covered by Inspector/], ['ListCoverage']],
      [
        'shop/api@sha256',
        [/\*\*2 clusters\*\* \(0 ECS, 2 EKS\) · 7 running/, /EKS \[prod-eks\]/, /EKS \[dev-eks\]/],
        ['GetClustersForImage'],
      ],
      [
        'shop/web:1.4.2',
        [
          /\*\*3 clusters\*\* \(2 ECS, 1 EKS\) · 23 running · 8 stopped in 24 h · last in use (now|\d+ seconds? ago|1 minute ago)/,
          /ECS \[prod-web\].*\n.*EKS \[prod-eks\].*\n.*ECS \[staging-web\]/,
        ],
        ['ListCoverage', 'GetClustersForImage'],
      ],
    ];
    for (const [needle, expected, requests] of cases) {
      it(`hovering ${needle}`, async () => {
        const [line, character] = positionOf(text, needle);
        const markdown = shown(await hoverAt(text, usageService(), line, character));
        for (const re of expected) assert.match(markdown, re);
        assert.deepEqual(operations(), requests);
      });
    }

    it('no hover on stage references, keywords, comments or instructions without images', async () => {
      const usage = usageService();
      const lines = text.split('\n');
      const copyFromBase = lines.findIndex((l) => l.startsWith('COPY --from=base'));
      assert.equal(await hoverAt(text, usage, copyFromBase, 'COPY --from=ba'.length), undefined);
      assert.equal(
        await hoverAt(
          text,
          usage,
          lines.findIndex((l) => l.startsWith('FROM ${BASE}')),
          1,
        ),
        undefined,
      );
      assert.equal(await hoverAt(text, usage, 0, 5), undefined);
      assert.equal(
        await hoverAt(
          text,
          usage,
          lines.findIndex((l) => l.startsWith('RUN npm ci')),
          5,
        ),
        undefined,
      );
      assert.deepEqual(operations(), []);
    });

    it('hovering every position of the file twice costs one lookup per distinct image', async () => {
      const usage = usageService();
      const lines = text.split('\n');
      let hovers = 0;
      for (let round = 0; round < 2; round++) {
        for (const [line, content] of lines.entries()) {
          const answers = await Promise.all(
            Array.from({ length: content.length + 1 }, (_, character) => hoverAt(text, usage, line, character)),
          );
          hovers += answers.filter((a) => a !== undefined).length;
        }
      }
      const ecrImages = findImageReferences(text).filter((r) => !r.isStageReference && r.image.startsWith(R));
      const distinct = new Set(ecrImages.map((r) => r.image));
      assert.equal(distinct.size, 6);
      assert.ok(hovers > 100, `${hovers} hovers`);
      // A tag costs ListCoverage + GetClustersForImage, a digest GetClustersForImage, an uncovered tag ListCoverage.
      assert.equal(emulator.requests.length, 4 * 2 + 1 + 1, operations().join(', '));
    });
  });

  describe('tricky Dockerfiles look up the image Docker would pull', () => {
    const cases: [title: string, dockerfile: string, needle: string, label: RegExp][] = [
      [
        '${ARG:-default} with the ARG declared without a value',
        `ARG TAG\nFROM ${R}/shop/web:\${TAG:-1.4.2}\n`,
        'shop/web',
        /shop\/web:1\.4\.2/,
      ],
      [
        '$ARG with a default before FROM',
        `ARG IMG=${R}/shop/api:2.0.0\nFROM $IMG AS api\n`,
        '$IMG',
        /shop\/api:2\.0\.0/,
      ],
      [
        'a line continuation inside the image, lowercase keyword, CRLF',
        `from --platform=linux/arm64 \\\r\n    ${R}/shop/worker:0.9.7 \\\r\n    as worker\r\n`,
        'shop/worker',
        /shop\/worker:0\.9\.7/,
      ],
      [
        'a tag and a digest: the digest identifies the image',
        `FROM ${R}/shop/api:whatever@sha256:d64feee0ea991762a3973cbe35016c82140ad68d2f2d2df7f1c1164cd9db7ca9\n`,
        'shop/api',
        /shop\/api:whatever@sha256:d64f…7ca9[\s\S]*\*\*2 clusters\*\* \(0 ECS, 2 EKS\)/,
      ],
      [
        'an ARG redefined in a stage does not change the FROM lines',
        `ARG V=1.4.2\nFROM ${R}/shop/web:$V AS a\nARG V=9\nFROM ${R}/shop/web:$V\n`,
        'shop/web:$V\n',
        /shop\/web:1\.4\.2[\s\S]*\*\*3 clusters\*\*/,
      ],
    ];
    for (const [title, dockerfile, needle, label] of cases) {
      it(title, async () => {
        const [line, character] = positionOf(dockerfile, needle.replace('\n', ''));
        const markdown = shown(await hoverAt(dockerfile, usageService(), line, character));
        assert.match(markdown, label);
        assert.ok(emulator.requests.length > 0);
      });
    }

    it('an ARG without a default names the ARG and makes no request', async () => {
      const dockerfile = `ARG BASE\nFROM \${BASE}\nFROM ${R}/shop/web:$NOT_DECLARED\n`;
      const usage = usageService();
      assert.match(shown(await hoverAt(dockerfile, usage, 1, 8)), /depends on BASE, which has no value/);
      assert.match(shown(await hoverAt(dockerfile, usage, 2, 10)), /depends on NOT_DECLARED/);
      assert.deepEqual(operations(), []);
    });
  });
});
