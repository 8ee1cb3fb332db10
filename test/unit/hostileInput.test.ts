/**
 * Bad input and hostile text for the pure code, fuzzed (property-based, with fast-check: a failure prints its seed
 * and the smallest input that fails): settings of every wrong type and range, endpoints that are not
 * URLs, unreadable and malformed AWS config files, corrupt saved workspace state, command inputs (image URIs and
 * execution ids), anything thrown where an AWS error is expected, credentials inside error messages, and the text
 * helpers every tree row and notification goes through. Nothing may throw; every rejection must say what was wrong.
 * The counts printed at the end feed the README's reliability matrix.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { FootprintError, redactSecrets, toFootprintError, type OperationContext } from '../../src/aws/errors';
import { listProfiles } from '../../src/aws/sdk/sharedConfig';
import {
  restoreOpenedExecutions,
  validateExecutionId,
  MAX_OPENED_EXECUTIONS,
} from '../../src/imagebuilder/lifecycleModel';
import { parseEcrImage } from '../../src/inspector/imageRef';
import {
  MAX_RECENT_INPUTS,
  MAX_SAVED_IMAGES,
  restoreRecentInputs,
  restoreSubjects,
} from '../../src/inspector/imageSubject';
import {
  isRegionName,
  normalizeSettings,
  PAGE_SIZE_LIMITS,
  REQUEST_TIMEOUT_LIMITS,
  type RawSettings,
} from '../../src/settings';
import { displayLine, notificationText } from '../../src/util/escape';
import {
  findSecrets,
  SECRET_ACCESS_KEY,
  SECRET_ACCESS_KEY_ID,
  SECRET_SESSION_ACCESS_KEY_ID,
  SECRET_SESSION_TOKEN,
} from '../fixtures/hostile/secrets';
import { HOSTILE_STRINGS, NOTIFICATION_LINK, UNSAFE_PLAIN_TEXT } from '../fixtures/hostile/strings';

/** What the matrix counts, printed at the end. */
const counts = {
  settings: 0,
  endpoints: 0,
  configFiles: 0,
  iniTexts: 0,
  savedState: 0,
  commandInputs: 0,
  thrownValues: 0,
  secretMessages: 0,
  textHelpers: 0,
};

const ALPHABET =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/@._-+=[]()<>{}"\'`\\ \t\n\r\u0000\u202E\u200B\u{1F4A5}é';
const ALPHABET_CHARS = Array.from(ALPHABET);

/** Strings over ALPHABET (quotes, brackets, controls, bidi, astral): the characters parsers trip on. */
function hostileString(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...ALPHABET_CHARS), maxLength });
}

/** Values of every JSON type and shape a settings.json or a memento may hold. */
const ANY_VALUES: readonly unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  0.5,
  99.5,
  101,
  1e9,
  -1e9,
  Number.MAX_SAFE_INTEGER,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  ' ',
  '42',
  'ten',
  'us-east-1',
  'http://127.0.0.1:4599',
  [],
  [1, 2],
  ['x'],
  {},
  { inspector2: 5 },
  { inspector2: 'http://127.0.0.1:1', imagebuilder: ['x'] },
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  ...HOSTILE_STRINGS.map((s) => s.value),
];

const SETTING_KEYS: readonly (keyof RawSettings)[] = [
  'profile',
  'region',
  'endpoints',
  'pageSizeClusters',
  'pageSizeLifecycleResources',
  'requestTimeoutSeconds',
];

