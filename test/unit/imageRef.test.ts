import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type EcrImageRef,
  formatImageUri,
  isEcrHost,
  parseEcrImage,
  resourceIdOf,
  shortImageLabel,
} from '../../src/inspector/imageRef';

const DIGEST = 'sha256:84f507df33c6864d49c296fb734192696e4cb6f78166ac51ac8b9b118181085d';
const HOST = '111122223333.dkr.ecr.us-east-1.amazonaws.com';

function parseOk(input: string): EcrImageRef {
  const result = parseEcrImage(input);
  assert.ok(result.ok, `expected ${JSON.stringify(input)} to parse, got: ${result.ok ? '' : result.message}`);
  return result.ref;
}

function parseError(input: string): string {
  const result = parseEcrImage(input);
  assert.ok(!result.ok, `expected ${JSON.stringify(input)} to be rejected`);
  return result.message;
}

describe('parseEcrImage: accepted forms', () => {
  it('reads a tagged URI', () => {
    assert.deepEqual(parseOk(`${HOST}/shop/web:1.4.2`), {
      accountId: '111122223333',
      region: 'us-east-1',
      partition: 'aws',
      registryHost: HOST,
      repository: 'shop/web',
      tag: '1.4.2',
    });
  });

  it('reads a digest URI', () => {
    assert.deepEqual(parseOk(`${HOST}/shop/web@${DIGEST}`), {
      accountId: '111122223333',
      region: 'us-east-1',
      partition: 'aws',
      registryHost: HOST,
      repository: 'shop/web',
      digest: DIGEST,
    });
  });

  it('keeps the tag for display when a digest is also given', () => {
    const ref = parseOk(`${HOST}/shop/web:1.4.2@${DIGEST}`);
    assert.equal(ref.tag, '1.4.2');
    assert.equal(ref.digest, DIGEST);
    assert.equal(ref.impliedLatest, undefined);
  });

  it('assumes latest for a bare repository, and says so', () => {
    const ref = parseOk(`${HOST}/shop/web`);
    assert.equal(ref.tag, 'latest');
    assert.equal(ref.impliedLatest, true);
    assert.equal(ref.digest, undefined);
    assert.equal(parseOk(`${HOST}/shop/web:latest`).impliedLatest, undefined);
  });

  it('ignores surrounding whitespace and a docker://, oci:// or https:// prefix; lowercases the host', () => {
    const expected = parseOk(`${HOST}/shop/web:1`);
    for (const input of [
      `  ${HOST}/shop/web:1\n`,
      `\t${HOST}/shop/web:1 `,
      `docker://${HOST}/shop/web:1`,
      `oci://${HOST}/shop/web:1`,
      `https://${HOST}/shop/web:1`,
      `HTTPS://${HOST.toUpperCase()}/shop/web:1`,
    ]) {
      assert.deepEqual(parseOk(input), expected, input);
    }
  });

  it('reads FIPS, dual-stack and every partition, taking region and partition from the host', () => {
    const cases: [string, string, string][] = [
      ['111122223333.dkr.ecr-fips.us-east-2.amazonaws.com', 'us-east-2', 'aws'],
      ['111122223333.dkr-ecr.eu-west-1.on.aws', 'eu-west-1', 'aws'],
      ['111122223333.dkr-ecr-fips.us-west-2.on.aws', 'us-west-2', 'aws'],
      ['111122223333.dkr.ecr.us-gov-west-1.amazonaws.com', 'us-gov-west-1', 'aws-us-gov'],
      ['111122223333.dkr.ecr-fips.us-gov-east-1.amazonaws.com', 'us-gov-east-1', 'aws-us-gov'],
      ['111122223333.dkr-ecr.us-gov-east-1.on.aws', 'us-gov-east-1', 'aws-us-gov'],
      ['111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn', 'cn-north-1', 'aws-cn'],
      ['111122223333.dkr.ecr.cn-northwest-1.amazonaws.com.cn', 'cn-northwest-1', 'aws-cn'],
      ['111122223333.dkr.ecr.us-iso-east-1.c2s.ic.gov', 'us-iso-east-1', 'aws-iso'],
      ['111122223333.dkr.ecr.us-isob-east-1.sc2s.sgov.gov', 'us-isob-east-1', 'aws-iso-b'],
      ['111122223333.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk', 'eu-isoe-west-1', 'aws-iso-e'],
      ['111122223333.dkr.ecr.us-isof-south-1.csp.hci.ic.gov', 'us-isof-south-1', 'aws-iso-f'],
      ['111122223333.dkr.ecr.eusc-de-east-1.amazonaws.eu', 'eusc-de-east-1', 'aws-eusc'],
      ['111122223333.dkr.ecr.ap-southeast-7.amazonaws.com', 'ap-southeast-7', 'aws'],
    ];
    for (const [host, region, partition] of cases) {
      const ref = parseOk(`${host}/app:1`);
      assert.equal(ref.region, region, host);
      assert.equal(ref.partition, partition, host);
      assert.equal(ref.registryHost, host);
    }
  });

  it('accepts repository and tag names at the edges of the rules', () => {
    assert.equal(parseOk(`${HOST}/ab`).repository, 'ab');
    assert.equal(parseOk(`${HOST}/a.b_c-d/e1/f2/g.h:x`).repository, 'a.b_c-d/e1/f2/g.h');
    assert.equal(parseOk(`${HOST}/${'a'.repeat(256)}:x`).repository.length, 256);
    assert.equal(parseOk(`${HOST}/app:_Build.1-X`).tag, '_Build.1-X');
    assert.equal(parseOk(`${HOST}/app:${'T'.repeat(128)}`).tag?.length, 128);
  });

  it('reads an Inspector resource id (the documented example)', () => {
    const id = `arn:aws:ecr:eu-central-1:123456789012:repository/inspector2/${DIGEST}`;
    assert.deepEqual(parseOk(id), {
      accountId: '123456789012',
      region: 'eu-central-1',
      partition: 'aws',
      registryHost: '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
      repository: 'inspector2',
      digest: DIGEST,
    });
    assert.equal(resourceIdOf(parseOk(id)), id);
    const cn = parseOk(`arn:aws-cn:ecr:cn-north-1:123456789012:repository/team/app/${DIGEST}`);
    assert.equal(cn.registryHost, '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn');
    assert.equal(cn.repository, 'team/app');
  });
});

