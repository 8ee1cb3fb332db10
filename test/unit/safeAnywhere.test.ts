/**
 * Safe in any repository (issue 12): endpoint overrides a workspace cannot choose, bounded work on hostile
 * Dockerfiles, linear text helpers, lookups that `constructor` cannot break, tooltips that never link or draw icons
 * from data, and redaction of secrets however they are written. Property-based (fast-check) where a property says
 * more than examples; the worst-case timings are `npm run bench` figures (bench/figures/parsers.ts), not asserted here.
 */
import '../support/useStandIn';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vscode from 'vscode';
import {
  activeEndpointOverrides,
  describeEndpointOverrides,
  endpointOrigin,
  endpointProblem,
  isLoopbackHost,
} from '../../src/aws/endpoints';
import { redactSecrets } from '../../src/aws/errors';
import { findImageReferences, MAX_EXPANSION_LENGTH } from '../../src/dockerfile/references';
import { WorkloadNode, type ClusterDetailNode } from '../../src/inspector/clusterNodes';
import { normalizeSettings, RESTRICTED_SETTINGS } from '../../src/settings';
import type { AwsSession } from '../../src/aws/session';
import { shownAsText } from '../../src/tree/node';
import { renderStatusBar } from '../../src/ui/connection';
import { consoleHost } from '../../src/util/consoleLinks';
import {
  displayLine,
  escapeMarkdown,
  markdownWithoutAutolinks,
  notificationText,
  plainLabel,
  truncateMiddle,
} from '../../src/util/escape';
import {
  SECRET_ACCESS_KEY,
  SECRET_ACCESS_KEY_ID,
  SECRET_SESSION_TOKEN,
  findSecrets,
} from '../fixtures/hostile/secrets';
import packageJson from '../../package.json';

/** Names that are keys of every plain object: a lookup by data must find nothing for them. */
const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];

