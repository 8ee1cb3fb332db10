// The reference extractors (src/references/) over a corpus of real-world-shaped files in test/fixtures/references/:
// every reference with its range, context and what it resolves to; the text at each range is the image as written;
// and bad input (broken documents, binary, huge, deeply nested, alias bombs) gives nothing or what is readable, fast.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractReferences, fileFormat, MAX_FILE_CHARS, parseDotEnv } from '../../src/references/extract';
import { interpolate } from '../../src/references/compose';
import { maskTemplates, parseYamlDocuments, type TreeNode } from '../../src/references/documents';
import { imageReferenceAt, LineIndex, type ImageReference } from '../../src/references/model';
import { loadTerraformParser, type TerraformParse } from '../../src/references/terraformParser';
import { shortImageLabel } from '../../src/inspector/imageRef';
import { answerReferenceHover, quietReferenceMarkdown } from '../../src/references/referenceMarkdown';
import { fromDockerfile, gitignoreGlobs, isDockerfileName } from '../../src/references/workspaceFiles';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'references');
const ROOT = path.join(__dirname, '..', '..');
const R = '111122223333.dkr.ecr.us-east-1.amazonaws.com';

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** `line:char-line:char [+related lines] context | what it is`. */
function summary(r: ImageReference): string {
  const t =
    r.target.kind === 'ecr'
      ? `ecr ${r.target.ref.region} ${shortImageLabel(r.target.ref)}`
      : r.target.kind === 'unresolved'
        ? `unresolved ${r.target.image}`
        : `other${r.target.problem ? '!' : ''} ${r.target.image}`;
  const related = r.related.length > 0 ? ` +${r.related.map((x) => x.start.line).join(',')}` : '';
  const { start, end } = r.range;
  return `${start.line}:${start.character}-${end.line}:${end.character}${related} ${r.context} | ${t}`;
}

/** The text a one-line range covers. */
function textAt(text: string, r: ImageReference): string {
  const lines = text.split(/\r\n|\r|\n/);
  assert.equal(r.range.start.line, r.range.end.line, 'references are on one line in this corpus');
  return lines[r.range.start.line]!.slice(r.range.start.character, r.range.end.character);
}

let terraform: TerraformParse;
before(async () => {
  terraform = await loadTerraformParser({
    runtime: path.join(ROOT, 'node_modules/web-tree-sitter/tree-sitter.wasm'),
    grammar: path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
  });
});

function extract(name: string, text = fixture(name)): ImageReference[] {
  const environment = parseDotEnv(fixture('.env'));
  return extractReferences(name, text, { terraform, environment });
}

