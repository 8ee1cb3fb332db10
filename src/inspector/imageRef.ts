/**
 * What the user types into "Look Up ECR Image": a private Amazon ECR image URI or an Inspector resource id.
 *
 * Accepted (surrounding whitespace ignored, an optional `docker://`, `oci://`, `https://` or `http://` prefix dropped):
 *
 *   <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>
 *   <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex>
 *   <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>@sha256:<64 hex>   the digest wins, the tag is kept for display
 *   <account>.dkr.ecr.<region>.amazonaws.com/<repository>                         means `:latest`, as Docker does (impliedLatest)
 *   arn:<partition>:ecr:<region>:<account>:repository/<repository>/sha256:<64 hex>   the Inspector resource id
 *
 * Registry hosts (the region always comes from the host):
 *   <account>.dkr.ecr.<region>.<suffix>        IPv4
 *   <account>.dkr.ecr-fips.<region>.<suffix>   FIPS
 *   <account>.dkr-ecr.<region>.on.aws          dual-stack (aws and aws-us-gov)
 *   <account>.dkr-ecr-fips.<region>.on.aws     dual-stack FIPS
 * where <suffix> is the region's partition DNS suffix: amazonaws.com (aws, aws-us-gov), amazonaws.com.cn (aws-cn),
 * c2s.ic.gov (aws-iso), sc2s.sgov.gov (aws-iso-b), cloud.adc-e.uk (aws-iso-e), csp.hci.ic.gov (aws-iso-f),
 * amazonaws.eu (aws-eusc). Host names are case-insensitive and kept lowercase.
 *
 * Names follow ECR: repository = path components `[a-z0-9]+(?:[._-][a-z0-9]+)*` joined by `/`, 2–256 characters;
 * tag `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`; digest `sha256:` + 64 lowercase hex digits.
 *
 * API:
 *   parseEcrImage(input)   → { ok: true, ref } | { ok: false, message }; the message says what is wrong and what is expected
 *   formatImageUri(ref)    → the URI; parseEcrImage(formatImageUri(ref)) gives back an equal ref
 *   resourceIdOf(ref)      → the Inspector resourceId when the digest is known (otherwise resolve the tag with ListCoverage)
 *   shortImageLabel(ref)   → `shop/web:1.4.2`, `shop/web@sha256:84f5…085d`
 *   isEcrHost(host)        → whether a registry host is a private ECR registry (for the Dockerfile hover)
 *
 * Pure functions, no `vscode` import (messages go through `@vscode/l10n`; the user's text and the expected forms are
 * arguments); nothing here throws.
 */

import * as l10n from '@vscode/l10n';
import { parseArn } from '../util/arn';
import { stripBidiControls, truncateMiddle } from '../util/escape';

export type AwsPartition =
  'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f' | 'aws-eusc';

export interface EcrImageRef {
  /** 12 digits: the registry id. */
  readonly accountId: string;
  readonly region: string;
  readonly partition: AwsPartition;
  /** Lowercase, e.g. `111122223333.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly registryHost: string;
  /** e.g. `shop/web` */
  readonly repository: string;
  /** The tag; `latest` when none was given (then `impliedLatest` is true). May be set together with `digest`. */
  readonly tag?: string;
  /** `sha256:<64 lowercase hex>`; when set, it identifies the image and the tag is only for display. */
  readonly digest?: string;
  /** No tag and no digest were given: the tag `latest` is assumed, as `docker pull` does. */
  readonly impliedLatest?: true;
}

export type ParseResult =
  { readonly ok: true; readonly ref: EcrImageRef } | { readonly ok: false; readonly message: string };

interface PartitionInfo {
  readonly id: AwsPartition;
  readonly dnsSuffix: string;
  readonly region: RegExp;
  /** ECR has `dkr-ecr[-fips].<region>.on.aws` registry hosts in this partition. */
  readonly dualStack: boolean;
}

