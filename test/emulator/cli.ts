/**
 * npm run emulator -- --port 4599 [--seed 7] [--clusters 10000] [--dataset demo|generated] [--data f.json]
 *                     [--fault GetClustersForImage=throttle:2] [--short-pages 0.2] [--json]
 */
import { parseArgs } from 'node:util';
import { BIG_IMAGE, DEMO, FAULT_SYNTAX, imageUri, OPERATION_NAMES, parseFaultAssignment, startEmulator } from './index';
import type { DatasetName, EmulatorOptions, FaultSpec } from './index';

const USAGE = `Usage: npm run emulator -- [options]

  --port N           port on 127.0.0.1 (default 4599; 0 = any free port)
  --seed N           seed of the generated data (default 7)
  --clusters N       clusters of the big image ${BIG_IMAGE.repository}:${BIG_IMAGE.tag} (default 1000)
  --dataset NAME     demo (default: the demo story + generated data) or generated (generated data only)
  --data FILE        serve this JSON fixture instead (format: test/emulator/README.md)
  --fault OP=FAULT   inject a fault; repeatable. OP is an operation name or *; FAULT is one of
                     ${FAULT_SYNTAX}
  --short-pages R    share 0–1 of pages cut short while a token follows (default 0.2)
  --json             print one JSON line with the endpoints instead of the text
  --help

Operations: ${OPERATION_NAMES.join(', ')}`;

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a whole number, not '${text}'.`);
  return Number(text);
}

function options(argv: string[]): { emulator: EmulatorOptions; json: boolean } | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      clusters: { type: 'string' },
      dataset: { type: 'string' },
      data: { type: 'string' },
      fault: { type: 'string', multiple: true },
      'short-pages': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return undefined;
  const faults: Record<string, FaultSpec> = {};
  for (const assignment of values.fault ?? []) {
    const [operation, fault] = parseFaultAssignment(assignment);
    faults[operation] = fault;
  }
  if (values.dataset !== undefined && values.dataset !== 'demo' && values.dataset !== 'generated') {
    throw new Error(`--dataset must be demo or generated, not '${values.dataset}'.`);
  }
  let shortPageRate: number | undefined;
  if (values['short-pages'] !== undefined) {
    shortPageRate = Number(values['short-pages']);
    if (!(shortPageRate >= 0 && shortPageRate <= 1)) {
      throw new Error(`--short-pages must be a number from 0 to 1, not '${values['short-pages']}'.`);
    }
  }
  return {
    json: values.json ?? false,
    emulator: {
      port: wholeNumber('port', values.port, 4599),
      seed: wholeNumber('seed', values.seed, 7),
      clusters: wholeNumber('clusters', values.clusters, 1000),
      ...(values.dataset !== undefined && { dataset: values.dataset as DatasetName }),
      ...(values.data !== undefined && { data: values.data }),
      ...(shortPageRate !== undefined && { shortPageRate }),
      faults,
    },
  };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof options>;
  try {
    parsed = options(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!parsed) {
    console.log(USAGE);
    return;
  }
  let emulator;
  try {
    emulator = await startEmulator(parsed.emulator);
  } catch (e) {
    console.error(`Cannot start the emulator: ${(e as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const settings = { 'imageFootprint.endpoints': emulator.endpoints, 'imageFootprint.region': DEMO.region };
  if (parsed.json) {
    console.log(JSON.stringify({ url: emulator.url, endpoints: emulator.endpoints, settings }));
  } else {
    const worker = {
      accountId: DEMO.accountId,
      region: DEMO.region,
      repository: DEMO.images.worker.repository,
      digest: '',
    };
    console.log(
      [
        `Image Footprint AWS emulator on ${emulator.url}`,
        `  Inspector2     ${emulator.endpoints.inspector2}`,
        `  Image Builder  ${emulator.endpoints.imagebuilder}`,
        `  Control API    ${emulator.url}/__emulator  (faults, request log: test/emulator/README.md)`,
        '',
        'VS Code settings (settings.json):',
        JSON.stringify(settings, null, 2).replace(/^/gm, '  '),
        '',
        'Any credentials work, e.g. AWS_ACCESS_KEY_ID=AKIAEMULATOR AWS_SECRET_ACCESS_KEY=emulator AWS_REGION=us-east-1',
        `Try: ${imageUri(worker, DEMO.images.worker.tag)}`,
        ...Object.entries(parsed.emulator.faults ?? {}).map(([op, f]) => `Fault: ${op} = ${JSON.stringify(f)}`),
        'Ctrl+C stops it.',
      ].join('\n'),
    );
  }
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