describe('reference extractors: fixture corpus', () => {
  const cases: [string, string[]][] = [
    [
      'k8s-workloads.yaml',
      [
        '10:18-10:81 Deployment web › initContainers[0] migrate | ecr us-east-1 shop/migrate:2.0.1',
        '13:17-13:76 Deployment web › containers[0] web | ecr us-east-1 shop/web:1.4.2',
        '15:17-15:41 Deployment web › containers[1] proxy | other envoyproxy/envoy:v1.30.1',
        '19:23-19:149 Deployment web › volumes[0] models | ecr us-east-1 ml/models@sha256:84f5…085d',
        '38:21-38:87 CronJob nightly › containers[0] report | ecr us-gov-west-1 ops/report:7',
        '47:13-47:64 Pod debug › ephemeralContainers[0] shell | ecr eu-west-1 tools/shell:1',
        '50:13-50:44 Pod debug › containers[0] main | other! public.ecr.aws/nginx/nginx:1.25',
        '64:21-64:86 StatefulSet db › containers[0] db | ecr cn-north-1 data/postgres:16',
      ],
    ],
    [
      'k8s-anchors.yaml',
      [
        '5:9-5:67 DaemonSet agent › containers[0] agent | ecr us-east-1 ops/agent:3.1',
        '15:17-15:77 DaemonSet agent › containers[1] agent-sidecar | ecr us-east-1 ops/sidecar:3.1',
      ],
    ],
    [
      'chart/templates/deployment.yaml',
      [
        '9:18-9:100 Deployment › containers[0] | unresolved {{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}',
        '11:17-11:76 Deployment › containers[1] fixed | ecr us-east-1 shop/fixed:1.0',
      ],
    ],
    [
      'chart/values.yaml',
      [
        '1:14-1:67 +2 image | ecr us-east-1 shop/web:1.4.2',
        '7:16-7:28 +6,8,9 sidecar.image | ecr us-east-1 shop/sidecar:0.9.7',
        '11:9-11:71 worker.image | ecr us-east-1 shop/worker:0.9.7',
        '14:16-14:69 +15 appVersionDefault.image | unresolved 111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/api',
        '19:9-19:26 hub.image | other bitnami/redis:7.2',
      ],
    ],
    [
      'kustomization.yaml',
      [
        '6:13-6:66 +5,7 images[0] web | ecr us-east-1 shop/web:1.4.2',
        '8:10-8:66 +9 images[1] 111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/worker | ecr us-east-1 shop/worker@sha256:84f5…085d',
        '10:10-10:15 +11 images[2] nginx | other nginx:1.25',
      ],
    ],
    [
      'compose.yaml',
      [
        '1:9-1:47 services.base | ecr us-east-1 shop/base:2.0',
        '4:11-4:42 services.web | ecr us-east-1 shop/web:1.4.2',
        '6:11-6:46 services.worker | unresolved 111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/worker:${WORKER_TAG}',
        '8:11-8:94 services.api | ecr us-east-1 shop/api:3.1',
        '12:11-12:18 services.cache | other redis:7',
        '14:12-14:71 services.literal | other! 111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/price$:1',
      ],
    ],
    [
      'taskdef.json',
      [
        '4:31-4:90 shop-web › containerDefinitions[0] web | ecr us-east-1 shop/web:1.4.2',
        '5:32-5:74 shop-web › containerDefinitions[1] xray | other! public.ecr.aws/xray/aws-xray-daemon:latest',
        '6:39-6:52 shop-web › containerDefinitions[2] placeholder | unresolved <IMAGE1_NAME>',
      ],
    ],
    ['imagedefinitions.json', ['1:32-1:157 [0] web | ecr us-east-1 shop/web@sha256:84f5…085d']],
    [
      'template.yaml',
      [
        '8:17-8:76 Resources.Task › ContainerDefinitions[0] web | ecr us-east-1 shop/web:1.4.2',
        '10:23-10:92 Resources.Task › ContainerDefinitions[1] sub | unresolved ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/shop/web:1.4.2',
        '12:22-12:81 Resources.Task › ContainerDefinitions[2] literal-sub | ecr us-east-1 shop/literal:1',
        '14:23-14:59 Resources.Task › ContainerDefinitions[3] joined | unresolved ["", [!Ref Registry, "/shop/web:1"]]',
        '19:16-19:70 Resources.Fn › ImageUri | ecr us-east-1 shop/fn:5',
        '24:23-24:33 Resources.Lambda › Code.ImageUri | unresolved ImageParam',
        '30:27-30:85 Resources.Runner › ImageRepository.ImageIdentifier | ecr us-east-1 shop/runner:1',
        '37:23-37:41 Resources.Batch › ContainerProperties.Image | unresolved Repo.RepositoryUri',
      ],
    ],
    [
      'template.json',
      [
        '5:43-5:99 Resources.Batch › ContainerProperties.Image | ecr us-east-1 batch/job:4',
        '6:87-6:148 Resources.Batch › PodProperties.Containers[0] | unresolved ${AWS::AccountId}.dkr.ecr.us-east-1.amazonaws.com/batch/eks:1',
        '11:59-11:76 Resources.Sub › Code.ImageUri | ecr us-east-1 shop/fn:2',
      ],
    ],
    [
      'main.tf',
      [
        '4:19-4:76 aws_lambda_function.api.image_uri | ecr us-east-1 shop/api:2.3',
        '12:15-12:74 aws_ecs_task_definition.web.container_definitions.image | ecr us-east-1 shop/web:1.4.2',
        '16:15-16:50 aws_ecs_task_definition.web.container_definitions.image | unresolved ${var.registry}/shop/web:${var.tag}',
        '20:17-20:24 aws_ecs_task_definition.web.container_definitions.image | other redis:7',
        '29:32-29:90 aws_ecs_task_definition.legacy.container_definitions[0].image | ecr us-east-1 shop/legacy:1',
        '30:29-30:55 aws_ecs_task_definition.legacy.container_definitions[1].image | unresolved ${var.registry}/shop/dyn:1',
        '48:18-48:75 locals.image | ecr us-east-1 shop/local:1',
      ],
    ],
    [
      '.github/workflows/ci.yml',
      [
        '5:15-5:72 jobs.test.container | ecr us-east-1 ci/runner:22',
        '8:15-8:74 jobs.test.services.db | ecr us-east-1 ci/postgres:16',
        '9:13-9:20 jobs.test.services.cache | other redis:7',
        '12:23-12:79 jobs.test.steps[1] | ecr us-east-1 ci/lint:1.2',
        '13:23-13:34 jobs.test.steps[2] | other alpine:3.20',
        '17:13-17:46 jobs.build.container | unresolved ${{ vars.REGISTRY }}/ci/builder:1',
      ],
    ],
  ];
  for (const [name, expected] of cases) {
    it(`${name}: every reference, its range, context and target`, () => {
      assert.deepEqual(extract(name).map(summary), expected);
    });
    it(`${name}: each range covers the image as written`, () => {
      const text = fixture(name);
      for (const r of extract(name)) {
        assert.equal(textAt(text, r), r.raw, summary(r));
        if (r.target.kind === 'ecr' && r.fileKind !== 'helm' && r.fileKind !== 'kustomize' && !r.raw.includes('$')) {
          assert.ok(r.raw.includes(r.target.ref.repository), summary(r));
        }
      }
    });
  }

  it('says why an image is unresolved, in words', () => {
    const reasons = (name: string): string[] =>
      extract(name).flatMap((r) => (r.target.kind === 'unresolved' ? [r.target.reason] : []));
    assert.match(reasons('compose.yaml')[0]!, /WORKER_TAG is not set in the \.env file/);
    assert.deepEqual(reasons('template.yaml'), [
      'CloudFormation !Sub fills in ${AWS::AccountId}, ${AWS::Region} at deployment',
      'CloudFormation !Join gives its value at deployment',
      'CloudFormation !Ref ImageParam gives its value at deployment',
      'CloudFormation !GetAtt Repo.RepositoryUri gives its value at deployment',
    ]);
    assert.match(reasons('main.tf')[0]!, /Terraform fills in \$\{var\.registry\}, \$\{var\.tag\} when it plans/);
    assert.match(reasons('chart/templates/deployment.yaml')[0]!, /Helm template/);
    assert.match(reasons('.github/workflows/ci.yml')[0]!, /GitHub Actions expression/);
    assert.match(reasons('chart/values.yaml')[0]!, /tag is empty/);
  });

  it('a binary file gives nothing', () => {
    assert.deepEqual(extract('binary.yaml'), []);
  });

  it('Helm and Kustomize: the hover answers on the tag, digest and registry lines too', () => {
    const values = fixture('chart/values.yaml');
    const refs = extract('chart/values.yaml');
    const tagLine = values.split('\n').findIndex((l) => l.includes('tag: 0.9.7'));
    const found = imageReferenceAt(refs, tagLine, 10);
    assert.ok(found);
    assert.equal(found.reference.context, 'sidecar.image');
    assert.equal(found.range.start.line, tagLine);
    assert.equal(imageReferenceAt(refs, 0, 0), undefined);
  });
});