/** Order matters: the specific region patterns come before the commercial catch-all. */
const PARTITIONS: readonly PartitionInfo[] = [
  { id: 'aws-us-gov', dnsSuffix: 'amazonaws.com', region: /^us-gov-[a-z]+-\d+$/, dualStack: true },
  { id: 'aws-cn', dnsSuffix: 'amazonaws.com.cn', region: /^cn-[a-z]+-\d+$/, dualStack: false },
  { id: 'aws-iso', dnsSuffix: 'c2s.ic.gov', region: /^us-iso-[a-z]+-\d+$/, dualStack: false },
  { id: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov', region: /^us-isob-[a-z]+-\d+$/, dualStack: false },
  { id: 'aws-iso-e', dnsSuffix: 'cloud.adc-e.uk', region: /^eu-isoe-[a-z]+-\d+$/, dualStack: false },
  { id: 'aws-iso-f', dnsSuffix: 'csp.hci.ic.gov', region: /^us-isof-[a-z]+-\d+$/, dualStack: false },
  { id: 'aws-eusc', dnsSuffix: 'amazonaws.eu', region: /^eusc-[a-z]+-[a-z]+-\d+$/, dualStack: false },
  // Commercial regions: us-east-1, ap-southeast-7, il-central-1, … (and future two-letter prefixes).
  { id: 'aws', dnsSuffix: 'amazonaws.com', region: /^[a-z]{2}-[a-z]+-\d+$/, dualStack: true },
];

const EXPECTED_URI = '<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag | @sha256:digest]';
const EXPECTED_RESOURCE_ID = 'arn:aws:ecr:<region>:<account>:repository/<repository>/sha256:<digest>';
/** Longest valid input is about 600 characters (host ~60, repository 256, tag 128, digest 71). */
const MAX_INPUT_LENGTH = 1024;
const HOST = /^([^.]*)\.(dkr\.ecr|dkr\.ecr-fips|dkr-ecr|dkr-ecr-fips)\.([^.]*)\.(.+)$/;
const ACCOUNT = /^\d{12}$/;
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const SCHEME = /^(?:docker|oci|https?):\/\//i;

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

interface RegistryHost {
  readonly accountId: string;
  readonly region: string;
  readonly partition: AwsPartition;
}

function fail(message: string): { readonly ok: false; readonly message: string } {
  return { ok: false, message };
}

/** The user's text, made safe and short enough to quote in a one-line message. */
function quote(text: string): string {
  const printable = stripBidiControls(text).replace(/\p{Cc}/gu, '\uFFFD');
  return `'${truncateMiddle(printable, 80)}'`;
}

function partitionOfRegion(region: string): PartitionInfo | undefined {
  return PARTITIONS.find((p) => p.region.test(region));
}

function parseRegistryHost(host: string): Outcome<RegistryHost> {
  if (host === 'public.ecr.aws' || host === 'ecr-public.aws.com') {
    return fail(
      l10n.t(
        '{0} is Amazon ECR Public; Inspector reports cluster usage only for private ECR images ({1})',
        quote(host),
        EXPECTED_URI,
      ),
    );
  }
  const match = HOST.exec(host);
  if (!match) {
    return fail(l10n.t('registry {0} is not a private Amazon ECR registry: expected {1}', quote(host), EXPECTED_URI));
  }
  const [, accountId = '', kind = '', region = '', suffix = ''] = match;
  if (!ACCOUNT.test(accountId)) {
    return fail(
      l10n.t('the account id {0} in the registry host must be 12 digits: expected {1}', quote(accountId), EXPECTED_URI),
    );
  }
  const partition = partitionOfRegion(region);
  if (!partition) {
    return fail(
      l10n.t(
        '{0} in the registry host is not an AWS region (like us-east-1): expected {1}',
        quote(region),
        EXPECTED_URI,
      ),
    );
  }
  if (kind.startsWith('dkr-ecr')) {
    if (suffix !== 'on.aws') {
      return fail(l10n.t('a dual-stack ECR host ends in .on.aws: expected {0}', `<account>.${kind}.${region}.on.aws`));
    }
    if (!partition.dualStack) {
      return fail(
        l10n.t(
          'ECR has no dual-stack (.on.aws) registry in {0}: use {1}',
          region,
          `<account>.dkr.ecr.${region}.${partition.dnsSuffix}`,
        ),
      );
    }
  } else if (suffix !== partition.dnsSuffix) {
    return fail(
      l10n.t(
        'region {0} is in the {1} partition, whose ECR hosts end in {2}, not {3}',
        region,
        partition.id,
        `.${partition.dnsSuffix}`,
        quote(`.${suffix}`),
      ),
    );
  }
  return { ok: true, value: { accountId, region, partition: partition.id } };
}

function checkRepository(repository: string): string | undefined {
  if (repository.length === 0) return l10n.t('the repository name is missing: expected {0}', EXPECTED_URI);
  if (REPOSITORY.test(repository)) {
    return repository.length < 2 || repository.length > 256
      ? l10n.t('repository name {0} must be 2 to 256 characters long', quote(repository))
      : undefined;
  }
  if (/[A-Z]/.test(repository)) return l10n.t('repository name {0} must be lowercase', quote(repository));
  const components = repository.split('/');
  if (components.some((c) => c.length === 0)) {
    return l10n.t(
      "repository name {0} has an empty path component (a leading, trailing or double '/')",
      quote(repository),
    );
  }
  const bad = components.find((c) => !PATH_COMPONENT.test(c)) ?? repository;
  return l10n.t(
    "repository name component {0} is not valid: use lowercase letters and digits, separated by single '.', '_' or '-'",
    quote(bad),
  );
}

function checkTag(tag: string): string | undefined {
  if (tag.length === 0) return l10n.t("the tag after ':' is empty: expected {0}", EXPECTED_URI);
  if (tag.length > 128) return l10n.t('tag {0} is longer than 128 characters', quote(tag));
  if (!TAG.test(tag)) {
    return l10n.t(
      "tag {0} is not valid: use letters, digits, '_', '.' and '-', not starting with '.' or '-'",
      quote(tag),
    );
  }
  return undefined;
}

function checkDigest(digest: string): string | undefined {
  if (DIGEST.test(digest)) return undefined;
  if (!digest.startsWith('sha256:')) {
    return l10n.t('digest {0} is not valid: ECR digests are sha256:<64 hex digits>', quote(digest));
  }
  return l10n.t('digest {0} is not valid: expected sha256: followed by 64 lowercase hex digits', quote(digest));
}

function makeRef(
  host: RegistryHost,
  registryHost: string,
  repository: string,
  tag?: string,
  digest?: string,
): EcrImageRef {
  const base = { accountId: host.accountId, region: host.region, partition: host.partition, registryHost, repository };
  if (digest !== undefined) return tag !== undefined ? { ...base, tag, digest } : { ...base, digest };
  if (tag !== undefined) return { ...base, tag };
  return { ...base, tag: 'latest', impliedLatest: true };
}

function parseResourceId(text: string): ParseResult {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'ecr') {
    return fail(
      l10n.t('not an Inspector resource id for an ECR image: {0}: expected {1}', quote(text), EXPECTED_RESOURCE_ID),
    );
  }
  const partition = partitionOfRegion(arn.region);
  if (!partition) {
    return fail(l10n.t('{0} in the resource id is not an AWS region (like us-east-1)', quote(arn.region)));
  }
  if (partition.id !== arn.partition) {
    return fail(
      l10n.t(
        'region {0} belongs to the {1} partition, but the resource id says {2}',
        arn.region,
        partition.id,
        quote(arn.partition),
      ),
    );
  }
  if (!ACCOUNT.test(arn.accountId)) return fail(l10n.t('the account id in the resource id must be 12 digits'));
  if (!arn.resource.startsWith('repository/')) {
    return fail(l10n.t('{0} is not an ECR repository or image: expected {1}', quote(text), EXPECTED_RESOURCE_ID));
  }
  const path = arn.resource.slice('repository/'.length);
  const at = path.lastIndexOf('/sha256:');
  if (at < 0) {
    return fail(
      l10n.t(
        "this is a repository ARN; an image's resource id ends in /sha256:<digest> (or enter the image URI {0})",
        EXPECTED_URI,
      ),
    );
  }
  const repository = path.slice(0, at);
  const digest = path.slice(at + 1);
  const problem = checkRepository(repository) ?? checkDigest(digest);
  if (problem) return fail(problem);
  const host = { accountId: arn.accountId, region: arn.region, partition: partition.id };
  return {
    ok: true,
    ref: makeRef(host, `${arn.accountId}.dkr.ecr.${arn.region}.${partition.dnsSuffix}`, repository, undefined, digest),
  };
}

