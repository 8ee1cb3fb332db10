/**
 * Figure: reading image references, in plain Node, from the production bundle `dist/references.js` (what the
 * extension host requires): the worst case a hover or the workspace scan may pay for one file, a file just under the
 * 1 MB limit — a multi-document Kubernetes manifest (the `yaml` parser) and a Terraform file (tree-sitter in
 * WebAssembly) — and the time to load the bundle and the Terraform parser the first time.
 */
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { statSync } from 'node:fs';
import type * as ReferencesBundle from '../../src/references/bundle';
import { ReferenceExtractor, WORKER_THRESHOLD } from '../../src/references/documentReferences';
import { check, round, type BenchContext, type Figure } from '../figure';
import { median } from '../stats';

const R = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const LIMIT = 1_000_000;

function repeatUnder(limit: number, make: (i: number) => string): { text: string; count: number } {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; ; i++) {
    const part = make(i);
    if (length + part.length > limit) return { text: parts.join(''), count: i };
    parts.push(part);
    length += part.length;
  }
}

export async function references(ctx: BenchContext): Promise<Figure[]> {
  const dist = path.resolve(__dirname, '..', '..', 'dist');
  const bundlePath = path.join(dist, 'references.js');
  const loadStarted = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(bundlePath) as typeof ReferencesBundle;
  const requireMs = performance.now() - loadStarted;
  const parserStarted = performance.now();
  const terraform = await bundle.loadTerraformParser(bundle.wasmFilesIn(dist));
  const parserMs = performance.now() - parserStarted;

  const manifest = repeatUnder(
    LIMIT,
    (i) =>
      `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\n  labels: { app: web, tier: "${i}" }\n` +
      `spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${R}/shop/web-${i % 50}:1.${i}\n` +
      `          args: [--port, "8080", --level, info]\n          env:\n            - { name: MODE, value: prod }\n`,
  );
  const tf = repeatUnder(
    LIMIT,
    (i) =>
      `resource "aws_ecs_task_definition" "t${i}" {\n  family = "t${i}"\n  container_definitions = jsonencode([\n` +
      `    { name = "web", image = "${R}/shop/web-${i % 50}:1.${i}", essential = true, cpu = 256 },\n  ])\n}\n`,
  );
  const runs = ctx.quick ? 3 : 9;
  const time = (name: string, text: string, expected: number): number[] => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const refs = bundle.extractReferences(name, text, { terraform });
      times.push(performance.now() - started);
      check(refs.length === expected, `${name}: ${refs.length} references, expected ${expected}`);
    }
    return times;
  };
  const yamlTimes = time('k8s.yaml', manifest.text, manifest.count);
  const tfTimes = time('main.tf', tf.text, tf.count);

  // The same manifest as the extension reads it: over WORKER_THRESHOLD, so in the worker thread
  // (dist/referencesWorker.js), while the extension host's thread stays free. The longest stretch that thread was
  // blocked during each request (posting the text, taking the answer) is measured with an event loop delay monitor.
  check(manifest.text.length > WORKER_THRESHOLD, 'the manifest is under the worker threshold');
  const extractor = new ReferenceExtractor(() => bundle, dist, undefined, path.join(dist, 'referencesWorker.js'));
  const workerTimes: number[] = [];
  const blocked: number[] = [];
  let workerStartMs = 0;
  try {
    for (let i = -1; i < runs; i++) {
      const monitor = monitorEventLoopDelay({ resolution: 1 });
      monitor.enable();
      const started = performance.now();
      const refs = await extractor.extract('k8s.yaml', manifest.text);
      const ms = performance.now() - started;
      monitor.disable();
      check(refs.length === manifest.count, `worker: ${refs.length} references, expected ${manifest.count}`);
      if (i < 0) {
        workerStartMs = ms;
      } // the first request also starts the worker
      else {
        workerTimes.push(ms);
        blocked.push(monitor.max / 1e6);
      }
    }
    check(extractor.workerRequests === runs + 1, `${extractor.workerRequests} requests went to the worker`);
  } finally {
    extractor.dispose();
  }
  const kib = (n: number): number => round(n / 1024, 1);
  return [
    {
      id: 'references.yamlMs',
      title: 'References: a 1 MB multi-document Kubernetes manifest, extracted (yaml)',
      value: round(median(yamlTimes), 1),
      unit: 'ms',
      target: { max: 500 },
      detail: { documents: manifest.count, chars: manifest.text.length, runs },
      note: `median of ${runs}; ${manifest.count} documents, ${kib(manifest.text.length)} KiB, one reference each`,
    },
    {
      id: 'references.workerYamlMs',
      title: 'References: the same 1 MB manifest through the worker thread, as the extension reads it',
      value: round(median(workerTimes), 1),
      unit: 'ms',
      target: { max: 500 },
      detail: {
        runs,
        firstWithWorkerStartMs: round(workerStartMs, 1),
        mainThreadBlockedMs: round(median(blocked), 1),
        mainThreadBlockedMaxMs: round(Math.max(...blocked), 1),
      },
      note:
        `median of ${runs} requests to the running worker (the first, which starts it: ${round(workerStartMs, 0)} ms); ` +
        `the extension host's thread blocked at most ${round(median(blocked), 1)} ms per request (median; event loop delay)`,
    },
    {
      id: 'references.terraformMs',
      title: 'References: a 1 MB Terraform file, extracted (tree-sitter, WebAssembly)',
      value: round(median(tfTimes), 1),
      unit: 'ms',
      target: { max: 500 },
      detail: { blocks: tf.count, chars: tf.text.length, runs },
      note: `median of ${runs}; ${tf.count} resources with jsonencode container definitions, ${kib(tf.text.length)} KiB`,
    },
    {
      id: 'references.loadMs',
      title: 'References: first load of dist/references.js and of the Terraform parser',
      value: round(requireMs + parserMs, 1),
      unit: 'ms',
      detail: {
        requireMs: round(requireMs, 1),
        terraformParserMs: round(parserMs, 1),
        bytes: statSync(bundlePath).size,
      },
      note: `require ${round(requireMs, 1)} ms + Terraform parser ${round(parserMs, 1)} ms; bundle ${kib(statSync(bundlePath).size)} KiB (not loaded at activation)`,
    },
  ];
}
