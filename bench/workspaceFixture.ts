/**
 * A generated workspace for the workspace scan figures: a monorepo of 20,000 files, 500 of which reference private
 * ECR images, in every kind the scan reads — Dockerfiles, Kubernetes manifests (one of them a 400 KB rendered bundle,
 * read in the worker thread), Helm values, Compose files, ECS task definitions, CloudFormation templates, Terraform,
 * GitHub workflows, Kustomize overlays, `imagedefinitions.json` — among what a real repository also holds: source code,
 * `package.json` / `tsconfig.json`, application config YAML, OpenAPI documents, JSON fixtures, manifests without
 * images, Helm templates, Dockerfiles of public images, and folders the scan must leave out (`node_modules`, `.git`,
 * a `.gitignore`d `dist/`) with ECR references in them. Sizes are typical of each kind. Deterministic (seeded).
 *
 * Every ECR reference written is recorded (file, 0-based line, image) so the benchmark can check that the view holds
 * exactly those: a fast scan that missed or invented a reference is not a figure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ExpectedReference {
  /** Relative to the workspace folder, `/` separators. */
  readonly file: string;
  /** 0-based. */
  readonly line: number;
  /** `registry/repository:tag` or `registry/repository@sha256:…`, as `formatImageUri` writes it. */
  readonly image: string;
}

export interface GeneratedWorkspace {
  readonly root: string;
  readonly files: number;
  readonly bytes: number;
  /** Files that reference at least one private ECR image outside the excluded folders. */
  readonly referencingFiles: number;
  readonly expected: readonly ExpectedReference[];
  /** Files named like a candidate (what the scan's search finds), outside the excluded folders. */
  readonly candidates: number;
  /** ECR references in files the scan must leave out (node_modules, .git, the .gitignored dist/). */
  readonly excludedReferences: number;
  /** The Kubernetes manifest the incremental figure saves, and its text with the app image at a given tag. */
  readonly savedFile: string;
  savedText(tag: string): { readonly text: string; readonly expected: readonly ExpectedReference[] };
}

const R1 = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const R2 = '444455556666.dkr.ecr.eu-west-1.amazonaws.com';

/** mulberry32: a small seeded generator, so every run writes the same workspace. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text built line by line; `ref` lines record the ECR image they reference. */
class Text {
  readonly lines: string[] = [];
  readonly refs: { line: number; image: string }[] = [];
  add(...lines: string[]): this {
    this.lines.push(...lines);
    return this;
  }
  ref(line: string, image: string): this {
    this.refs.push({ line: this.lines.length, image });
    this.lines.push(line);
    return this;
  }
  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

const WORDS =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua order cart price stock user session token cache queue retry'.split(
    ' ',
  );