function parseUri(text: string): ParseResult {
  const uri = text.replace(SCHEME, '');
  const slash = uri.indexOf('/');
  const hostText = (slash < 0 ? uri : uri.slice(0, slash)).toLowerCase();
  if (slash < 0) {
    const host = HOST.test(hostText) ? parseRegistryHost(hostText) : undefined;
    return host?.ok
      ? fail(l10n.t('the repository is missing: add /<repository>[:tag] after {0}', quote(hostText)))
      : fail(l10n.t('not an ECR image URI: {0}: expected {1}', quote(text), EXPECTED_URI));
  }
  if (!hostText.includes('.') && !hostText.includes(':') && hostText !== 'localhost') {
    return fail(l10n.t('{0} names no registry (Docker Hub is assumed): expected {1}', quote(text), EXPECTED_URI));
  }
  const host = parseRegistryHost(hostText);
  if (!host.ok) return host;

  const rest = uri.slice(slash + 1);
  const at = rest.indexOf('@');
  const name = at < 0 ? rest : rest.slice(0, at);
  const digest = at < 0 ? undefined : rest.slice(at + 1);
  const colon = name.lastIndexOf(':');
  const repository = colon < 0 ? name : name.slice(0, colon);
  const tag = colon < 0 ? undefined : name.slice(colon + 1);

  const problem =
    checkRepository(repository) ??
    (tag !== undefined ? checkTag(tag) : undefined) ??
    (digest !== undefined ? checkDigest(digest) : undefined);
  if (problem) return fail(problem);
  return { ok: true, ref: makeRef(host.value, hostText, repository, tag, digest) };
}