describe('reference extractors: file kinds by name and content', () => {
  it('reads files by name', () => {
    assert.equal(fileFormat('/repo/.github/workflows/ci.yml'), 'workflow');
    assert.equal(fileFormat('/repo/.github/workflows/sub/ci.yml'), 'yaml');
    assert.equal(fileFormat('C:\\repo\\docker-compose.override.yml'), 'compose');
    assert.equal(fileFormat('/repo/compose.prod.yaml'), 'compose');
    assert.equal(fileFormat('/repo/overlays/prod/kustomization.yaml'), 'kustomize');
    assert.equal(fileFormat('/repo/chart/values-prod.yaml'), 'helmValues');
    assert.equal(fileFormat('/repo/imagedefinitions.json'), 'imageDefinitions');
    assert.equal(fileFormat('/repo/infra/main.tf'), 'terraform');
    assert.equal(fileFormat('/repo/k8s/app.yml'), 'yaml');
    assert.equal(fileFormat('/repo/.github/actions/lint/action.yml'), 'workflow');
    assert.equal(fileFormat('/repo/package.json'), undefined);
    assert.equal(fileFormat('/repo/node_modules/x/task.json'), undefined);
    assert.equal(fileFormat('/repo/README.md'), undefined);
  });

  it('a Kubernetes manifest in JSON, and a task definition as describe-task-definition prints it', () => {
    const pod = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: `${R}/shop/web:1` }] },
    });
    const at = pod.indexOf(R);
    const end = at + `${R}/shop/web:1`.length;
    assert.deepEqual(extract('pod.json', pod).map(summary), [
      `0:${at}-0:${end} Pod p › containers[0] c | ecr us-east-1 shop/web:1`,
    ]);
    const described = `{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a", "image": "${R}/shop/a:1"}]}}`;
    assert.deepEqual(
      extract('described.json', described).map((r) => r.context),
      ['f › containerDefinitions[0] a'],
    );
  });

  it('a YAML file that is neither Kubernetes nor CloudFormation gives nothing', () => {
    assert.deepEqual(extract('config.yaml', `image: ${R}/shop/web:1\nResources: []\n`), []);
  });

  it('an untitled document is read by the format its language gives', () => {
    const text = `services:\n  web:\n    image: ${R}/shop/web:1\n`;
    assert.deepEqual(extractReferences('Untitled-1', text), []);
    assert.equal(extractReferences('Untitled-1', text, { format: 'compose' }).length, 1);
  });

  it('a Docker container action: runs.image with docker://, not a Dockerfile it builds', () => {
    const action = `name: lint\nruns:\n  using: docker\n  image: docker://${R}/ci/lint:3\n`;
    assert.deepEqual(extract('action.yml', action).map(summary), [
      `3:18-3:${18 + `${R}/ci/lint:3`.length} runs.image | ecr us-east-1 ci/lint:3`,
    ]);
    assert.deepEqual(extract('action.yaml', 'runs:\n  using: docker\n  image: Dockerfile\n'), []);
  });

  it('Terraform: image keys however they are written, nested anywhere, and none elsewhere', () => {
    const text = [
      'locals {',
      `  m = { "image" = "${R}/t/quoted:1", other = { deeper = [{ image_uri = "${R}/t/deep:2" }] } }`,
      '  family = "image-less"',
      '  defs = <<EOF',
      `[{ "\\u0069mage": "${R}/t/escaped:3", "name": "x" }]`,
      'EOF',
      '}',
      'resource "x" "y" { name = "no reference here" }',
      '',
    ].join('\n');
    assert.deepEqual(
      extract('keys.tf', text).map((r) => `${r.context} | ${r.target.kind === 'ecr' ? r.target.ref.repository : '?'}`),
      ['locals.m.image | t/quoted', 'locals.m.other.deeper.image_uri | t/deep', 'locals.defs[0].image | t/escaped'],
    );
    assert.deepEqual(extract('none.tf', 'resource "x" "y" {\n  name = "web"\n}\n'), []);
  });

  it('Terraform without its parser gives nothing (the caller loads it first)', () => {
    assert.deepEqual(extractReferences('main.tf', fixture('main.tf')), []);
  });
});

