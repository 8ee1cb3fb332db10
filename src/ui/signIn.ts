/**
 * Sign In (`imageFootprint.signIn`): for an SSO profile (`sso_session` or legacy `sso_start_url`, or a role whose
 * `source_profile` chain ends at one), a refresh token from the shared cache when there is one, else the IAM Identity
 * Center device authorization inside VS Code: the browser opens the verification page, the code is shown (and can be
 * copied) in a notification, and a cancellable progress polls until the user approves. The token lands in
 * `~/.aws/sso/cache`, where the SDK and the AWS CLI read it. `aws sso login` in a terminal stays offered when the AWS
 * CLI is installed. Other kinds of profile get a message saying how they get credentials.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { AwsProfile } from '../aws/profiles';
import { effectiveProfileName } from '../aws/profiles';
import type { AwsSession } from '../aws/session';
import type { SsoSignInResult } from '../aws/types';
import { notificationText } from '../util/escape';

/** Profile names that can be passed to a shell unquoted. */
const SAFE_PROFILE = /^[A-Za-z0-9_.+@-]{1,128}$/;

/** Why a profile that is not an SSO profile has nothing to sign in to: one whole sentence per kind (l10n.md). */
const nothingToSignIn = (name: string): Record<AwsProfile['kind'], string> => ({
  sso: vscode.l10n.t('Profile "{0}" signs in with IAM Identity Center; there is nothing to sign in to here.', name),
  static: vscode.l10n.t(
    'Profile "{0}" uses access keys from the credentials file: update them there; there is nothing to sign in to here.',
    name,
  ),
  process: vscode.l10n.t(
    'Profile "{0}" gets credentials from its credential_process: sign in with that tool; there is nothing to sign in to here.',
    name,
  ),
  assumeRole: vscode.l10n.t(
    'Profile "{0}" assumes a role with the credentials of its source profile; there is nothing to sign in to here.',
    name,
  ),
  webIdentity: vscode.l10n.t(
    'Profile "{0}" assumes a role with a web identity token file; there is nothing to sign in to here.',
    name,
  ),
  other: vscode.l10n.t(
    'Profile "{0}" has no credentials of its own (environment variables or the default chain are used); there is nothing to sign in to here.',
    name,
  ),
});

export interface SignInEnvironment {
  readonly openExternal: (url: string) => Thenable<boolean>;
  readonly copy: (text: string) => Thenable<void>;
}

export class SignInUi {
  private running: Promise<boolean> | undefined;