describe('parseEcrImage: rejected input says what is wrong and what is expected', () => {
  const cases: [string, RegExp][] = [
    ['', /enter an ECR image URI/],
    ['   ', /enter an ECR image URI/],
    ['nginx', /not an ECR image URI: 'nginx': expected <account>\.dkr\.ecr\.<region>\.amazonaws\.com\/<repository>/],
    ['library/nginx:1.27', /names no registry \(Docker Hub is assumed\)/],
    ['ghcr.io/org/app:1', /registry 'ghcr\.io' is not a private Amazon ECR registry: expected/],
    ['public.ecr.aws/nginx/nginx:1', /Amazon ECR Public/],
    ['123.dkr.ecr.us-east-1.amazonaws.com/app:1', /account id '123' .* must be 12 digits/],
    ['111122223333.dkr.ecr.moon-1.amazonaws.com/app:1', /'moon-1' .* not an AWS region/],
    [
      '111122223333.dkr.ecr.cn-north-1.amazonaws.com/app:1',
      /cn-north-1 is in the aws-cn partition.*amazonaws\.com\.cn/,
    ],
    ['111122223333.dkr.ecr.us-east-1.amazonaws.com.cn/app:1', /us-east-1 is in the aws partition/],
    ['111122223333.dkr-ecr.us-east-1.amazonaws.com/app:1', /dual-stack ECR host ends in \.on\.aws/],
    ['111122223333.dkr-ecr.cn-north-1.on.aws/app:1', /no dual-stack/],
    [`${HOST}`, /repository is missing/],
    [`${HOST}/`, /repository name is missing/],
    [`${HOST}/Shop/web:1`, /'Shop\/web' must be lowercase/],
    [`${HOST}/shop//web:1`, /empty path component/],
    [`${HOST}/shop/web/:1`, /empty path component/],
    [`${HOST}/shop/-web:1`, /component '-web' is not valid/],
    [`${HOST}/shop/we__b:1`, /component 'we__b' is not valid/],
    [`${HOST}/a:1`, /2 to 256 characters/],
    [`${HOST}/${'a'.repeat(257)}:1`, /2 to 256 characters/],
    [`${HOST}/app:`, /tag after ':' is empty/],
    [`${HOST}/app:.hidden`, /tag '\.hidden' is not valid/],
    [`${HOST}/app:${'t'.repeat(129)}`, /longer than 128/],
    [`${HOST}/app@sha256:abc`, /64 lowercase hex/],
    [`${HOST}/app@${DIGEST.toUpperCase().replace('SHA256', 'sha256')}`, /64 lowercase hex/],
    [`${HOST}/app@sha512:${'a'.repeat(128)}`, /ECR digests are sha256/],
    [`${HOST}/app@`, /ECR digests are sha256/],
    [`${HOST}/app:1 2`, /no spaces/],
    [`arn:aws:ecr:us-east-1:111122223333:repository/app`, /repository ARN; an image's resource id ends in \/sha256:/],
    [`arn:aws:ecs:us-east-1:111122223333:cluster/app`, /not an Inspector resource id for an ECR image/],
    [`arn:aws-cn:ecr:us-east-1:111122223333:repository/app/${DIGEST}`, /belongs to the aws partition/],
    [`arn:aws:ecr:us-east-1:aws:repository/app/${DIGEST}`, /12 digits/],
    [`arn:aws:ecr:us-east-1:111122223333:image/app/${DIGEST}`, /not an ECR repository or image/],
    [`x`.repeat(5000), /too long \(5000 characters\)/],
  ];
  for (const [input, expected] of cases) {
    it(`rejects ${JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input)}`, () => {
      assert.match(parseError(input), expected);
    });
  }

  it('quotes the input safely: control characters and bidi controls are shown, long text is shortened', () => {
    const message = parseError(`ghcr.io\u202E\u0007${'x'.repeat(300)}/app:1`);
    assert.doesNotMatch(message, /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
    assert.match(message, /\[U\+202E\]/);
    assert.ok(message.length < 300, message);
  });
});

describe('formatImageUri / resourceIdOf / shortImageLabel', () => {
  it('formats the canonical URI, omitting an implied tag', () => {
    assert.equal(formatImageUri(parseOk(` docker://${HOST.toUpperCase()}/shop/web:1.4.2 `)), `${HOST}/shop/web:1.4.2`);
    assert.equal(formatImageUri(parseOk(`${HOST}/shop/web`)), `${HOST}/shop/web`);
    assert.equal(formatImageUri(parseOk(`${HOST}/shop/web:v1@${DIGEST}`)), `${HOST}/shop/web:v1@${DIGEST}`);
  });

  it('builds the Inspector resource id only when the digest is known', () => {
    assert.equal(
      resourceIdOf(parseOk(`${HOST}/shop/web:v1@${DIGEST}`)),
      `arn:aws:ecr:us-east-1:111122223333:repository/shop/web/${DIGEST}`,
    );
    assert.equal(
      resourceIdOf(parseOk(`111122223333.dkr-ecr.us-gov-west-1.on.aws/app@${DIGEST}`)),
      `arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/app/${DIGEST}`,
    );
    assert.equal(resourceIdOf(parseOk(`${HOST}/shop/web:v1`)), undefined);
    assert.equal(resourceIdOf(parseOk(`${HOST}/shop/web`)), undefined);
  });

  it('labels images briefly', () => {
    assert.equal(shortImageLabel(parseOk(`${HOST}/shop/web:1.4.2`)), 'shop/web:1.4.2');
    assert.equal(shortImageLabel(parseOk(`${HOST}/shop/web@${DIGEST}`)), 'shop/web@sha256:84f5…085d');
    assert.equal(shortImageLabel(parseOk(`${HOST}/shop/web:1.4.2@${DIGEST}`)), 'shop/web:1.4.2@sha256:84f5…085d');
    assert.equal(shortImageLabel(parseOk(`${HOST}/shop/web`)), 'shop/web:latest');
  });
});

describe('isEcrHost', () => {
  it('recognises private ECR registry hosts in any case', () => {
    for (const host of [
      HOST,
      HOST.toUpperCase(),
      '111122223333.dkr.ecr-fips.us-east-1.amazonaws.com',
      '111122223333.dkr-ecr.eu-west-1.on.aws',
      '111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn',
      '111122223333.dkr.ecr.us-isob-east-1.sc2s.sgov.gov',
    ]) {
      assert.equal(isEcrHost(host), true, host);
    }
  });

  it('rejects everything else', () => {
    for (const host of [
      '',
      'docker.io',
      'public.ecr.aws',
      'ghcr.io',
      `${HOST}:443`,
      `${HOST}.evil.example`,
      `evil.${HOST}`,
      '111122223333.dkr.ecr.us-east-1.amazonaws.com.cn',
      'x'.repeat(300),
    ]) {
      assert.equal(isEcrHost(host), false, host);
    }
    assert.equal(isEcrHost(undefined as unknown as string), false);
  });
});

// ---------------------------------------------------------------- properties (fast-check)

const URI_ASCII = 'abcdefhimnorstuwxyzABCDEZ0123456789./:@-_ ~!#$%&*+=?[]{}()<>"\'`\\|^,;\t';
const HOSTS: readonly { kind: string; region: string; suffix: string; partition: string }[] = [
  { kind: 'dkr.ecr', region: 'us-east-1', suffix: 'amazonaws.com', partition: 'aws' },
  { kind: 'dkr.ecr-fips', region: 'ca-west-1', suffix: 'amazonaws.com', partition: 'aws' },
  { kind: 'dkr-ecr', region: 'ap-south-2', suffix: 'on.aws', partition: 'aws' },
  { kind: 'dkr-ecr-fips', region: 'us-gov-west-1', suffix: 'on.aws', partition: 'aws-us-gov' },
  { kind: 'dkr.ecr', region: 'cn-northwest-1', suffix: 'amazonaws.com.cn', partition: 'aws-cn' },
  { kind: 'dkr.ecr', region: 'us-iso-west-1', suffix: 'c2s.ic.gov', partition: 'aws-iso' },
  { kind: 'dkr.ecr-fips', region: 'eu-isoe-west-1', suffix: 'cloud.adc-e.uk', partition: 'aws-iso-e' },
  { kind: 'dkr.ecr', region: 'eusc-de-east-1', suffix: 'amazonaws.eu', partition: 'aws-eusc' },
];

interface ValidImage {
  readonly input: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const word = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const component = fc
  .tuple(word, fc.array(fc.tuple(fc.constantFrom('.', '_', '-'), word), { maxLength: 2 }))
  .map(([first, rest]) => first + rest.map(([sep, w]) => sep + w).join(''));
const repositoryName = fc
  .array(component, { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('/'))
  .map((r) => (r.length < 2 ? `${r}a` : r));

/** Any image reference ECR accepts, in every accepted form: URI (any host kind, case, scheme, blanks) or resource id. */
const validImage: fc.Arbitrary<ValidImage> = fc
  .record({
    accountId: fc.stringMatching(/^[0-9]{12}$/),
    host: fc.constantFrom(...HOSTS),
    repository: repositoryName,
    tag: fc.option(fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,30}$/), { nil: undefined }),
    digest: fc.option(
      fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`),
      { nil: undefined },
    ),
    asResourceId: fc.boolean(),
    upperCaseHost: fc.boolean(),
    scheme: fc.option(fc.constantFrom('docker://', 'https://', 'oci://'), { nil: undefined }),
    blanks: fc.option(fc.tuple(fc.constantFrom(' ', '\t', '\n '), fc.constantFrom(' ', '\r\n', '')), {
      nil: undefined,
    }),
  })
  .map(({ accountId, host, repository, tag, digest, asResourceId, upperCaseHost, scheme, blanks }) => {
    const base = { accountId, region: host.region, partition: host.partition, repository };
    if (digest !== undefined && asResourceId) {
      const input = `arn:${host.partition}:ecr:${host.region}:${accountId}:repository/${repository}/${digest}`;
      return { ...base, input, digest };
    }
    let registry = `${accountId}.${host.kind}.${host.region}.${host.suffix}`;
    if (upperCaseHost) registry = registry.toUpperCase();
    let input = `${registry}/${repository}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
    if (scheme !== undefined) input = scheme + input;
    if (blanks !== undefined) input = blanks[0] + input + blanks[1];
    return { ...base, input, tag, digest };
  });

/** One edit: where (any number, taken modulo the length), which kind, and which character or length. */
const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 6 }), fc.nat(), fc.nat());

