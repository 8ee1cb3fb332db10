/**
 * Credentials out of error text: every message, hint and log detail that `aws/errors.ts` makes passes
 * `redactSecrets`. Pure, no `vscode` import.
 */

/**
 * Credentials that a message may carry: AWS echoes the Authorization header in some signature errors, a
 * `credential_process` may print its output in its error, and an endpoint that is not AWS may say anything.
 */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // Signature, credential scope and session token as request parameters or header values.
  [/((?:X-Amz-)?Signature\s*[=:]\s*)[^\s,;&"']+/gi, '$1[redacted]'],
  [/((?:X-Amz-)?Credential\s*[=:]\s*)[^\s,;&"']+/gi, '$1[redacted]'],
  [
    /((?:X-Amz-Security-Token|aws_session_token|SessionToken|aws_secret_access_key|SecretAccessKey)["']?\s*[=:]\s*["']?)[^\s,;&"']+/gi,
    '$1[redacted]',
  ],
  // Userinfo in a URL (`https://user:password@host`): the origin is enough to say where a request went.
  [/\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/?#@]*@/gi, '$1[redacted]@'],
  // JSON Web Tokens (SSO and OIDC tokens): three base64url parts, the first a JSON header (`{"` is `eyJ`).
  // l10n-ignore: a placeholder in log text
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted token]'],
  // Access key ids (AKIA…, ASIA…, and the other key id prefixes), wherever they stand: after `_`, `=`, `%2F`, any
  // character that is not a capital letter or digit (`\b` misses `key_AKIA…`).
  [
    /(?<![A-Z0-9])(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|APKA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g,
    // l10n-ignore: a placeholder in log text
    '[redacted key id]',
  ],
  // Session tokens: long base64 runs.
  [/[A-Za-z0-9/+]{100,}={0,2}/g, '[redacted]'],
  // Long base64url tokens (upper and lower case and digits, so long lowercase names and paths stay readable).
  [
    /(?<![A-Za-z0-9/+_-])(?=[A-Za-z0-9_-]{0,99}[A-Z])(?=[A-Za-z0-9_-]{0,99}[a-z])(?=[A-Za-z0-9_-]{0,99}\d)[A-Za-z0-9_-]{100,}={0,2}/g,
    '[redacted]',
  ],
  // Secret access keys: 40 base64 characters with upper and lower case letters and digits (a `/` may stand before
  // or after: a secret in a URL path).
  [
    /(?<![A-Za-z0-9+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}\d)[A-Za-z0-9/+]{40}(?![A-Za-z0-9+])/g,
    '[redacted]',
  ],
];

function redactPlain(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A run of base64 characters and escapes: URL-encoded (`%2F`, `%20`) or JSON-escaped (`\/`, `\u002F`). A secret
 * written so is longer than the patterns expect, or hides the separator before it (`%20AKIA…`), and would pass them;
 * each run with an escape in it is decoded and checked again. Units never overlap (`%` and `\` are not base64
 * characters), so the scan is linear.
 */
const ENCODED_RUN = /(?:[A-Za-z0-9/+=_-]|%[0-9A-Fa-f]{2}|\\\/|\\u[0-9A-Fa-f]{4})+/g;
const ESCAPE = /%([0-9A-Fa-f]{2})|\\u([0-9A-Fa-f]{4})|\\(\/)/g;

function decodeEscapes(run: string): string {
  return run.replace(
    ESCAPE,
    (_m, hex2: string | undefined, hex4: string | undefined, slash: string | undefined) =>
      slash ?? String.fromCharCode(parseInt(hex2 ?? hex4 ?? '0', 16)),
  );
}

/**
 * `text` with anything that looks like an AWS credential, session token, signature, JSON Web Token or URL userinfo
 * replaced by `[redacted]`, whether written plainly, URL-encoded or JSON-escaped.
 */
export function redactSecrets(text: string): string {
  // Encoded runs first, whole: redacting the plain parts first could cut a run into pieces too short to recognise.
  const decodedWhereSecret = /[%\\]/.test(text)
    ? text.replace(ENCODED_RUN, (run) => {
        if (!/[%\\]/.test(run)) return run;
        const decoded = decodeEscapes(run);
        const redacted = redactPlain(decoded);
        return redacted === decoded ? run : redacted;
      })
    : text;
  return redactPlain(decodedWhereSecret);
}
