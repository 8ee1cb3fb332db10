// The demo: builds and packages the extension (image-footprint.vsix), installs the editor when missing, starts the
// emulator with its demo data and a code-server with the .vsix installed and pointed at the emulator, prints the URL,
// and stops everything on Ctrl-C. Entry: scripts/demo.mjs (npm run demo).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installEditor } from './install-editor.mjs';
import { startEmulator, type Emulator } from '../test/emulator/index';
import { isolatedAwsEnv } from '../test/support/isolatedAws';
import { startCodeServer, workbenchUrl, type CodeServer } from '../test/vscode/codeServer';

const repoRoot = path.resolve(__dirname, '..');
const vsix = path.join(repoRoot, 'image-footprint.vsix');
const demoRoot = path.join(repoRoot, '.vscode-test', 'demo');
const workspace = path.join(repoRoot, 'demo', 'workspace');

const USAGE = `Usage: npm run demo [-- options]

  --port N           code-server port on 127.0.0.1 (default 8080)
  --emulator-port N  emulator port (default 4599, or a free one when 4599 is taken)
  --no-build         use the image-footprint.vsix that is there
  --help`;

/** Profiles the profile picker can offer; the keys are dummies the emulator accepts (it checks no signature). */
const AWS_CONFIG = `[default]
region = us-east-1

[profile demo]
region = us-east-1
aws_access_key_id = AKIAIFDEMODUMMYKEY01
aws_secret_access_key = image-footprint-demo-secret-not-real

[profile demo-eu]
region = eu-west-1
aws_access_key_id = AKIAIFDEMODUMMYKEY02
aws_secret_access_key = image-footprint-demo-secret-not-real

# Sign In in the editor: IAM Identity Center (the emulator's SSO-OIDC and SSO portal, see AWS_ENDPOINT_URL_SSO*).
[profile demo-sso]
sso_session = image-footprint-demo
sso_account_id = 111122223333
sso_role_name = ImageFootprintReadOnly
region = us-east-1

[sso-session image-footprint-demo]
sso_start_url = https://image-footprint-demo.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

# A role with an MFA device: the code is asked in an input box (any 6 digits but 000000; STS is the emulator).
[profile demo-mfa]
role_arn = arn:aws:iam::111122223333:role/DemoAdminMfa
source_profile = demo
mfa_serial = arn:aws:iam::111122223333:mfa/demo-user
region = us-east-1
`;

function port(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) {
    throw new Error(`--${name} must be a port number 1–65535, not '${text}'.`);
  }
  return n;
}

async function startDemoEmulator(preferred: number, explicit: boolean): Promise<Emulator> {
  try {
    return await startEmulator({ port: preferred, dataset: 'demo' });
  } catch (err) {
    if (explicit || (err as { code?: unknown }).code !== 'EADDRINUSE') throw err;
    console.log(`demo: port ${preferred} is taken; the emulator takes a free one`);
    return startEmulator({ port: 0, dataset: 'demo' });
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'emulator-port': { type: 'string' },
      'no-build': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const serverPort = port('port', values.port, 8080);
  const emulatorPort = port('emulator-port', values['emulator-port'], 4599);

  if (!values['no-build']) {
    console.log('demo: building and packaging the extension (npm run package)…');
    const r = spawnSync('npm', ['run', '--silent', 'package'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) throw new Error('npm run package failed (see above)');
  } else if (!existsSync(vsix)) {
    throw new Error('image-footprint.vsix is missing: run without --no-build (or `npm run package`) first');
  }
  const editor = await installEditor();
  if (!existsSync(workspace)) mkdirSync(workspace, { recursive: true });

  let emulator: Emulator | undefined;
  let server: CodeServer | undefined;
  let stopping: Promise<void> | undefined;
  /** Stops everything once, however many signals arrive (Ctrl-C reaches npm, the wrapper and this process). */
  const stop = (code: number): Promise<never> => {
    stopping ??= (async () => {
      console.log('\ndemo: stopping code-server and the emulator…');
      await server?.close();
      await emulator?.close();
      console.log('demo: stopped');
    })();
    return stopping.then(() => process.exit(code));
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    emulator = await startDemoEmulator(emulatorPort, values['emulator-port'] !== undefined);
    rmSync(demoRoot, { recursive: true, force: true });
    mkdirSync(path.join(demoRoot, 'home'), { recursive: true });
    server = await startCodeServer({
      editor,
      port: serverPort,
      root: demoRoot,
      vsix: [vsix],
      folder: workspace,
      userSettings: {
        'imageFootprint.endpoints': emulator.endpoints,
        'imageFootprint.region': 'us-east-1',
        'workbench.startupEditor': 'none',
      },
      env: {
        ...isolatedAwsEnv(path.join(demoRoot, 'aws'), AWS_CONFIG),
        // The SSO token cache is ~/.aws/sso/cache: a home of its own, so the demo never writes into yours.
        HOME: path.join(demoRoot, 'home'),
        // The SDK's endpoint settings: sign-in (SSO-OIDC), role credentials (SSO portal) and AssumeRole (STS).
        AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
        AWS_ENDPOINT_URL_SSO: emulator.url,
        AWS_ENDPOINT_URL_STS: emulator.url,
      },
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`demo: ${message}`);
    if (/EADDRINUSE|address already in use/i.test(message)) {
      console.error(`demo: port ${serverPort} is taken: choose another with \`npm run demo -- --port 8081\``);
    }
    return stop(1);
  }

  console.log(`
  Image Footprint demo is running.

    Open:      ${workbenchUrl(server, { folder: workspace })}
    Emulator:  ${emulator.url}  (demo data; request log at ${emulator.url}/__emulator/requests)
    Profiles:  default, demo, demo-eu (eu-west-1): dummy keys in a private AWS config, your ~/.aws is not read;
               demo-sso: Sign In (status bar menu) runs the IAM Identity Center device sign-in against the emulator
               (approve on the page it opens); demo-mfa: asks for an MFA code (any 6 digits)

  Press Ctrl-C to stop.`);
  const code = await server.exited;
  if (stopping) return stop(0); // Ctrl-C: wait until everything is stopped
  console.error(`demo: code-server exited unexpectedly (${code}):\n${server.outputTail()}`);
  return stop(1);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