  constructor(
    private readonly session: AwsSession,
    private readonly log: vscode.LogOutputChannel,
    private readonly environment: SignInEnvironment = {
      openExternal: (url) => vscode.env.openExternal(vscode.Uri.parse(url, true)),
      copy: (text) => vscode.env.clipboard.writeText(text),
    },
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  register(): vscode.Disposable[] {
    return [vscode.commands.registerCommand('imageFootprint.signIn', (arg?: unknown) => this.signIn(arg))];
  }

  /**
   * `arg`: a profile name; without one the profile requests use. `{ terminal: true }` runs `aws sso login` instead.
   * Resolves true when signed in. A second call while one runs joins it.
   */
  signIn(arg?: unknown): Promise<boolean> {
    this.running ??= this.run(arg).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(arg: unknown): Promise<boolean> {
    const requested =
      typeof arg === 'string' && arg.trim()
        ? arg.trim()
        : typeof arg === 'object' && arg !== null && typeof (arg as { profile?: unknown }).profile === 'string'
          ? (arg as { profile: string }).profile
          : undefined;
    const useTerminal = typeof arg === 'object' && arg !== null && (arg as { terminal?: unknown }).terminal === true;
    const name = requested ?? effectiveProfileName(this.session.profile, this.env);
    this.session.reloadProfiles();
    const { profiles, problems } = await this.session.profiles();
    const profile = profiles.find((p) => p.name === name);
    if (useTerminal) return this.terminal(name);
    if (!profile) {
      const why = problems.length > 0 ? ` ${problems.join(' ')}` : '';
      void vscode.window.showErrorMessage(
        notificationText(vscode.l10n.t('Profile "{0}" is not in your AWS config or credentials file.{1}', name, why)),
      );
      return false;
    }
    if (!profile.sso) {
      const message = profile.ssoProblem
        ? vscode.l10n.t('Profile "{0}" cannot sign in: {1}', name, profile.ssoProblem)
        : nothingToSignIn(name)[profile.kind];
      const picked = await vscode.window.showWarningMessage(
        notificationText(message),
        vscode.l10n.t('Select Profile…'),
      );
      if (picked) await vscode.commands.executeCommand('imageFootprint.selectProfile');
      return false;
    }
    const sso = profile.sso;
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: sso.session
            ? vscode.l10n.t('Signing in to IAM Identity Center (sso-session "{0}")', sso.session)
            : vscode.l10n.t('Signing in to IAM Identity Center ({0})', sso.startUrl),
          cancellable: true,
        },
        async (progress, token) => {
          const stop = new AbortController();
          token.onCancellationRequested(() => stop.abort());
          const signIn = this.session.ssoSignIn();
          progress.report({ message: vscode.l10n.t('checking the cached session…') });
          const refreshed = await signIn.refresh(sso, stop.signal);
          if (refreshed) return refreshed;
          const auth = await signIn.startDeviceAuthorization(sso, stop.signal);
          const url = auth.verificationUriComplete ?? auth.verificationUri;
          progress.report({ message: vscode.l10n.t('confirm the code {0} in your browser…', auth.userCode) });
          this.log.info(`Sign-in for profile ${name}: code ${auth.userCode}, verification page ${url}`);
          void this.environment.openExternal(url);
          void this.offerCode(auth.userCode, url, stop.signal);
          return auth.complete(stop.signal);
        },
      );
      this.signedIn(name, result);
      return true;
    } catch (err) {
      return this.failed(name, err);
    }
  }

  /** The code, copyable, and the page again (the browser may not have opened), until the sign-in ends. */
  private async offerCode(userCode: string, url: string, signal: AbortSignal): Promise<void> {
    const copyCode = vscode.l10n.t('Copy Code');
    for (;;) {
      const picked = await vscode.window.showInformationMessage(
        notificationText(
          vscode.l10n.t(
            'Your sign-in code is {0}. Confirm it on the page that opened in your browser (close this once signed in).',
            userCode,
          ),
        ),
        copyCode,
        vscode.l10n.t('Open Page Again'),
      );
      if (signal.aborted || picked === undefined) return;
      if (picked === copyCode) await this.environment.copy(userCode);
      else await this.environment.openExternal(url);
    }
  }

  private signedIn(name: string, result: SsoSignInResult): void {
    this.session.resetCredentials();
    this.log.info(`Signed in for profile ${name} (${result.via}); token valid until ${result.expiresAt.toISOString()}`);
    void vscode.window.showInformationMessage(
      notificationText(
        vscode.l10n.t(
          'Signed in for profile "{0}" until {1}. The views load again.',
          name,
          result.expiresAt.toLocaleTimeString(),
        ),
      ),
    );
    void vscode.commands.executeCommand('imageFootprint.refresh');
  }

  private async failed(name: string, err: unknown): Promise<boolean> {
    const reason = (err as { reason?: unknown }).reason;
    // Cancelled while a request was in flight: the SDK throws its AbortError.
    if (reason === 'cancelled' || (err as { name?: unknown }).name === 'AbortError') {
      this.log.info(`Sign-in for profile ${name} was cancelled`);
      return false;
    }
    const message =
      reason === 'denied'
        ? vscode.l10n.t('The sign-in was denied in the browser.')
        : reason === 'expired'
          ? vscode.l10n.t('The sign-in code expired before it was confirmed.')
          : vscode.l10n.t('Sign-in failed: {0}', err instanceof Error ? err.message : String(err));
    this.log.error(`Sign-in for profile ${name}: ${message}`);
    const tryAgain = vscode.l10n.t('Try Again');
    const showLog = vscode.l10n.t('Show Log');
    const useTerminal = (await this.hasAwsCli()) ? [vscode.l10n.t('Use Terminal (aws sso login)')] : [];
    const picked = await vscode.window.showErrorMessage(notificationText(message), tryAgain, ...useTerminal, showLog);
    if (picked === tryAgain) return this.run(name);
    if (picked === showLog) this.log.show(true);
    else if (picked) return this.terminal(name);
    return false;
  }

  /** `aws sso login --profile …` in a terminal: the alternative when the AWS CLI is installed. */
  private async terminal(name: string): Promise<boolean> {
    if (!(await this.hasAwsCli())) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('The AWS CLI ("aws") is not on the PATH; use Sign In in the editor instead.'),
      );
      return false;
    }
    const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('AWS sign-in') });
    terminal.show();
    // l10n-ignore: a shell command
    terminal.sendText(SAFE_PROFILE.test(name) ? `aws sso login --profile ${name}` : 'aws sso login', false);
    this.session.resetCredentials();
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Run the command in the terminal to sign in, then use Retry or Refresh in the Image Footprint views.',
      ),
    );
    return false;
  }

  /** Whether an `aws` executable is on the PATH. */
  async hasAwsCli(): Promise<boolean> {
    // Required on first use, not at activation (as everywhere in the activation bundle: BENCHMARKS.md).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { access } = require('node:fs/promises') as typeof import('node:fs/promises');
    const names = process.platform === 'win32' ? ['aws.exe', 'aws.cmd'] : ['aws'];
    for (const dir of (this.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
      for (const n of names) {
        try {
          await access(path.join(dir, n));
          return true;
        } catch {
          // not here
        }
      }
    }
    return false;
  }
}
