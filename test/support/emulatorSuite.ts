/**
 * The emulator set-up of a mocha suite, in one place (it was copied, and had drifted, across test/aws): start the
 * emulator, set the process environment (a private AWS config in a fresh temp folder: never the user's ~/.aws),
 * optionally create the AWS layer, reset the emulator between tests, and undo all of it after the suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAwsApi } from '../../src/aws/layer';
import type { AwsApi } from '../../src/aws/types';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { applyEnv, isolatedAwsEnv } from './isolatedAws';

export interface EmulatorSuite {
  readonly emulator: Emulator;
  /** The AWS layer (`createAwsApi()`, which builds its clients on first use); disposed after the suite. */
  readonly api: AwsApi;
  /** A fresh temp folder for the suite's AWS config files; removed after the suite. */
  readonly dir: string;
}

export interface EmulatorSuiteOptions {
  readonly emulator?: EmulatorOptions;
  /**
   * The suite's environment, set once the emulator runs (so it may name `emulator.url`) and put back after the
   * suite: variables set to undefined are removed. Default: `isolatedAwsEnv(dir)`; `false` leaves it alone.
   */
  readonly env?: false | ((dir: string, emulator: Emulator) => Record<string, string | undefined>);
  /** Between tests: `reset` (data, faults, requests: the default), `clearRequests`, or nothing. */
  readonly between?: 'reset' | 'clearRequests' | 'none';
  /** Called once all is set up, before the suite's own `before` hooks (registered after this call) run. */
  readonly started?: (suite: EmulatorSuite) => void | Promise<void>;
}

/** Registers the mocha hooks of an emulator suite: call it in a `describe`, before the suite's own hooks. */
export function useEmulator(options: EmulatorSuiteOptions = {}): void {
  let emulator: Emulator | undefined;
  let api: AwsApi | undefined;
  let dir: string | undefined;
  let restoreEnv: (() => void) | undefined;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'if-emulator-suite-'));
    emulator = await startEmulator(options.emulator);
    if (options.env !== false) restoreEnv = applyEnv((options.env ?? ((d) => isolatedAwsEnv(d)))(dir, emulator));
    api = createAwsApi();
    await options.started?.({ emulator, api, dir });
  });

  after(async () => {
    api?.dispose();
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    restoreEnv?.();
  });

  beforeEach(() => {
    if (options.between === 'clearRequests') emulator?.clearRequests();
    else if (options.between !== 'none') emulator?.reset();
  });
}