describe('compose interpolation and .env', () => {
  const env = new Map([
    ['A', 'a'],
    ['EMPTY', ''],
  ]);
  const cases: [string, string, string[]][] = [
    ['$A/${A}', 'a/a', []],
    ['${EMPTY:-d}|${EMPTY-d}|${MISSING-d}|${MISSING:-${A}}', 'd||d|a', []],
    ['${A:+x}|${EMPTY:+x}|${EMPTY+x}|${MISSING+x}', 'x||x|', []],
    ['$$A and $$', '$A and $', []],
    ['${MISSING}', '${MISSING}', ['MISSING']],
    ['${MISSING:?set it}', '${MISSING}', ['MISSING']],
    ['${EMPTY?x}', '', []],
    ['${unclosed', '${unclosed', ['${unclosed']],
    ['${9bad}', '${9bad}', ['${9bad}']],
    ['cost $5', 'cost $5', []],
  ];
  for (const [source, text, unresolved] of cases) {
    it(`${source} → ${text}`, () => {
      assert.deepEqual(interpolate(source, env), { text, unresolved });
    });
  }

  it('parseDotEnv reads compose .env syntax', () => {
    const parsed = parseDotEnv(
      '# c\nA=1\nexport B="two\\nlines" \nC=\'$lit\'\nD=x # comment\nE=\n=bad\n9X=bad\n  F = spaced  \r\n',
    );
    assert.deepEqual(Object.fromEntries(parsed), { A: '1', B: 'two\nlines', C: '$lit', D: 'x', E: '', F: 'spaced' });
  });
});