function mutate(text: string, edits: readonly [number, number, number, number][]): string {
  let s = text;
  const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;
  for (const [where, kind, a, b] of edits) {
    const at = where % (s.length + 1);
    switch (kind) {
      case 0: // delete a character
        s = s.slice(0, at) + s.slice(at + 1);
        break;
      case 1: // insert a character that matters to the grammar
        s = s.slice(0, at) + pick([...'/:@.-_ Aa0\u202E\u0000é'], a) + s.slice(at);
        break;
      case 2: // replace a character
        s = s.slice(0, at) + pick([...URI_ASCII], a) + s.slice(at + 1);
        break;
      case 3: // flip the case of the rest
        s = s.slice(0, at) + s.slice(at).toUpperCase();
        break;
      case 4: // duplicate a slice
        s = s.slice(0, at) + s.slice(at, at + 1 + (a % 12)) + s.slice(at);
        break;
      case 5: // truncate
        s = s.slice(0, at);
        break;
      default: // swap a separator
        s = s.replace(pick(['/', ':', '@', '.'], a), pick(['/', ':', '@', '.', '//', ''], b));
    }
  }
  return s;
}

/** Text from every awkward Unicode range: bidi and zero-width characters, lone surrogates, specials, emoji. */
const awkwardUnicode = fc.string({
  unit: fc
    .oneof(
      fc.integer({ min: 0x00, max: 0x24f }),
      fc.integer({ min: 0x2000, max: 0x206f }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.integer({ min: 0xfe00, max: 0xffff }),
      fc.integer({ min: 0x1f300, max: 0x1faff }),
    )
    .map((c) => String.fromCodePoint(c)),
  maxLength: 60,
});

/** The properties every parse result must have. */
function checkResult(input: string): boolean {
  let result: ReturnType<typeof parseEcrImage>;
  try {
    result = parseEcrImage(input);
  } catch (error) {
    assert.fail(`parseEcrImage threw on ${JSON.stringify(input)}: ${String(error)}`);
  }
  if (!result.ok) {
    assert.equal(typeof result.message, 'string');
    assert.ok(result.message.length > 0, `empty message for ${JSON.stringify(input)}`);
    assert.ok(result.message.length <= 400, `message too long for ${JSON.stringify(input)}`);
    assert.doesNotMatch(result.message, /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
    return false;
  }
  const ref = result.ref;
  const uri = formatImageUri(ref);
  const again = parseEcrImage(uri);
  assert.ok(again.ok, `formatted URI ${uri} of ${JSON.stringify(input)} does not parse`);
  assert.deepEqual(again.ref, ref, `round trip of ${JSON.stringify(input)}`);
  assert.match(ref.accountId, /^\d{12}$/);
  assert.match(ref.repository, /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/);
  assert.ok(ref.repository.length >= 2 && ref.repository.length <= 256);
  if (ref.tag !== undefined) assert.match(ref.tag, /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/);
  if (ref.digest !== undefined) assert.match(ref.digest, /^sha256:[a-f0-9]{64}$/);
  assert.ok(ref.tag !== undefined || ref.digest !== undefined);
  assert.ok(isEcrHost(ref.registryHost));
  const id = resourceIdOf(ref);
  if (id !== undefined) {
    const fromId = parseEcrImage(id);
    assert.ok(fromId.ok, id);
    assert.equal(resourceIdOf(fromId.ref), id);
  }
  return true;
}

describe('parseEcrImage: properties (fast-check)', () => {
  it('accepts every valid image and reads its parts', () => {
    fc.assert(
      fc.property(validImage, (image) => {
        const ref = parseOk(image.input);
        assert.equal(ref.accountId, image.accountId, image.input);
        assert.equal(ref.region, image.region, image.input);
        assert.equal(ref.partition, image.partition, image.input);
        assert.equal(ref.repository, image.repository, image.input);
        assert.equal(ref.digest, image.digest, image.input);
        assert.equal(ref.tag, image.tag ?? (image.digest === undefined ? 'latest' : undefined), image.input);
        checkResult(image.input);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on near-misses; what it accepts round-trips; every rejection has a message', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(validImage, fc.array(edit, { minLength: 1, maxLength: 3 }), (image, edits) => {
        if (checkResult(mutate(image.input, edits))) accepted++;
        else rejected++;
      }),
      { numRuns: 4000 },
    );
    // The mutations land on both sides of the grammar, so both paths are exercised.
    assert.ok(accepted > 200 && rejected > 200, `accepted ${accepted}, rejected ${rejected}`);
  });

  it('never throws on random ASCII and unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...URI_ASCII), maxLength: 120 }), awkwardUnicode, (ascii, text) => {
        checkResult(ascii);
        checkResult(text);
      }),
      { numRuns: 3000 },
    );
  });
});