/** Parses an ECR image URI or an Inspector resource id for an ECR image (see the top of this file). */
export function parseEcrImage(input: string): ParseResult {
  if (typeof input !== 'string') return fail(l10n.t('expected text: {0}', EXPECTED_URI));
  const text = input.trim();
  if (text.length === 0) return fail(l10n.t('enter an ECR image URI ({0}) or an image resource id', EXPECTED_URI));
  if (text.length > MAX_INPUT_LENGTH) {
    return fail(
      l10n.t('the text is too long ({0} characters) for an ECR image URI: expected {1}', text.length, EXPECTED_URI),
    );
  }
  if (/\s/.test(text)) return fail(l10n.t('an ECR image URI has no spaces: {0}', quote(text)));
  return text.startsWith('arn:') ? parseResourceId(text) : parseUri(text);
}

/** The image URI: host, repository, `:tag` (omitted when only implied), `@digest`. Round-trips through parseEcrImage. */
export function formatImageUri(ref: EcrImageRef): string {
  const tag = ref.tag !== undefined && !ref.impliedLatest ? `:${ref.tag}` : '';
  const digest = ref.digest !== undefined ? `@${ref.digest}` : '';
  return `${ref.registryHost}/${ref.repository}${tag}${digest}`;
}

/** `arn:<partition>:ecr:<region>:<account>:repository/<repository>/sha256:<hex>` when the digest is known. */
export function resourceIdOf(ref: EcrImageRef): string | undefined {
  if (ref.digest === undefined) return undefined;
  return `arn:${ref.partition}:ecr:${ref.region}:${ref.accountId}:repository/${ref.repository}/${ref.digest}`;
}

/** A short label: `shop/web:1.4.2`, `shop/web@sha256:84f5…085d`, or `shop/web:1.4.2@sha256:84f5…085d`. */
export function shortImageLabel(ref: EcrImageRef): string {
  const tag = ref.tag !== undefined ? `:${ref.tag}` : '';
  if (ref.digest === undefined) return `${ref.repository}${tag}`;
  const hex = ref.digest.slice('sha256:'.length);
  return `${ref.repository}${tag}@sha256:${hex.slice(0, 4)}…${hex.slice(-4)}`;
}

/** Whether `host` (any case) is a private ECR registry host, e.g. `111122223333.dkr.ecr.us-east-1.amazonaws.com`. */
export function isEcrHost(host: string): boolean {
  return typeof host === 'string' && host.length <= 253 && parseRegistryHost(host.toLowerCase()).ok;
}