describe('reference extractors: bad input', () => {
  it('a file over the size limit is not read', () => {
    const big =
      `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: ${R}/a/b:1\n` + '#'.repeat(MAX_FILE_CHARS);
    assert.deepEqual(extract('big.yaml', big), []);
  });

  it('a YAML alias bomb stays small', () => {
    let text = 'apiVersion: v1\nkind: Pod\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 30; i++) {
      const previous = Array<string>(10).fill(`*a${i - 1}`);
      text += `a${i}: &a${i} [${previous.join(', ')}]\n`;
    }
    text += `spec:\n  containers:\n    - image: ${R}/a/b:1\n      args: *a29\n`;
    const started = process.hrtime.bigint();
    assert.equal(extract('bomb.yaml', text).length, 1);
    const helm = extract('values.yaml', text.replace('apiVersion: v1\nkind: Pod\n', ''));
    assert.equal(helm.length, 1);
    assert.ok(process.hrtime.bigint() - started < 5_000_000_000n);
  });

  it('a map merging the map that holds it stays a cycle, not unrolled', () => {
    // Each `<<: *base` merges `base`, which holds the merging maps again: unrolled, the tree would grow by a factor of
    // three per level until the node budget ran out.
    const text = 'base: &base\n  a: { <<: *base }\n  b: { <<: *base }\n  c: { <<: *base }\n';
    const [doc] = parseYamlDocuments(text).documents;
    const nodes = new Set<object>();
    const walk = (node: TreeNode): void => {
      if (nodes.has(node)) return;
      nodes.add(node);
      if (node.type === 'map') node.entries.forEach((e) => walk(e.value));
      if (node.type === 'seq') node.items.forEach(walk);
    };
    assert.ok(doc);
    walk(doc);
    assert.ok(nodes.size < 20, `${nodes.size} nodes`);
  });

  it('deep nesting, broken documents and unterminated templates give what is readable', () => {
    const deep = '['.repeat(50_000);
    assert.deepEqual(extract('deep.json', `{"containerDefinitions": ${deep}`), []);
    assert.deepEqual(extract('deep.yaml', `apiVersion: v1\nkind: Pod\nspec: ${deep}`), []);
    const broken = `apiVersion: v1\nkind: Pod\nspec: {{ oops\n  containers: [\n`;
    assert.deepEqual(extract('broken.yaml', broken), []);
    assert.deepEqual(maskTemplates('a {{ b'), { text: 'a     ', spans: [[2, 6]] });
  });

  it('template blanking keeps every position', () => {
    const text = 'a: {{ x }}\r\nb: "{{ y\n}}"\n';
    const masked = maskTemplates(text).text;
    assert.equal(masked.length, text.length);
    assert.deepEqual(
      [...masked].map((c, i) => (c === '\n' || c === '\r' ? i : -1)).filter((i) => i >= 0),
      [...text].map((c, i) => (c === '\n' || c === '\r' ? i : -1)).filter((i) => i >= 0),
    );
  });

  it('a stream that asks for YAML 1.1 is read as 1.1, any other as 1.2', () => {
    const keys = (text: string): string[] => {
      const [doc] = parseYamlDocuments(text).documents;
      return doc?.type === 'map' ? doc.entries.map((e) => e.key) : [];
    };
    assert.deepEqual(keys('%YAML 1.1\n---\nyes: 1\nname: x\n'), ['true', 'name']);
    assert.deepEqual(keys('yes: 1\nname: x\n'), ['yes', 'name']);
  });

  it('a stream with one bad document still reads the others', () => {
    const parsed = parseYamlDocuments('a: 1\n---\n: : [\n---\nb: 2\n');
    assert.equal(parsed.documents.length, 2);
    assert.equal(parsed.skipped, 1);
  });

  it('long lines of `$` and `{{` are read in linear time', () => {
    const dollars = '${A:-'.repeat(20_000);
    const started = process.hrtime.bigint();
    interpolate(dollars, new Map());
    maskTemplates('{{'.repeat(200_000));
    extract('values.yaml', `image: "${'{{'.repeat(100_000)}"\n`);
    assert.ok(process.hrtime.bigint() - started < 5_000_000_000n);
  });
});

