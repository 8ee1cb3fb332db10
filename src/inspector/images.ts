/**
 * Amazon Inspector, as far as this extension uses it: the one module that asks it about images. Every feature that
 * needs "where does this image run?" comes here — the Image Clusters view (its pages), the lookup (a tag → the
 * resource id), the usage service behind the hovers, CodeLens, the Workspace Images view and the lifecycle in-use
 * check (resolve, first pages, "is it covered at all?").
 *
 * - A digest is the resource id directly; a tag is resolved with `ListCoverage` (it may have moved since).
 * - `GetClustersForImage` pages use the `imageFootprint.pageSize.clusters` setting.
 * - An empty first page may mean "nothing runs it" or "Inspector does not know the image": `isCovered` tells them
 *   apart with `ListCoverage` by resource id.
 *
 * No `vscode` import (our messages go through `@vscode/l10n`): the view, the usage service, tests and benchmarks all
 * use it over `AwsAccess`.
 */
import * as l10n from '@vscode/l10n';
import { FootprintError } from '../aws/errors';
import type { AwsAccess } from '../aws/access';
import type { AwsTarget, ClusterInfo, Page } from '../aws/types';
import { resourceIdOf, type EcrImageRef } from './imageRef';
import { imageLabel, type ImageSubject } from './imageSubject';

/** What identifies an image to `ListCoverage` by resource id. */
export interface CoveredImageKey {
  readonly accountId: string;
  readonly repository: string;
  readonly resourceId: string;
}

/** The digest at the end of an Inspector resource id, if it has one. */
export function digestOfResourceId(resourceId: string): string | undefined {
  return /\/(sha256:[a-f0-9]{64})$/.exec(resourceId)?.[1];
}

/** The error row of an image that Inspector does not cover (its clusters cannot be known). */
export function notCoveredError(image: ImageSubject): FootprintError {
  return new FootprintError(
    'notFound',
    l10n.t(
      'Amazon Inspector does not cover {0} in account {1} ({2}).',
      imageLabel(image),
      image.accountId,
      image.region,
    ),
    l10n.t('Check the digest, or turn on Inspector enhanced scanning for the repository; then Retry.'),
    ['retry'],
    { service: 'inspector2', operation: 'ListCoverage', region: image.region },
  );
}

export class InspectorImages {
  constructor(
    private readonly access: AwsAccess,
    /** Clusters per `GetClustersForImage` page: the setting, read at each request. */
    private readonly pageSize: () => number,
  ) {}

  target(region: string | undefined): Promise<AwsTarget> {
    return this.access.target(region);
  }

  /**
   * The Inspector resource id of `ref`: a digest directly (no request), a tag through `ListCoverage` (the first
   * scanned image with that tag). `undefined` when Inspector covers no image with that tag.
   */
  async resolveResourceId(target: AwsTarget, ref: EcrImageRef, signal?: AbortSignal): Promise<string | undefined> {
    const direct = resourceIdOf(ref);
    if (direct) return direct;
    const found = await this.access.api.findCoveredImages(
      target,
      { accountId: ref.accountId, repository: ref.repository, tag: ref.tag },
      signal,
    );
    const match = found.find((f) => f.resourceId.length > 0);
    return match?.resourceId;
  }

  /** Whether Inspector knows the image at all (`ListCoverage` by resource id). */
  async isCovered(target: AwsTarget, image: CoveredImageKey, signal?: AbortSignal): Promise<boolean> {
    const covered = await this.access.api.findCoveredImages(
      target,
      { accountId: image.accountId, repository: image.repository, resourceId: image.resourceId },
      signal,
    );
    return covered.length > 0;
  }

  /** One `GetClustersForImage` page, of the configured size. */
  clustersPage(
    target: AwsTarget,
    resourceId: string,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<Page<ClusterInfo>> {
    return this.access.api.getClustersForImage(
      target,
      { resourceId, maxResults: this.pageSize(), nextToken: token },
      signal,
    );
  }

  /**
   * A page of the clusters of a looked-up image, for the tree. An empty first page with no more pages is checked
   * with `isCovered`, so "nothing uses it" never hides "Inspector does not know the image" (thrown as an error row).
   */
  async loadClustersPage(
    image: ImageSubject,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<Page<ClusterInfo>> {
    const target = await this.access.target(image.region);
    const page = await this.clustersPage(target, image.resourceId, token, signal);
    if (token === undefined && page.items.length === 0 && !page.nextToken) {
      if (!(await this.isCovered(target, image, signal))) throw notCoveredError(image);
    }
    return page;
  }

  /** A failure of a clusters page, with the image's region. */
  toError(err: unknown, image: ImageSubject): FootprintError {
    return this.access.toError(err, {
      ...this.access.context('inspector2', 'GetClustersForImage'),
      region: image.region,
    });
  }

  /** A failure of any other call here, described with its operation and region. */
  errorOf(err: unknown, operation: string, target: AwsTarget | undefined, region?: string): FootprintError {
    const context = this.access.context('inspector2', operation, target);
    return this.access.toError(err, region !== undefined ? { ...context, region } : context);
  }
}