function assertSaneSettings(raw: RawSettings): void {
  const { settings, problems } = normalizeSettings(raw);
  const { clusters, lifecycleResources } = settings.pageSize;
  assert.ok(Number.isInteger(clusters) && clusters >= 1 && clusters <= PAGE_SIZE_LIMITS.clusters.max);
  assert.ok(Number.isInteger(lifecycleResources) && lifecycleResources >= 1 && lifecycleResources <= 25);
  const t = settings.requestTimeoutSeconds;
  assert.ok(Number.isInteger(t) && t >= REQUEST_TIMEOUT_LIMITS.min && t <= REQUEST_TIMEOUT_LIMITS.max);
  if (settings.profile !== undefined) {
    assert.ok(settings.profile.length > 0 && settings.profile === settings.profile.trim());
    assert.ok(!/[\r\n[\]]/.test(settings.profile));
  }
  if (settings.region !== undefined) assert.ok(isRegionName(settings.region), settings.region);
  for (const url of Object.values(settings.endpoints)) {
    assert.ok(/^https?:$/.test(new URL(url as string).protocol), `only http(s) endpoints: ${String(url)}`);
  }
  assert.equal(Object.getPrototypeOf(settings.endpoints), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  for (const p of problems) {
    assert.ok(p.setting.startsWith('imageFootprint.'), p.setting);
    assert.ok(p.message.includes(p.setting), `the message names the setting: ${p.message}`);
    assert.match(p.message, /ignored|using|is used/, `the message says what happens instead: ${p.message}`);
    const shown = notificationText(p.message);
    assert.equal(shown.match(NOTIFICATION_LINK), null, 'no link in the warning');
    assert.ok(!UNSAFE_PLAIN_TEXT.test(shown), 'the warning is one clean line');
  }
}

describe('Hostile input to the pure code (fuzzed)', function () {
  this.timeout(60_000);

  after(() => console.log(`HOSTILE-COUNTS unit ${JSON.stringify(counts)}`));

  describe('settings', () => {
    it('any JSON value in any setting is clamped or ignored, with a warning that names the setting', () => {
      for (const key of SETTING_KEYS) {
        for (const value of ANY_VALUES) {
          counts.settings++;
          assertSaneSettings({ [key]: value });
        }
      }
      const anyValue = fc.oneof(fc.constantFrom(...ANY_VALUES), fc.jsonValue(), hostileString(60));
      fc.assert(
        fc.property(fc.record(Object.fromEntries(SETTING_KEYS.map((k) => [k, anyValue]))), (raw) => {
          counts.settings++;
          assertSaneSettings(raw as RawSettings);
        }),
        { numRuns: 500 },
      );
    });

    it('out-of-range numbers are clamped to the bounds and reported once per setting', () => {
      const cases: [keyof RawSettings, unknown, string, number][] = [
        ['pageSizeClusters', 0, 'imageFootprint.pageSize.clusters', 1],
        ['pageSizeClusters', 1000, 'imageFootprint.pageSize.clusters', 100],
        ['pageSizeLifecycleResources', -3, 'imageFootprint.pageSize.lifecycleResources', 1],
        ['pageSizeLifecycleResources', 26, 'imageFootprint.pageSize.lifecycleResources', 25],
        ['requestTimeoutSeconds', 0, 'imageFootprint.requestTimeoutSeconds', 1],
        ['requestTimeoutSeconds', 86_400, 'imageFootprint.requestTimeoutSeconds', 300],
        ['requestTimeoutSeconds', 2.4, 'imageFootprint.requestTimeoutSeconds', 2],
      ];
      for (const [key, value, setting, expected] of cases) {
        counts.settings++;
        const { settings, problems } = normalizeSettings({ [key]: value });
        const got =
          key === 'pageSizeClusters'
            ? settings.pageSize.clusters
            : key === 'pageSizeLifecycleResources'
              ? settings.pageSize.lifecycleResources
              : settings.requestTimeoutSeconds;
        assert.equal(got, expected, `${setting} = ${String(value)}`);
        assert.deepEqual(
          problems.map((p) => p.setting),
          [setting],
        );
        assert.ok(problems[0]?.message.includes(String(expected)), 'says which value is used');
      }
    });

    it('an endpoint that is not an http(s) URL is ignored with a message that shows the expected form', () => {
      const bad = [
        'not a url',
        '127.0.0.1:4599',
        'localhost:4599',
        'http//127.0.0.1',
        'ftp://127.0.0.1/',
        'file:///etc/passwd',
        'javascript:alert(1)',
        'command:workbench.action.quit',
        'data:text/html,<script>1</script>',
        'ws://127.0.0.1:4599',
        'http://',
        'https://',
        '[x](command:workbench.action.quit)',
        '\u202Ehttp://127.0.0.1',
        'h'.repeat(100_000),
        ...HOSTILE_STRINGS.map((s) => s.value),
      ];
      for (const value of bad) {
        for (const service of ['inspector2', 'imagebuilder'] as const) {
          counts.endpoints++;
          const { settings, problems } = normalizeSettings({ endpoints: { [service]: value } });
          assert.equal(settings.endpoints[service], undefined, `ignored: ${value.slice(0, 40)}`);
          assert.equal(problems.length, 1, value.slice(0, 40));
          assert.match(problems[0]?.message ?? '', new RegExp(`imageFootprint\\.endpoints\\.${service}`));
          assert.match(problems[0]?.message ?? '', /http:\/\/127\.0\.0\.1:4599|http\(s\)/, 'shows the expected form');
        }
      }
      for (const good of ['http://127.0.0.1:4599', ' https://inspector2.us-east-1.amazonaws.com ', 'http://[::1]:1']) {
        counts.endpoints++;
        const { settings, problems } = normalizeSettings({ endpoints: { inspector2: good } });
        assert.deepEqual(problems, []);
        assert.equal(settings.endpoints.inspector2, good.trim());
      }
    });
  });

  describe('AWS config and credentials files', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'if-hostile-config-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const files: [string, string | Buffer | 'directory'][] = [
      ['a directory where the file should be', 'directory'],
      ['binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
      ['NUL bytes', Buffer.alloc(1024)],
      ['only garbage lines', 'this is not ini\n===\n[\n]]]\nkey value\n'],
      ['an unterminated section', '[profile broken\nregion = us-east-1\n'],
      ['keys before any section', 'region = us-east-1\n[profile ok]\nregion = eu-west-1\n'],
      ['a BOM and CRLF', '\uFEFF[profile crlf]\r\nregion = us-west-2\r\n'],
      ['duplicate sections', '[profile dup]\nregion = us-east-1\n[profile dup]\nregion = eu-west-1\n'],
      [
        'hostile profile names and values',
        HOSTILE_STRINGS.map(
          (s, i) => `[profile ${s.value.replace(/[\r\n]/g, ' ')}]\nregion = ${s.value}\nx${i}=1`,
        ).join('\n'),
      ],
      ['a 5 MB file', Array.from({ length: 120_000 }, (_, i) => `[profile p${i}]\nregion = us-east-1`).join('\n')],
      ['one 2 MB line', `[profile long]\nregion = ${'x'.repeat(2_000_000)}\n`],
    ];

    for (const [name, content] of files) {
      it(`${name}: the profiles are listed without throwing, and a problem says which file and what to do`, async () => {
        counts.configFiles++;
        const config = path.join(dir, `${counts.configFiles}-config`);
        const credentials = path.join(dir, `${counts.configFiles}-credentials`);
        if (content === 'directory') {
          mkdirSync(config);
          mkdirSync(credentials);
        } else {
          writeFileSync(config, content);
          writeFileSync(credentials, content);
        }
        const list = await listProfiles({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials });
        for (const p of list.profiles) {
          assert.ok(p.name.length > 0 && !/\s/.test(p.name), `a usable profile name: ${JSON.stringify(p.name)}`);
        }
        for (const problem of list.problems) {
          assert.ok(problem.includes(config) || problem.includes(credentials), `names the file: ${problem}`);
          assert.match(problem, /check|fix|skipped/i, `says what to do: ${problem}`);
        }
        if (content === 'directory') assert.equal(list.problems.length, 2, 'both unreadable files are reported');
      });
    }

    it('the SDK loader and the profile list never throw on random text (property)', async () => {
      const iniPiece = fc.oneof(
        hostileString(20),
        fc.constantFrom('[', ']', '[profile ', '[sso-session ', '=', ' = ', '\n', '\r\n', '#', ';', '  ', 'region'),
      );
      const config = path.join(dir, 'random-config');
      await fc.assert(
        fc.asyncProperty(fc.array(iniPiece, { maxLength: 40 }), async (pieces) => {
          counts.iniTexts++;
          writeFileSync(config, pieces.join(''));
          const list = await listProfiles({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: config });
          assert.ok(Array.isArray(list.profiles) && Array.isArray(list.problems));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('corrupt saved workspace state', () => {
    const RESOURCE = `arn:aws:ecr:us-east-1:111122223333:repository/shop/web/sha256:${'a'.repeat(64)}`;
    const EXECUTION = 'lce-c0a1b2c3-0001-4d00-8a00-000000000001';
    const corrupt: unknown[] = [
      ...ANY_VALUES,
      [null, undefined, 1, 'x', [], {}],
      [{ resourceId: 5 }, { resourceId: RESOURCE, tag: 5, input: {} }, { resourceId: RESOURCE }],
      [{ id: EXECUTION, region: 'us-east-1' }, { id: EXECUTION, region: 'us-east-1' }, { id: EXECUTION }],
      [
        { id: ` ${EXECUTION}`, region: 'us-east-1' },
        { id: EXECUTION, region: 'Mars' },
        { id: 'lce-1', region: 'x' },
      ],
      HOSTILE_STRINGS.map((s) => ({ resourceId: s.value, id: s.value, region: s.value, tag: s.value, input: s.value })),
      HOSTILE_STRINGS.map((s) => s.value),
      Array.from({ length: 50_000 }, (_, i) => ({
        resourceId: `arn:aws:ecr:us-east-1:111122223333:repository/r${i}/sha256:${'b'.repeat(64)}`,
        id: `lce-00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        region: 'us-east-1',
      })),
      Array.from({ length: 50_000 }, (_, i) => `input-${i}`),
      [{ resourceId: `${RESOURCE}${'x'.repeat(100_000)}` }],
    ];

    it('Image Clusters (imageFootprint.images): only well-formed images, each once, bounded', () => {
      for (const saved of corrupt) {
        counts.savedState++;
        const { images, dropped } = restoreSubjects(saved);
        assert.ok(images.length <= MAX_SAVED_IMAGES);
        assert.equal(new Set(images.map((i) => i.resourceId)).size, images.length, 'no duplicates');
        for (const i of images) {
          assert.match(i.resourceId, /^arn:[a-z-]+:ecr:[a-z0-9-]+:\d{12}:repository\//);
          assert.ok(i.input.length <= 2048 && (i.tag === undefined || i.tag.length <= 128));
        }
        if (Array.isArray(saved)) assert.equal(images.length + dropped, saved.length, 'every entry is kept or counted');
      }
    });

    it('Lifecycle Executions (imageFootprint.openedExecutions): valid ids and regions, each once, bounded', () => {
      for (const saved of corrupt) {
        counts.savedState++;
        const opened = restoreOpenedExecutions(saved);
        assert.ok(opened.length <= MAX_OPENED_EXECUTIONS);
        assert.equal(new Set(opened.map((o) => `${o.region}/${o.id}`)).size, opened.length, 'no duplicate rows');
        for (const o of opened) {
          assert.equal(validateExecutionId(o.id), undefined);
          assert.equal(o.id, o.id.trim());
          assert.ok(isRegionName(o.region));
        }
      }
    });

    it('restoring any saved value never throws and keeps only well-formed entries (property)', () => {
      const entry = fc.oneof(
        fc.anything(),
        fc.record(
          {
            resourceId: fc.oneof(fc.constant(RESOURCE), hostileString(80), fc.anything()),
            tag: fc.oneof(fc.string(), fc.anything()),
            input: fc.oneof(fc.string(), fc.anything()),
            id: fc.oneof(fc.constant(EXECUTION), hostileString(50), fc.anything()),
            region: fc.oneof(fc.constantFrom('us-east-1', 'eu-west-1', 'Mars', ''), fc.anything()),
          },
          { requiredKeys: [] },
        ),
      );
      fc.assert(
        fc.property(fc.oneof(fc.anything(), fc.array(entry, { maxLength: 30 })), (saved) => {
          counts.savedState++;
          const { images, dropped } = restoreSubjects(saved);
          assert.equal(new Set(images.map((i) => i.resourceId)).size, images.length);
          if (Array.isArray(saved)) assert.equal(images.length + dropped, saved.length);
          for (const o of restoreOpenedExecutions(saved)) {
            assert.equal(validateExecutionId(o.id), undefined);
            assert.ok(isRegionName(o.region));
          }
          const recent = restoreRecentInputs(saved);
          assert.equal(new Set(recent).size, recent.length);
          for (const r of recent) assert.ok(typeof r === 'string' && r.trim() !== '' && r.length <= 2048);
        }),
        { numRuns: 500 },
      );
    });

    it('recent lookups (imageFootprint.recentImages): strings of sane length, each once, at most ten', () => {
      for (const saved of corrupt) {
        counts.savedState++;
        const recent = restoreRecentInputs(saved);
        assert.ok(recent.length <= MAX_RECENT_INPUTS);
        assert.equal(new Set(recent).size, recent.length);
        for (const r of recent) assert.ok(typeof r === 'string' && r.trim() !== '' && r.length <= 2048);
      }
    });
  });

  describe('command inputs', () => {
    const near = [
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2',
      `111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web@sha256:${'a'.repeat(64)}`,
      `arn:aws:ecr:us-east-1:111122223333:repository/shop/web/sha256:${'a'.repeat(64)}`,
      'lce-c0a1b2c3-0001-4d00-8a00-000000000001',
    ];

    /** A valid input with one character changed, inserted or removed. */
    const mutation = fc
      .tuple(fc.constantFrom(...near), fc.nat(), fc.constantFrom(...ALPHABET_CHARS), fc.constantFrom(0, 1, 2))
      .map(([base, n, c, op]) => {
        const at = n % (base.length + 1);
        return op === 0
          ? base.slice(0, at) + c + base.slice(at + 1)
          : op === 1
            ? base.slice(0, at) + c + base.slice(at)
            : base.slice(0, at) + base.slice(at + 1);
      });
    const fixed = [
      ...near.flatMap((base) => HOSTILE_STRINGS.map((h) => base + h.value)),
      'a'.repeat(1_000_000),
      `${'111122223333.dkr.ecr.us-east-1.amazonaws.com/'}${'a/'.repeat(100_000)}x:y`,
      `arn:aws:ecr:us-east-1:111122223333:repository/${'x/'.repeat(100_000)}`,
    ];

    it('Look Up ECR Image and Open Lifecycle Execution: anything typed is parsed or refused with a reason', () => {
      for (const input of fixed) checkInput(input);
      fc.assert(fc.property(mutation, checkInput), { numRuns: 3000 });
      fc.assert(fc.property(hostileString(200), checkInput), { numRuns: 1000 });
    });

    function checkInput(input: string): void {
      {
        counts.commandInputs++;
        const parsed = parseEcrImage(input);
        if (parsed.ok) {
          assert.match(parsed.ref.accountId, /^\d{12}$/);
          assert.ok(isRegionName(parsed.ref.region), parsed.ref.region);
        } else {
          assert.ok(parsed.message.length > 0, 'says what is wrong');
          const shown = notificationText(parsed.message);
          assert.equal(shown.match(NOTIFICATION_LINK), null, 'the error message carries no link');
          assert.ok(shown.length <= 2000);
        }
        const problem = validateExecutionId(input);
        if (problem !== undefined) {
          assert.match(problem, /lce-/, 'says what an execution id looks like');
          assert.ok(problem.length < 300, 'does not echo a huge input');
        }
      }
    }
  });

  describe('anything thrown where an AWS error is expected', () => {
    const context: OperationContext = { service: 'inspector2', operation: 'GetClustersForImage', region: 'us-east-1' };
    const circular: Record<string, unknown> = { name: 'Error', message: 'loop' };
    circular.cause = circular;
    const thrown: unknown[] = [
      ...ANY_VALUES,
      Symbol('thrown'),
      10n,
      () => 1,
      new Error(),
      new TypeError('x is not a function'),
      Object.create(null),
      circular,
      { name: 5, message: {}, $metadata: 'x' },
      { name: 'ThrottlingException', $metadata: null },
      { name: 'ValidationException', message: 'bad', fields: 'x' },
      { name: 'ValidationException', message: 'bad', fields: [null, 5, { name: '<script>', message: 7 }] },
      { name: '\n[error] forged', message: 'line\nbreak' },
      ...HOSTILE_STRINGS.map((s) => ({ name: s.value, message: s.value, $metadata: { httpStatusCode: 400 } })),
      ...HOSTILE_STRINGS.map((s) => new Error(s.value)),
    ];

    it('always becomes a FootprintError with a one-line message, a hint and a one-line log detail', () => {
      for (const value of thrown) {
        counts.thrownValues++;
        const e = toFootprintError(value, context);
        assert.ok(e instanceof FootprintError);
        assert.ok(e.message.length > 0 && e.message.length < 2500, e.message.slice(0, 80));
        assert.ok(!/[\r\n\u2028\u2029]/.test(e.message) && !/[\r\n\u2028\u2029]/.test(e.detail ?? ''), 'one line');
        assert.ok(e.hint.length > 0, 'says what to do');
        assert.ok(Array.isArray(e.actions));
      }
    });
  });

  describe('credentials inside error messages', () => {
    const signature = 'f'.repeat(64);
    const authorization =
      `AWS4-HMAC-SHA256 Credential=${SECRET_SESSION_ACCESS_KEY_ID}/20260101/us-east-1/inspector2/aws4_request, ` +
      `SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=${signature}`;
    const messages = [
      `Authorization header requires 'Signature' parameter. Authorization=${authorization}`,
      `The security token included in the request is invalid: ${SECRET_SESSION_TOKEN}`,
      `https://inspector2.us-east-1.amazonaws.com/?X-Amz-Credential=${SECRET_ACCESS_KEY_ID}%2F20260101&X-Amz-Security-Token=${SECRET_SESSION_TOKEN}&X-Amz-Signature=${signature}`,
      `Error: Command failed: aws-vault exec prod --json\n{"Version":1,"AccessKeyId":"${SECRET_ACCESS_KEY_ID}","SecretAccessKey":"${SECRET_ACCESS_KEY}","SessionToken":"${SECRET_SESSION_TOKEN}"}`,
      `aws_access_key_id = ${SECRET_ACCESS_KEY_ID}\naws_secret_access_key = ${SECRET_ACCESS_KEY}\naws_session_token=${SECRET_SESSION_TOKEN}`,
      `The key ${SECRET_ACCESS_KEY_ID} with secret ${SECRET_ACCESS_KEY} is not valid`,
    ];
    const names = [
      'IncompleteSignatureException',
      'UnrecognizedClientException',
      'ValidationException',
      'CredentialsProviderError',
      'ExpiredTokenException',
      'SomethingElse',
    ];

    it('never reach the message, the hint or the log detail, whatever kind of error carries them', () => {
      for (const message of messages) {
        for (const name of names) {
          for (const profile of [undefined, 'prod']) {
            counts.secretMessages++;
            const err = Object.assign(new Error(message), {
              name,
              $metadata: { httpStatusCode: 400, requestId: 'req-1' },
              fields: [{ name: 'nextToken', message }],
            });
            const e = toFootprintError(err, { service: 'inspector2', operation: 'ListCoverage', profile });
            assert.deepEqual(findSecrets(`${name}: message`, e.fullMessage), []);
            assert.deepEqual(findSecrets(`${name}: detail`, e.detail ?? ''), []);
          }
        }
      }
    });

    it('leaves ids that are not secrets readable (digests, ARNs, request ids, page sizes)', () => {
      const keep = [
        `sha256:${'a1'.repeat(32)}`,
        'arn:aws:ecr:us-east-1:111122223333:repository/platform/base-images/team-a',
        'arn:aws:imagebuilder:us-east-1:111122223333:image/golden-al2023/2026.9.1/1',
        'request id 3696e3f1-c43b-4beb-a3a7-5449a7fab94f',
        'lce-c0a1b2c3-0001-4d00-8a00-000000000001',
        "Value '500' at 'maxResults' failed to satisfy constraint",
      ];
      for (const text of keep) {
        counts.secretMessages++;
        assert.equal(redactSecrets(text), text);
      }
    });
  });

  describe('text for rows and notifications', () => {
    it('is one line, shows bidi and invisible characters, is bounded, and never forms a notification link', () => {
      const check = (input: string): void => {
        counts.textHelpers++;
        const line = displayLine(input, 500);
        assert.ok(!UNSAFE_PLAIN_TEXT.test(line), JSON.stringify(line.slice(0, 60)));
        assert.ok(Array.from(line).length <= 500);
        const note = notificationText(input);
        assert.equal(note.match(NOTIFICATION_LINK), null, JSON.stringify(note.slice(0, 80)));
        assert.ok(!UNSAFE_PLAIN_TEXT.test(note));
      };
      for (const h of HOSTILE_STRINGS) check(h.value);
      fc.assert(fc.property(hostileString(300), check), { numRuns: 500 });
      assert.equal(displayLine('shop/web:1.4.2'), 'shop/web:1.4.2', 'ordinary text is left as it is');
      assert.equal(displayLine('invoice\u202Etxt.exe'), 'invoice[U+202E]txt.exe');
      assert.equal(notificationText('see [docs](https://x.example)'), 'see [docs] (https://x.example)');
    });
  });
});