describe('LineIndex', () => {
  it('maps offsets with \\n, \\r\\n and \\r line ends', () => {
    const index = new LineIndex('ab\r\ncd\ref\ng');
    assert.deepEqual(index.position(0), { line: 0, character: 0 });
    assert.deepEqual(index.position(4), { line: 1, character: 0 });
    assert.deepEqual(index.position(7), { line: 2, character: 0 });
    assert.deepEqual(index.position(11), { line: 3, character: 1 });
  });
});

describe('workspace scan: candidates, Dockerfiles and .gitignore', () => {
  it('knows Dockerfile names', () => {
    for (const name of ['Dockerfile', 'app/Containerfile', 'x/web.Dockerfile', 'Dockerfile.prod', 'a\\b\\Dockerfile']) {
      assert.equal(isDockerfileName(name), true, name);
    }
    for (const name of ['Dockerfiles/x.yaml', 'notDockerfile', 'docker-compose.yml']) {
      assert.equal(isDockerfileName(name), false, name);
    }
  });

  it('Dockerfile references in the common shape: stages left out, ARGs without value unresolved', () => {
    const range = { start: { line: 0, character: 5 }, end: { line: 0, character: 10 } };
    const refs = fromDockerfile([
      { image: `${R}/shop/web:1`, range, instruction: 'FROM', stageName: 'base', isStageReference: false },
      { image: 'base', range, instruction: 'FROM', isStageReference: true },
      { image: `${R}/shop/web:$TAG`, range, instruction: 'FROM', unresolved: 'TAG', isStageReference: false },
    ]);
    assert.deepEqual(
      refs.map((r) => [r.context, r.target.kind]),
      [
        ['FROM … AS base', 'ecr'],
        ['FROM', 'unresolved'],
      ],
    );
  });

  it('turns plain .gitignore patterns into globs, skipping comments and negations', () => {
    assert.deepEqual(gitignoreGlobs('# c\n\ndist/\n/build\n*.log\nsub/dir\n!keep.log\n{weird}\n'), [
      '**/dist/**',
      'build/**',
      'build',
      '**/*.log/**',
      '**/*.log',
      'sub/dir/**',
      'sub/dir',
    ]);
  });
});