describe('Safe in any repository', () => {
  describe('endpoint overrides', () => {
    const setting = 'imageFootprint.endpoints.inspector2';

    it('accepts https anywhere and http only for this machine', () => {
      for (const ok of [
        'https://inspector2.us-east-1.amazonaws.com',
        'https://vpce-1.inspector2.us-east-1.vpce.amazonaws.com',
        'http://127.0.0.1:4599',
        'http://127.9.8.7',
        'http://localhost:4599',
        'http://emulator.localhost:1',
        'http://[::1]:4599',
        'http://[::ffff:127.0.0.1]:4599',
      ]) {
        assert.equal(endpointProblem(setting, ok), undefined, ok);
      }
      for (const bad of [
        'http://10.0.0.1:4599',
        'http://192.168.1.10',
        'http://evil.example',
        'http://127.0.0.1.evil.example',
        'http://localhost.evil.example',
        'http://0.0.0.0:4599',
        'http://[::2]:1',
        'https://user:pass@inspector2.example',
        'http://user@127.0.0.1:4599',
      ]) {
        const problem = endpointProblem(setting, bad);
        assert.ok(problem, bad);
        assert.match(problem, /imageFootprint\.endpoints\.inspector2/);
        assert.match(problem, /https:\/\/.*http:\/\/127\.0\.0\.1:4599/);
        assert.match(problem, /ignored/);
        const { settings, problems } = normalizeSettings({ endpoints: { inspector2: bad } });
        assert.equal(settings.endpoints.inspector2, undefined, `the override is not used: ${bad}`);
        assert.equal(problems.length, 1);
      }
    });

    it('refuses http for any host that is not loopback (property)', () => {
      const notLoopback = fc
        .oneof(
          fc.domain(),
          fc.ipV4(),
          fc.ipV6().map((ip) => `[${ip}]`),
        )
        .filter((host) => !isLoopbackHost(new URL(`http://${host}`).hostname));
      fc.assert(
        fc.property(notLoopback, fc.option(fc.integer({ min: 1, max: 65535 })), (host, port) => {
          const url = `http://${host}${port === null ? '' : `:${port}`}/`;
          assert.ok(endpointProblem(setting, url), url);
          assert.equal(endpointProblem(setting, url.replace(/^http:/, 'https:')), undefined);
        }),
      );
      fc.assert(
        fc.property(fc.ipV4(), (ip) => {
          assert.equal(isLoopbackHost(ip), ip.startsWith('127.'), ip);
        }),
      );
    });

    it('reads only keys of its own from the endpoints object', () => {
      for (const key of PROTOTYPE_KEYS) {
        const { settings, problems } = normalizeSettings({ endpoints: JSON.parse(`{"${key}": "http://127.0.0.1:1"}`) });
        assert.deepEqual(settings.endpoints, {});
        assert.deepEqual(problems, []);
      }
      const inherited = normalizeSettings({ endpoints: Object.create({ inspector2: 'https://evil.example' }) });
      assert.deepEqual(inherited.settings.endpoints, {});
    });

    it('names the active overrides by origin only, from the setting or the environment, for the status bar and log', () => {
      assert.equal(describeEndpointOverrides(activeEndpointOverrides({}, {})), undefined);
      const overrides = activeEndpointOverrides(
        { inspector2: 'http://127.0.0.1:4599/some/path?x=1' },
        { AWS_ENDPOINT_URL_IMAGEBUILDER: 'https://bob:hunter2@ib.example:8443/prefix', AWS_ENDPOINT_URL: 'x' },
      );
      assert.deepEqual(overrides, [
        {
          service: 'inspector2',
          origin: 'http://127.0.0.1:4599',
          source: 'imageFootprint.endpoints.inspector2',
          fromEnvironment: false,
        },
        {
          service: 'imagebuilder',
          origin: 'https://ib.example:8443',
          source: 'AWS_ENDPOINT_URL_IMAGEBUILDER',
          fromEnvironment: true,
        },
      ]);
      const described = describeEndpointOverrides(overrides);
      assert.ok(described);
      assert.match(described.statusText, /override/);
      assert.ok(described.tooltipLines.some((l) => l.includes('https://ib.example:8443')));
      assert.ok(!described.logLine.includes('hunter2') && !described.logLine.includes('bob'));
      assert.deepEqual(
        activeEndpointOverrides({}, { AWS_ENDPOINT_URL: 'https://all.example' }).map((o) => o.service),
        ['inspector2', 'imagebuilder'],
      );
    });

    it('never shows a user name or password of an endpoint URL (property)', () => {
      const userinfo = fc.tuple(
        fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/),
        fc.stringMatching(/^[A-Za-z0-9._~-]{6,12}$/),
      );
      fc.assert(
        fc.property(userinfo, fc.domain(), ([user, password], host) => {
          const url = `https://${user}:${password}@${host}/p`;
          const origin = endpointOrigin(url);
          assert.equal(origin, new URL(url).origin);
          assert.equal(origin, `https://${new URL(url).host}`, 'scheme and host only');
          assert.ok(!origin.includes('@'), origin);
          assert.ok(!redactSecrets(`could not reach ${url}`).includes(`${password}@`));
        }),
        { numRuns: 2000 },
      );
    });

    it('is user-only in package.json, and every setting that picks the target or identity is restricted', () => {
      const contributes = packageJson.contributes.configuration.properties;
      assert.equal(contributes['imageFootprint.endpoints'].scope, 'application');
      const capabilities = (packageJson as { capabilities?: Record<string, unknown> }).capabilities;
      const untrusted = capabilities?.untrustedWorkspaces as
        { supported: unknown; restrictedConfigurations?: string[] } | undefined;
      assert.equal(untrusted?.supported, 'limited');
      assert.deepEqual(
        [...(untrusted?.restrictedConfigurations ?? [])].sort(),
        RESTRICTED_SETTINGS.map((s) => `imageFootprint.${s}`).sort(),
      );
      for (const key of ['profile', 'region', 'endpoints']) {
        assert.ok(RESTRICTED_SETTINGS.includes(key as (typeof RESTRICTED_SETTINGS)[number]), key);
      }
    });
  });

  describe('the status bar item', () => {
    function statusItem(
      overrides: ReturnType<AwsSession['endpointOverrides']>,
      profile = 'dev',
    ): { text: string; tooltip: vscode.MarkdownString; backgroundColor?: vscode.ThemeColor } {
      return renderStatusBar({
        profile,
        effectiveProfile: profile,
        region: 'us-east-1',
        regionSource: 'setting',
        overrides: describeEndpointOverrides(overrides),
      });
    }

    it('says when an endpoint override is active: warning colour, the host in the tooltip', async () => {
      const plain = statusItem([]);
      assert.equal(plain.backgroundColor, undefined);
      assert.doesNotMatch(plain.text, /override/);
      const overridden = statusItem(
        activeEndpointOverrides({}, { AWS_ENDPOINT_URL_INSPECTOR2: 'https://u:p@vpce.example:8443/x' }),
      );
      assert.match(overridden.text, /endpoint override/);
      assert.equal(overridden.backgroundColor?.id, 'statusBarItem.warningBackground');
      const shown = overridden.tooltip.value.replace(/\\([!-/:-@[-`{-~])/g, '$1');
      assert.match(shown, /inspector2 → https:\/\/vpce\.example:8443 \(from AWS_ENDPOINT_URL_INSPECTOR2/);
      assert.doesNotMatch(overridden.tooltip.value, /(?<!\\)https?(?<!\\):\/\//, 'the host is not a link');
      assert.doesNotMatch(shown, /u:p@/);
    });

    it('never draws an icon or a link from the profile name', async () => {
      const item = statusItem([], '$(zap)https://evil.example');
      assert.doesNotMatch(item.text.replace(/^\$\(cloud\) /, ''), /\$\(/);
      assert.doesNotMatch(item.tooltip.value, /(?<!\\)https?(?<!\\):\/\//);
    });
  });

  describe('bounded work on hostile Dockerfiles', () => {
    /** `ARG A0=xxxxxxxx`, then `width` copies of the previous ARG per level, `depth` levels, then `FROM ${A<depth>}`. */
    function doubling(width: number, depth: number, seed = 'xxxxxxxx'): string {
      const lines = [`ARG A0=${seed}`];
      for (let i = 1; i <= depth; i++) lines.push(`ARG A${i}=${`\${A${i - 1}}`.repeat(width)}`);
      lines.push(`FROM \${A${depth}}`);
      return lines.join('\n');
    }

    it('the 419-byte Dockerfile (eight levels of eightfold ARGs: 134 million characters) is unresolved, not expanded', () => {
      const text = doubling(8, 8);
      assert.ok(text.length <= 419, `${text.length} bytes`);
      const [ref] = findImageReferences(text);
      assert.ok(ref, 'the FROM line is still found');
      assert.match(ref.unresolved ?? '', new RegExp(`longer than ${MAX_EXPANSION_LENGTH}`));
      assert.ok(ref.image.length <= MAX_EXPANSION_LENGTH);
    });

    it('expands an ARG up to the bound exactly, and anything longer is unresolved (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 9 }),
          fc.integer({ min: 1, max: 12 }),
          fc.stringMatching(/^[a-z]{1,12}$/),
          (width, depth, seed) => {
            const expected = seed.length * width ** depth;
            const [ref] = findImageReferences(doubling(width, depth, seed));
            assert.ok(ref);
            if (expected <= MAX_EXPANSION_LENGTH) {
              assert.equal(ref.unresolved, undefined);
              assert.equal(ref.image, seed.repeat(width ** depth));
            } else {
              assert.match(ref.unresolved ?? '', /longer than/);
              assert.ok(ref.image.length <= MAX_EXPANSION_LENGTH);
            }
          },
        ),
        { numRuns: 200 },
      );
    });

    it('bounds a value built with ${A:-…} defaults and ENV in a stage as well', () => {
      const text = [
        'ARG A0=xxxxxxxxxxxxxxxx',
        ...Array.from({ length: 12 }, (_, i) => `ARG A${i + 1}=\${A${i}:-y}\${NOPE:-\${A${i}}}`),
        'FROM alpine',
        'ARG A12',
        ...Array.from({ length: 12 }, (_, i) => `ENV E${i + 1}=\${A12}\${A12}`),
        'COPY --from=${A12} /a /b',
        'FROM ${A12}',
      ].join('\n');
      const refs = findImageReferences(text);
      assert.equal(refs.length, 3);
      for (const ref of refs.slice(1)) assert.match(ref.unresolved ?? '', /longer than/);
    });
  });

  describe('text helpers are linear on hostile text', () => {
    // Mocha's timeout (20 s) is the only clock here: today's quadratic expression needs minutes for these.
    it('displayLine, escapeMarkdown and notificationText on 200 000 spaces without a line break', () => {
      const spaces = ' '.repeat(200_000);
      assert.equal(displayLine(`${spaces}x`, 10).length, 10);
      assert.ok(escapeMarkdown(`a${spaces}b`).endsWith('b'));
      assert.ok(notificationText(`${spaces}]${spaces}(`).length <= 2000);
    });

    /** Today's expression, as an oracle for the rewrite on short inputs. */
    const OLD_LINE_BREAK_RUN = /[^\S\r\n\u0085\u2028\u2029]*(?:\r\n|[\r\n\u0085\u2028\u2029])[\s\u0085]*/g;
    const whitespaceHeavy = fc.string({
      unit: fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', '\u0085', '\u2028', '\u2029', '\u00A0', 'a', 'b', '\v'),
      maxLength: 40,
    });

    it('joins lines exactly as the expression it replaces did (property)', () => {
      fc.assert(
        fc.property(whitespaceHeavy, (text) => {
          const expected = text.replace(OLD_LINE_BREAK_RUN, ' ').replace(/\p{Cc}/gu, ' ');
          assert.equal(displayLine(text, 10_000), expected);
        }),
        { numRuns: 2000 },
      );
    });

    it('truncateMiddle keeps at most max code points, never splits a pair, and keeps both ends (property)', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: 'grapheme-composite', maxLength: 60 }),
          fc.integer({ min: 1, max: 30 }),
          (s, max) => {
            const out = truncateMiddle(s, max);
            const points = Array.from(out);
            assert.ok(points.length <= max);
            assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out) || out === s);
            if (Array.from(s).length <= max) assert.equal(out, s);
            else {
              const all = Array.from(s);
              const head = Math.ceil((max - 1) / 2);
              const tail = max - 1 - head;
              assert.equal(out, all.slice(0, head).join('') + '…' + (tail > 0 ? all.slice(-tail).join('') : ''));
            }
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('truncateMiddle on a 20 MB string touches only the ends', () => {
      const huge = '😀'.repeat(10_000_000);
      assert.equal(truncateMiddle(huge, 5), '😀😀…😀😀');
    });
  });

  describe('lookups keyed by data', () => {
    it('a workload type named like an Object.prototype key gets the default icon, not a function', () => {
      const parent = { id: 'p' } as unknown as ClusterDetailNode;
      for (const type of [...PROTOTYPE_KEYS, 'Deployment', 'job']) {
        const item = new WorkloadNode(parent, 'w', type, 0).getTreeItem();
        const icon = item.iconPath as vscode.ThemeIcon;
        assert.equal(typeof icon.id, 'string', type);
        assert.equal(icon.id, PROTOTYPE_KEYS.includes(type) ? 'symbol-misc' : type === 'job' ? 'run-all' : 'rocket');
      }
    });

    it('a partition named like an Object.prototype key has no console', () => {
      for (const key of PROTOTYPE_KEYS) assert.equal(consoleHost(key), undefined, key);
      assert.equal(consoleHost('aws'), 'console.aws.amazon.com');
    });
  });

  describe('Markdown and labels from AWS', () => {
    it('a tree tooltip never links a URL, an address or a www host from API text, and never draws an icon', () => {
      const data = 'see https://evil.example/x and www.evil.example or admin@evil.example $(zap) [a](command:x)';
      const md = new vscode.MarkdownString('**Cluster** ').appendText(data);
      const item = shownAsText(Object.assign(new vscode.TreeItem('x'), { tooltip: md }));
      const value = (item.tooltip as vscode.MarkdownString).value;
      assert.doesNotMatch(value, /(?<!\\)https?(?<!\\):\/\//);
      assert.doesNotMatch(value, /www(?<!\\)\./);
      assert.doesNotMatch(value, /[^\\]@/);
      assert.doesNotMatch(value, /(?<!\\)\$\(/);
      assert.match(value, /^\*\*Cluster\*\* /, 'our own markup stays');
    });

    it('markdownWithoutAutolinks escapes each :, @, . and $ once, whatever came before (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('\\', ':', '@', '.', '$', 'a', ' ', '(') }), (s) => {
          const out = markdownWithoutAutolinks(s);
          for (let i = 0; i < out.length; i++) {
            if (!':@.$'.includes(out[i])) continue;
            let n = 0;
            while (i - n - 1 >= 0 && out[i - n - 1] === '\\') n++;
            assert.equal(n % 2, 1, `${JSON.stringify(s)} → ${JSON.stringify(out)}`);
          }
        }),
      );
    });

    it('escapeMarkdown leaves nothing a renderer could link or draw (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
          const out = escapeMarkdown(s);
          assert.doesNotMatch(out, /(?<!\\)[:@$[\]()<>`*_]/);
          assert.doesNotMatch(out, /[\r\n]/);
        }),
      );
    });

    it('plainLabel never leaves $( that would draw an icon (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('$', '(', ')', 'zap', ' ', '\n') }), (s) => {
          assert.doesNotMatch(plainLabel(s), /\$\(/);
        }),
      );
    });
  });

  describe('redaction', () => {
    const keyId = SECRET_ACCESS_KEY_ID;
    const secret = SECRET_ACCESS_KEY;
    const cases: [string, string][] = [
      ['a key id after _', `profile_${keyId}`],
      ['a key id after a digit-free word and =', `x-key=${keyId}`],
      ['a key id in a path', `/keys/${keyId}/`],
      ['a URL-encoded secret', `?secret=${encodeURIComponent(secret)}&x=1`],
      ['a URL-encoded secret, lower case', `secret:${encodeURIComponent(secret).replace(/%2F/g, '%2f')}`],
      ['a JSON-escaped secret', JSON.stringify({ key: secret }).replace(/\//g, '\\/')],
      ['a \\u-escaped secret', `{"k":"${secret.replace(/\//g, '\\u002F')}"}`],
      ['a URL-encoded session token', `token=${encodeURIComponent(SECRET_SESSION_TOKEN)}`],
      ['userinfo in an endpoint URL', 'could not reach https://AKIA:wJalrXUtnFEMI@host.example/'],
    ];
    for (const [name, text] of cases) {
      it(`covers ${name}`, () => {
        const out = redactSecrets(text);
        assert.deepEqual(findSecrets(name, out), []);
        assert.match(out, /\[redacted/);
      });
    }

    it('covers userinfo in any URL, keeping the host', () => {
      assert.equal(
        redactSecrets('GET https://bob:hunter2@emulator.example:4599/path failed'),
        'GET https://[redacted]@emulator.example:4599/path failed',
      );
    });

    it('covers JSON Web Tokens and long base64url tokens', () => {
      const jwt =
        'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJ1c2VyIiwiZXhwIjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
      assert.equal(redactSecrets(`Bearer ${jwt}`), 'Bearer [redacted token]');
      const base64url = Buffer.from('x'.repeat(90) + SECRET_SESSION_TOKEN).toString('base64url');
      assert.doesNotMatch(redactSecrets(`accessToken=${base64url}`), /[A-Za-z0-9_-]{60}/);
    });

    it('finds a key id and a secret wherever they are put and however they are encoded (property)', () => {
      const encodings = fc.constantFrom(
        (s: string) => s,
        (s: string) => encodeURIComponent(s),
        (s: string) => JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/'),
        (s: string) => s.replace(/\//g, '\\u002F').replace(/\+/g, '\\u002B'),
      );
      const separator = fc.constantFrom(' ', '_', '=', ':', '"', '/', '(', '-', '.', ',', '\n', '%20', '&', '|');
      fc.assert(
        fc.property(
          fc.string({ maxLength: 20 }),
          separator,
          encodings,
          fc.constantFrom(keyId, secret, SECRET_SESSION_TOKEN),
          separator,
          fc.string({ maxLength: 20 }),
          (before, sep1, encode, value, sep2, after) => {
            const out = redactSecrets(`${before}${sep1}${encode(value)}${sep2}${after}`);
            assert.deepEqual(findSecrets('redacted', out), []);
          },
        ),
        { numRuns: 1000 },
      );
    });

    it('redacts any long token, however it is encoded, with nothing of it left (property)', () => {
      const encodings = [
        (t: string) => t,
        (t: string) => encodeURIComponent(t),
        (t: string) => t.replace(/\//g, '\\/'),
        (t: string) => t.replace(/\//g, '\\u002F').replace(/\+/g, '\\u002B'),
      ];
      fc.assert(
        fc.property(fc.base64String({ minLength: 120, maxLength: 400 }), fc.nat(3), (token, which) => {
          const out = redactSecrets(`token=${encodings[which](token)}&next=1`);
          for (const at of [0, 40, token.length - 40]) {
            assert.ok(!out.includes(token.slice(at, at + 40)), `${out.slice(0, 80)}`);
          }
          assert.match(out, /&next=1$/);
        }),
        { numRuns: 500 },
      );
    });

    it('leaves text without secrets as it is (property)', () => {
      const readable = fc.stringMatching(/^[a-z0-9 :/._-]{0,60}$/);
      fc.assert(
        fc.property(readable, (s) => {
          assert.equal(redactSecrets(s), s);
        }),
      );
    });
  });
});
