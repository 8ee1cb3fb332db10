// Starts the local AWS emulator (test/emulator/index.ts, its own issue) when it exists, for the harness: the
// integration run, the browser check and the demo. Loaded by path, so the harness works before the emulator lands.
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface EmulatorHandle {
  readonly url: string;
  readonly endpoints: { readonly inspector2: string; readonly imagebuilder: string };
  close(): Promise<void>;
}

interface EmulatorModule {
  startEmulator(options?: Record<string, unknown>): Promise<EmulatorHandle>;
}

const emulatorEntry = path.resolve(__dirname, '..', 'emulator', 'index.ts');

function isEmulatorModule(m: unknown): m is EmulatorModule {
  return typeof m === 'object' && m !== null && typeof (m as { startEmulator?: unknown }).startEmulator === 'function';
}

/** The running emulator, or undefined (with the reason logged) when test/emulator/index.ts does not exist yet. */
export async function startEmulatorIfPresent(
  options: Record<string, unknown> = {},
  log: (line: string) => void = console.log,
): Promise<EmulatorHandle | undefined> {
  if (!existsSync(emulatorEntry)) {
    log('emulator: test/emulator/index.ts does not exist yet; running without it');
    return undefined;
  }
  const mod: unknown = await import(emulatorEntry);
  if (!isEmulatorModule(mod)) throw new Error(`${emulatorEntry} does not export startEmulator()`);
  const emulator = await mod.startEmulator(options);
  log(`emulator: listening at ${emulator.url}`);
  return emulator;
}

/** Environment that points the AWS SDK at nothing real: dummy keys, a fixed region, private config files, no IMDS. */
export function isolatedAwsEnv(configFile: string, credentialsFile: string): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: 'AKIAIFTESTDUMMYKEY00',
    AWS_SECRET_ACCESS_KEY: 'image-footprint-test-secret-not-real',
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_INSPECTOR2: undefined,
    AWS_ENDPOINT_URL_IMAGEBUILDER: undefined,
  };
}