export function generateWorkspace(root: string, seed = 17): GeneratedWorkspace {
  const rnd = random(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const word = (): string => WORDS[int(WORDS.length)]!;
  const words = (n: number): string => Array.from({ length: n }, word).join(' ');
  const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');

  let files = 0;
  let bytes = 0;
  let candidates = 0;
  let excludedReferences = 0;
  const expected: ExpectedReference[] = [];
  const referencing = new Set<string>();
  const excludedDirs = /^(node_modules|\.git|dist)\//;
  const candidateName =
    /(\.ya?ml|\.json|\.tf)$|(^|\/)(Dockerfile|Containerfile)(\.[^/]*)?$|\.(Dockerfile|Containerfile)$/;

  const write = (file: string, content: string | Text): void => {
    const text = content.toString();
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
    files++;
    bytes += Buffer.byteLength(text);
    const excluded = excludedDirs.test(file);
    if (!excluded && candidateName.test(file)) candidates++;
    if (content instanceof Text && content.refs.length > 0) {
      if (excluded) excludedReferences += content.refs.length;
      else {
        referencing.add(file);
        for (const r of content.refs) expected.push({ file, line: r.line, image: r.image });
      }
    }
  };

  const image = (i: number, kind: string): string => {
    const registry = i % 5 === 4 ? R2 : R1;
    return `${registry}/team-${i % 23}/${kind}-${i}:${1 + (i % 4)}.${i % 17}.${i % 9}`;
  };
  const digestImage = (i: number): string => `${R1}/team-${i % 23}/release-${i}@sha256:${hex(64)}`;

  // ------------------------------------------------------------------------------------- files with references
  const services = 200;
  const svc = (i: number): string => `services/svc-${String(i % services).padStart(3, '0')}`;

  const dockerfile = (i: number): Text => {
    const t = new Text().add('# syntax=docker/dockerfile:1', `# ${words(8)}`, '');
    if (i % 3 === 0) t.add('FROM node:20-bookworm AS deps');
    else t.ref(`FROM ${image(i, 'build')} AS deps`, image(i, 'build'));
    t.add('WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci --omit=dev', '');
    t.ref(`FROM ${image(i, 'runtime')}`, image(i, 'runtime'));
    t.add('WORKDIR /app', 'COPY --from=deps /app/node_modules ./node_modules', 'COPY . .');
    for (let k = 0; k < 4 + int(10); k++) t.add(`ENV ${word().toUpperCase()}_${k}=${word()}`);
    t.add('EXPOSE 8080', 'USER 1000', 'CMD ["node", "dist/main.js"]');
    return t;
  };

  const deployment = (i: number, app: string): Text => {
    const t = new Text().add(
      '# Managed by the platform team.',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: svc-${i}`,
      `  labels: { app: svc-${i}, team: team-${i % 23} }`,
      'spec:',
      `  replicas: ${1 + (i % 3)}`,
      '  selector:',
      `    matchLabels: { app: svc-${i} }`,
      '  template:',
      '    metadata:',
      `      labels: { app: svc-${i} }`,
      '    spec:',
    );
    if (i % 4 === 0) {
      t.add('      initContainers:', '        - name: migrate');
      t.ref(`          image: "${image(i, 'migrate')}"`, image(i, 'migrate'));
    }
    t.add('      containers:', '        - name: app');
    t.ref(`          image: ${app}`, app);
    t.add(
      '          ports: [{ containerPort: 8080 }]',
      '          resources:',
      '            requests: { cpu: 100m, memory: 128Mi }',
      '            limits: { cpu: "1", memory: 512Mi }',
      '          env:',
    );
    for (let k = 0; k < 3 + int(12); k++) {
      t.add(`            - { name: ${word().toUpperCase()}_${k}, value: "${word()}" }`);
    }
    t.add(
      '        - name: proxy',
      '          image: envoyproxy/envoy:v1.30.1',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: svc-${i}`,
      'spec:',
      `  selector: { app: svc-${i} }`,
      '  ports: [{ port: 80, targetPort: 8080 }]',
    );
    return t;
  };

  const helmValues = (i: number): Text => {
    const repo = `${R1}/charts/chart-${i}`;
    const tag = `${2 + (i % 3)}.${i}.0`;
    const t = new Text().add(`# Default values for chart-${i}.`, `replicaCount: ${1 + (i % 3)}`, '', 'image:');
    t.ref(`  repository: ${repo}`, `${repo}:${tag}`);
    t.add(
      `  tag: "${tag}"`,
      '  pullPolicy: IfNotPresent',
      '',
      'imagePullSecrets: []',
      'serviceAccount:',
      '  create: true',
    );
    t.add('service:', '  type: ClusterIP', '  port: 80', 'ingress:', '  enabled: false', 'resources: {}');
    if (i % 2 === 0) {
      t.add(
        'metrics:',
        '  image:',
        '    registry: quay.io',
        '    repository: prometheus/statsd-exporter',
        '    tag: v0.26.0',
      );
    }
    return t;
  };

  const helmTemplate = (i: number): string =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: {{ include "chart-${i}.fullname" . }}`,
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: {{ .Chart.Name }}',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      '          imagePullPolicy: {{ .Values.image.pullPolicy }}',
      '          {{- with .Values.resources }}',
      '          resources:',
      '            {{- toYaml . | nindent 12 }}',
      '          {{- end }}',
      '',
    ].join('\n');

  const compose = (i: number): Text => {
    const t = new Text().add('services:', '  app:');
    t.ref(`    image: ${image(i, 'app')}`, image(i, 'app'));
    t.add('    ports: ["8080:8080"]', '    depends_on: [db, cache]', '    environment:', `      LOG_LEVEL: info`);
    if (i % 2 === 0) {
      t.add('  worker:');
      t.ref(`    image: ${image(i, 'worker')}`, image(i, 'worker'));
      t.add('    command: ["node", "worker.js"]');
    }
    t.add('  db:', '    image: postgres:16', '    environment: { POSTGRES_PASSWORD: example }');
    t.add('  cache:', '    image: redis:7-alpine', 'volumes:', '  data: {}');
    return t;
  };

  const taskDefinition = (i: number): Text => {
    const t = new Text().add(
      '{',
      `  "family": "svc-${i}",`,
      '  "networkMode": "awsvpc",',
      '  "containerDefinitions": [',
    );
    t.add('    {', `      "name": "app",`);
    t.ref(`      "image": "${image(i, 'task')}",`, image(i, 'task'));
    t.add('      "essential": true,', '      "portMappings": [{ "containerPort": 8080 }],', '      "environment": [');
    const n = 2 + int(8);
    for (let k = 0; k < n; k++) {
      t.add(`        { "name": "${word().toUpperCase()}_${k}", "value": "${word()}" }${k < n - 1 ? ',' : ''}`);
    }
    t.add(
      '      ]',
      '    },',
      '    {',
      '      "name": "xray",',
      '      "image": "public.ecr.aws/xray/aws-xray-daemon:3.3.7"',
      '    }',
    );
    t.add('  ],', '  "requiresCompatibilities": ["FARGATE"],', '  "cpu": "256",', '  "memory": "512"', '}');
    return t;
  };

  const cloudFormation = (i: number): Text => {
    const t = new Text().add(
      "AWSTemplateFormatVersion: '2010-09-09'",
      `Description: stack ${i}`,
      'Parameters:',
      '  Env: { Type: String, Default: prod }',
      'Resources:',
      '  Task:',
      '    Type: AWS::ECS::TaskDefinition',
      '    Properties:',
      `      Family: stack-${i}`,
      '      ContainerDefinitions:',
      '        - Name: app',
    );
    t.ref(`          Image: ${image(i, 'stack')}`, image(i, 'stack'));
    t.add(
      '          Essential: true',
      '          Environment:',
      '            - Name: ENV',
      '              Value: !Ref Env',
    );
    t.add('  Fn:', '    Type: AWS::Lambda::Function', '    Properties:', '      PackageType: Image', '      Code:');
    t.ref(`        ImageUri: ${image(i, 'fn')}`, image(i, 'fn'));
    t.add('      Role: !GetAtt Role.Arn', '  Role:', '    Type: AWS::IAM::Role', '    Properties:');
    t.add(
      '      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }',
      'Outputs:',
      '  Fn: { Value: !Ref Fn }',
    );
    return t;
  };

  const terraform = (i: number): Text => {
    const t = new Text().add(
      `resource "aws_ecs_task_definition" "svc_${i}" {`,
      `  family                   = "svc-${i}"`,
      '  requires_compatibilities = ["FARGATE"]',
      '  cpu                      = 256',
      '  memory                   = 512',
      '  container_definitions = jsonencode([',
      '    {',
      '      name      = "app"',
    );
    t.ref(`      image     = "${image(i, 'tf')}"`, image(i, 'tf'));
    t.add('      essential = true', '      portMappings = [{ containerPort = 8080 }]', '    },', '  ])', '}', '');
    t.add(`resource "aws_lambda_function" "fn_${i}" {`, `  function_name = "fn-${i}"`, '  package_type  = "Image"');
    t.ref(`  image_uri     = "${image(i, 'lambda')}"`, image(i, 'lambda'));
    t.add('  role          = aws_iam_role.fn.arn', '  timeout       = 30', '}');
    return t;
  };

  const workflow = (i: number): Text => {
    const t = new Text().add(
      `name: ci-${i}`,
      'on:',
      '  push: { branches: [main] }',
      '  pull_request: {}',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    container:',
    );
    t.ref(`      image: ${image(i, 'ci')}`, image(i, 'ci'));
    t.add(
      '    services:',
      '      postgres:',
      '        image: postgres:16',
      '    steps:',
      '      - uses: actions/checkout@v4',
    );
    t.add('      - run: npm ci', '      - run: npm test');
    return t;
  };

  const kustomization = (i: number): Text => {
    const repo = `${R1}/team-${i % 23}/overlay-${i}`;
    const t = new Text().add(
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      '  - ../../base',
      'images:',
      '  - name: app',
    );
    t.ref(`    newName: ${repo}`, `${repo}:${i}.0.1`);
    t.add(`    newTag: "${i}.0.1"`, '  - name: nginx', '    newTag: "1.25"');
    return t;
  };

  const imageDefinitions = (i: number): Text => {
    const img = digestImage(i);
    return new Text().add('[').ref(`  { "name": "app", "imageUri": "${img}" }`, img).add(']');
  };

  /** A rendered Helm bundle of about 400 KB (over the worker threshold): ConfigMaps with data, a few Deployments. */
  const rendered = (): Text => {
    const t = new Text().add('# Source: rendered by helm template');
    for (let d = 0; d < 120; d++) {
      t.add('---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: config-${d}`, 'data:');
      for (let k = 0; k < 50; k++) t.add(`  key_${k}: "${words(6)}"`);
      if (d % 24 === 0) {
        t.add('---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: bundle-${d}`, 'spec:');
        t.add('  template:', '    spec:', '      containers:', '        - name: app');
        t.ref(`          image: ${image(900 + d, 'bundle')}`, image(900 + d, 'bundle'));
      }
    }
    return t;
  };

  const kinds: [string, number, (i: number) => [string, Text]][] = [
    ['Dockerfile', 100, (i) => [`${svc(i)}/${i < services ? 'Dockerfile' : 'worker.Dockerfile'}`, dockerfile(i)]],
    [
      'Kubernetes',
      119,
      (i) => [`${svc(i)}/deploy/${i < services ? 'deployment' : 'canary'}.yaml`, deployment(i, image(i, 'app'))],
    ],
    ['Helm values', 40, (i) => [`charts/chart-${i}/values.yaml`, helmValues(i)]],
    ['Compose', 40, (i) => [`${svc(i + 100)}/docker-compose.yml`, compose(i)]],
    ['ECS task definition', 50, (i) => [`${svc(i + 60)}/ecs/taskdef.json`, taskDefinition(i)]],
    ['CloudFormation', 40, (i) => [`infra/cfn/stack-${i}.yaml`, cloudFormation(i)]],
    ['Terraform', 40, (i) => [`infra/terraform/svc-${i}/main.tf`, terraform(i)]],
    ['GitHub workflow', 30, (i) => [`.github/workflows/ci-${i}.yml`, workflow(i)]],
    ['Kustomize', 20, (i) => [`deploy/overlays/env-${i}/kustomization.yaml`, kustomization(i)]],
    ['imagedefinitions.json', 20, (i) => [`${svc(i + 150)}/imagedefinitions.json`, imageDefinitions(i)]],
    ['rendered bundle', 1, () => ['deploy/rendered/all.yaml', rendered()]],
  ];
  for (const [, count, make] of kinds) {
    for (let i = 0; i < count; i++) {
      const [file, text] = make(i);
      write(file, text);
    }
  }

  // ---------------------------------------------------------------- candidates without a private image
  for (let i = 0; i < services; i++) {
    write(
      `${svc(i)}/package.json`,
      JSON.stringify(
        {
          name: `svc-${i}`,
          version: '1.0.0',
          scripts: { build: 'tsc', test: 'mocha' },
          dependencies: { express: '^4.19.0' },
        },
        null,
        2,
      ),
    );
    write(
      `${svc(i)}/tsconfig.json`,
      JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { outDir: 'dist' } }, null, 2),
    );
    write(
      `${svc(i)}/config/app.yaml`,
      `server:\n  port: 8080\nlog:\n  level: info\n${Array.from({ length: 20 + int(60) }, (_, k) => `${word()}_${k}: ${words(3)}`).join('\n')}\n`,
    );
    write(
      `${svc(i)}/deploy/service.yaml`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}-internal\nspec:\n  selector: { app: svc-${i} }\n  ports: [{ port: 9090 }]\n`,
    );
    write(
      `${svc(i)}/deploy/configmap.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: svc-${i}\ndata:\n${Array.from({ length: 10 + int(30) }, (_, k) => `  k${k}: "${words(4)}"`).join('\n')}\n`,
    );
    write(
      `${svc(i)}/openapi.json`,
      JSON.stringify(
        {
          openapi: '3.0.3',
          info: { title: `svc-${i}` },
          paths: Object.fromEntries(
            Array.from({ length: 20 + int(80) }, (_, k) => [
              `/${word()}/${k}`,
              { get: { summary: words(8), responses: { 200: { description: words(5) } } } },
            ]),
          ),
        },
        null,
        2,
      ),
    );
    for (let k = 0; k < 5; k++) {
      write(
        `${svc(i)}/test/fixtures/${word()}-${k}.json`,
        JSON.stringify(
          Array.from({ length: 5 + int(60) }, () => ({ id: hex(8), name: words(2), price: int(1000) })),
          null,
          2,
        ),
      );
    }
  }
  for (let i = 0; i < 40; i++) {
    write(
      `charts/chart-${i}/Chart.yaml`,
      `apiVersion: v2\nname: chart-${i}\nversion: 0.1.${i}\nappVersion: "1.0.${i}"\n`,
    );
    write(`charts/chart-${i}/templates/deployment.yaml`, helmTemplate(i));
    write(
      `charts/chart-${i}/templates/service.yaml`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "chart-${i}.fullname" . }}\nspec:\n  ports: [{ port: {{ .Values.service.port }} }]\n`,
    );
  }
  for (let i = 0; i < 40; i++) {
    write(
      `infra/terraform/svc-${i}/variables.tf`,
      `variable "env" {\n  type    = string\n  default = "prod"\n}\nvariable "cpu" {\n  type = number\n}\n`,
    );
    write(`infra/terraform/svc-${i}/outputs.tf`, `output "arn" {\n  value = aws_ecs_task_definition.svc_${i}.arn\n}\n`);
  }
  for (let i = 0; i < 20; i++) {
    write(
      `tools/tool-${i}/Dockerfile`,
      `FROM python:3.12-slim\nRUN pip install ${word()}\nCOPY . /tool\nENTRYPOINT ["python", "/tool/main.py"]\n`,
    );
    write(
      `examples/example-${i}/compose.yaml`,
      `services:\n  web:\n    image: nginx:1.25\n  db:\n    image: mysql:8\n`,
    );
  }

  // ---------------------------------------------------------------- folders the scan leaves out
  write('.gitignore', 'dist/\nbuild/\n*.log\n.terraform/\ncoverage/\n');
  for (let i = 0; i < 100; i++) {
    write(`dist/manifests/deploy-${i}.yaml`, deployment(1000 + i, image(1000 + i, 'built')));
  }
  for (let i = 0; i < 700; i++) {
    const pkg = `node_modules/${word()}-${i % 140}`;
    if (i % 5 === 0) write(`${pkg}/package.json`, JSON.stringify({ name: `${word()}-${i}`, version: '1.0.0' }));
    else if (i % 50 === 1) write(`${pkg}/test/deploy.yaml`, deployment(2000 + i, image(2000 + i, 'vendored')));
    else {
      write(
        `${pkg}/lib/${word()}-${i}.js`,
        `module.exports = function () {\n  return ${JSON.stringify(words(10 + int(200)))};\n};\n`,
      );
    }
  }
  for (let i = 0; i < 300; i++) {
    write(`.git/objects/${hex(2)}/${hex(38)}`, Buffer.from(hex(200 + int(4000))).toString('base64'));
  }

  // ---------------------------------------------------------------- the rest: source code and documents
  const sourceKinds = ['ts', 'ts', 'ts', 'py', 'go', 'md', 'js', 'sql', 'sh', 'txt'];
  const fillerTarget = 20_000;
  for (let i = 0; files < fillerTarget; i++) {
    const ext = sourceKinds[i % sourceKinds.length]!;
    const dir = `${svc(i)}/${ext === 'md' ? 'docs' : ext === 'sql' ? 'migrations' : 'src'}/${word()}`;
    const lines = 10 + int(ext === 'md' ? 80 : 110);
    const body = Array.from({ length: lines }, (_, k) =>
      ext === 'md' ? `${words(12)}.` : `  const ${word()}${k} = ${JSON.stringify(words(4))}; // ${words(5)}`,
    ).join('\n');
    write(`${dir}/${word()}-${i}.${ext}`, `${body}\n`);
  }

  const savedFile = `${svc(7)}/deploy/deployment.yaml`;
  return {
    root,
    files,
    bytes,
    referencingFiles: referencing.size,
    expected,
    candidates,
    excludedReferences,
    savedFile,
    savedText(tag: string) {
      const app = `${R1}/team-7/app-7:${tag}`;
      const t = deployment(7, app);
      return { text: t.toString(), expected: t.refs.map((r) => ({ file: savedFile, line: r.line, image: r.image })) };
    },
  };
}