describe('reference hover text', () => {
  const hostile = '[x](command:workbench.action.terminal.new) <img src=x> $(zap) **b**';
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

  it('what is not looked up is one quiet line, with everything from the file escaped', () => {
    const unresolved = quietReferenceMarkdown({
      fileKind: 'compose',
      range,
      related: [],
      raw: hostile,
      context: `services.${hostile}`,
      target: { kind: 'unresolved', image: hostile, reason: `${hostile} is not set` },
    });
    assert.ok(unresolved);
    assert.match(unresolved, /No lookup/);
    assert.match(unresolved, /_Docker Compose · services\\\./);
    for (const bad of ['](command:', '$(zap)', '**b**']) assert.equal(unresolved.includes(bad), false, bad);
    assert.doesNotMatch(unresolved, /(?<!\\)</, 'no unescaped HTML');
    const other = quietReferenceMarkdown({
      fileKind: 'kubernetes',
      range,
      related: [],
      raw: 'nginx:1',
      context: 'Pod p',
      target: { kind: 'other', image: 'nginx:1' },
    });
    assert.match(other ?? '', /Not a private Amazon ECR image/);
  });

  it('an ECR image gets the usage answer and where the reference is', async () => {
    const [reference] = extract('taskdef.json');
    assert.ok(reference && reference.target.kind === 'ecr');
    let asked = 0;
    const text = await answerReferenceHover(reference, {
      usage: () => {
        asked++;
        return Promise.resolve({ kind: 'notCovered', label: 'shop/web:1.4.2' });
      },
    });
    assert.equal(asked, 1);
    assert.match(text, /Not covered by Inspector/);
    const shown = text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
    assert.match(shown, /_ECS task definition · shop-web › containerDefinitions\[0\] web_$/);
  });
});

describe('reference extractors: mutated fixtures', () => {
  /** A small seeded generator (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const pieces = [
    '{{',
    '}}',
    '${',
    '}',
    '[',
    ']',
    '{',
    ':',
    '\n',
    '  ',
    '-',
    '"',
    "'",
    '!Sub ',
    '*a',
    '&a ',
    '<<: ',
    '#',
  ];
  const names = [
    'k8s-workloads.yaml',
    'chart/values.yaml',
    'chart/templates/deployment.yaml',
    'kustomization.yaml',
    'compose.yaml',
    'taskdef.json',
    'template.yaml',
    'template.json',
    'main.tf',
    '.github/workflows/ci.yml',
  ];

  it('never throws, and every range lies inside the text', () => {
    const next = random(15);
    for (const name of names) {
      const original = fixture(name);
      for (let round = 0; round < 60; round++) {
        let text = original;
        for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
          const at = Math.floor(next() * text.length);
          const cut = Math.floor(next() * 8);
          const insert = next() < 0.7 ? pieces[Math.floor(next() * pieces.length)]! : '';
          text = text.slice(0, at) + insert + text.slice(at + cut);
        }
        const lines = text.split(/\r\n|\r|\n/);
        const refs = extract(name, text);
        for (const r of refs) {
          for (const range of [r.range, ...r.related]) {
            const where = `${name} round ${round}: ${summary(r)}`;
            assert.ok(range.start.line < lines.length && range.end.line < lines.length, where);
            assert.ok(range.end.character <= lines[range.end.line]!.length, where);
            assert.ok(
              range.start.line < range.end.line || range.start.character <= range.end.character,
              `${where}: start after end`,
            );
          }
        }
      }
    }
  });
});
