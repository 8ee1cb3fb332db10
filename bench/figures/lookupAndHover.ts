/**
 * Figure 3, the lookup of an image by tag (ListCoverage, then the first page, shown in the tree) against the same two
 * raw calls; figure 4, the Dockerfile hover: a first hover against the raw calls it needs, a repeated hover from the
 * cache, and bursts of hovers over five distinct images.
 */
import '../../test/support/useStandIn';
import {
  GetClustersForImageCommand,
  ListCoverageCommand,
  type CoverageFilterCriteria,
} from '@aws-sdk/client-inspector2';
import * as vscode from 'vscode';
import { DockerfileHoverProvider, DockerfileReferenceCache } from '../../src/dockerfile/hover';
import { findImageReferences } from '../../src/dockerfile/references';
import { ImageUsageService } from '../../src/inspector/imageUsage';
import { check, RATIO_TARGET, round, shouldProfile, type BenchContext, type Figure } from '../figure';
import { profile } from '../profile';
import { median, percentile, timePair, timeRuns } from '../stats';
import { showChildren } from '../treeDriver';
import { createWorld, rawClients } from '../world';

/** The filter our AWS layer sends for an image by tag (src/aws/layer.ts), so the baseline asks the same question. */
function coverageFilter(accountId: string, repository: string, tag: string): CoverageFilterCriteria {
  const eq = (value: string) => [{ comparison: 'EQUALS' as const, value }];
  return {
    resourceType: eq('AWS_ECR_CONTAINER_IMAGE'),
    accountId: eq(accountId),
    ecrRepositoryName: eq(repository),
    ecrImageTags: eq(tag),
  };
}

function rawLookup(ctx: BenchContext) {
  const big = ctx.emulator.info.bigImage;
  const { inspector } = rawClients(ctx.emulator, big.region);
  const filterCriteria = coverageFilter(big.accountId, big.repository, big.tag);
  let clusters = 0;
  const run = async (): Promise<void> => {
    const coverage = await inspector.send(new ListCoverageCommand({ filterCriteria, maxResults: 200 }));
    const resourceId = coverage.coveredResources?.[0]?.resourceId;
    check(resourceId === big.resourceId, 'raw ListCoverage did not find the big image');
    const page = await inspector.send(new GetClustersForImageCommand({ filter: { resourceId }, maxResults: 100 }));
    clusters = page.cluster?.length ?? 0;
  };
  return { run, inspector, clusters: () => clusters };
}

export async function lookupByTag(ctx: BenchContext): Promise<Figure[]> {
  const { emulator } = ctx;
  const big = emulator.info.bigImage;
  const world = createWorld();
  const raw = rawLookup(ctx);
  let rows = 0;
  const ours = async (): Promise<void> => {
    // The command as the palette or a hover link runs it, then the expand VS Code does on reveal({ expand: true }).
    const node = await world.lookup.run(big.uriByTag);
    check(node, 'the lookup found no image');
    rows = (await showChildren(world.clusters.provider, node)).items.length;
  };
  const prepare = async (): Promise<void> => {
    for (const n of [...world.clusters.imageNodes]) await world.clusters.removeImage(n);
  };
  const warmup = ctx.quick ? 5 : 20;
  const runs = ctx.quick ? 20 : 301;
  await emulator.clearRequests();
  const result = await timePair(ours, raw.run, { warmup, runs, prepare });
  const counts = await emulator.operationCounts();
  check(rows === 101 && raw.clusters() === 100, `the lookup showed ${rows} rows, the raw calls ${raw.clusters()}`);
  const perRun = 2 * (warmup + runs);
  check(
    counts.ListCoverage === perRun && counts.GetClustersForImage === perRun,
    `expected one ListCoverage and one GetClustersForImage per run and side, saw ${JSON.stringify(counts)}`,
  );
  const figure: Figure = {
    id: 'lookupByTag.ratio',
    title: 'Lookup by tag: ListCoverage + first page in the tree vs the two raw calls',
    value: round(result.ratio),
    unit: 'ratio',
    target: { max: RATIO_TARGET },
    detail: {
      oursMs: round(result.oursMedian),
      sdkMs: round(result.baselineMedian),
      pairedRatio: round(result.pairedRatio),
      runs,
      requestsPerLookup: 2,
    },
    note: `median ${result.oursMedian.toFixed(2)} ms vs ${result.baselineMedian.toFixed(2)} ms over ${runs} ABAB runs`,
  };
  if (shouldProfile(ctx, figure)) {
    figure.profile = await profile('lookupByTag', async () => {
      for (let i = 0; i < runs; i++) {
        await prepare();
        await ours();
      }
    });
  }
  world.dispose();
  raw.inspector.destroy();
  return [figure];
}

/** A Dockerfile open in the editor, as far as the hover provider reads it. */
function dockerfile(text: string, name = 'Dockerfile'): vscode.TextDocument {
  const uri = vscode.Uri.file(`/bench/${name}`);
  return { uri, version: 1, languageId: 'dockerfile', getText: () => text } as unknown as vscode.TextDocument;
}

/** The position of the middle of `needle` in `text`. */
function positionOf(text: string, needle: string): vscode.Position {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  check(line >= 0, `${needle} is not in the Dockerfile`);
  return new vscode.Position(line, (lines[line] as string).indexOf(needle) + (needle.length >> 1));
}

function hoverText(hover: vscode.Hover | undefined): string {
  const contents = (hover?.contents ?? []) as unknown as { value: string }[];
  return contents.map((c) => c.value).join('\n');
}

export async function hover(ctx: BenchContext): Promise<Figure[]> {
  const { emulator } = ctx;
  const big = emulator.info.bigImage;
  const world = createWorld();
  const raw = rawLookup(ctx);
  const text = `# syntax=docker/dockerfile:1\nFROM ${big.uriByTag} AS base\nRUN echo hello\n`;
  const document = dockerfile(text);
  const position = positionOf(text, big.uriByTag);
  const token = () => new vscode.CancellationTokenSource().token;

  // First hover: a fresh provider and usage service each run (nothing parsed, nothing cached).
  let provider = new DockerfileHoverProvider(
    new ImageUsageService(world.session),
    new DockerfileReferenceCache(findImageReferences),
  );
  let firstText = '';
  const first = async (): Promise<void> => {
    firstText = hoverText(await provider.provideHover(document, position, token()));
  };
  const warmup = ctx.quick ? 5 : 20;
  const runs = ctx.quick ? 20 : 301;
  await emulator.clearRequests();
  const firstResult = await timePair(first, raw.run, {
    warmup,
    runs,
    prepare: () => {
      provider = new DockerfileHoverProvider(
        new ImageUsageService(world.session),
        new DockerfileReferenceCache(findImageReferences),
      );
    },
  });
  const counts = await emulator.operationCounts();
  check(/cluster/i.test(firstText), `the first hover says nothing about clusters: ${firstText.slice(0, 200)}`);
  check(
    counts.ListCoverage === 2 * (warmup + runs) && counts.GetClustersForImage === 2 * (warmup + runs),
    `expected ListCoverage + GetClustersForImage per first hover, saw ${JSON.stringify(counts)}`,
  );

  // Repeated hover: the same provider, answered from the usage cache. `prepare` runs before the baseline's runs too,
  // so the provider left by the pairs may never have hovered: one untimed hover first fills its cache.
  await first();
  await emulator.clearRequests();
  const repeated = await timeRuns(first, 50, ctx.quick ? 200 : 1000);
  const repeatedRequests = (await emulator.requests()).length;
  check(/cluster/i.test(firstText), 'a repeated hover lost its text');

  // Bursts: 50 hovers over 5 distinct images, all in flight together (the user sweeps the mouse over the FROM lines).
  const burst = async (byTag: boolean): Promise<{ requests: number; answered: number }> => {
    const images = emulator.info.hoverImages.map((i) => (byTag ? i.uriByTag : i.uriByDigest));
    const body = images.map((uri, i) => `FROM ${uri} AS stage${i}\nRUN true\n`).join('');
    const doc = dockerfile(body, byTag ? 'tags.Dockerfile' : 'digests.Dockerfile');
    const positions = images.map((uri) => positionOf(body, uri));
    const burstProvider = new DockerfileHoverProvider(
      new ImageUsageService(world.session),
      new DockerfileReferenceCache(findImageReferences),
    );
    await emulator.clearRequests();
    const hovers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        burstProvider.provideHover(doc, positions[i % 5] as vscode.Position, token()),
      ),
    );
    // And again, one after another, once the answers are cached.
    for (let i = 0; i < 50; i++) {
      hovers.push(await burstProvider.provideHover(doc, positions[i % 5] as vscode.Position, token()));
    }
    const answered = hovers.filter((h) => /cluster/i.test(hoverText(h))).length;
    return { requests: (await emulator.requests()).length, answered };
  };
  const byDigest = await burst(false);
  const byTag = await burst(true);
  check(byDigest.answered === 100 && byTag.answered === 100, 'some burst hovers had no answer');

  const figures: Figure[] = [
    {
      id: 'hover.firstRatio',
      title: 'Hover: first hover vs the raw calls it needs (ListCoverage + first page)',
      value: round(firstResult.ratio),
      unit: 'ratio',
      target: { max: RATIO_TARGET },
      detail: {
        oursMs: round(firstResult.oursMedian),
        sdkMs: round(firstResult.baselineMedian),
        pairedRatio: round(firstResult.pairedRatio),
        runs,
      },
      note: `median ${firstResult.oursMedian.toFixed(2)} ms vs ${firstResult.baselineMedian.toFixed(2)} ms over ${runs} ABAB runs`,
    },
    {
      id: 'hover.repeatedP95Ms',
      title: 'Hover: repeated hover from the cache, p95',
      value: round(percentile(repeated, 95), 4),
      unit: 'ms',
      target: { max: 1 },
      detail: {
        medianMs: round(median(repeated), 4),
        maxMs: round(Math.max(...repeated), 4),
        runs: repeated.length,
        requests: repeatedRequests,
      },
      note: `${repeated.length} hovers, ${repeatedRequests} requests`,
    },
    {
      id: 'hover.repeatedRequests',
      title: 'Hover: requests made by repeated hovers',
      value: repeatedRequests,
      unit: 'requests',
      target: { max: 0 },
      detail: { hovers: repeated.length + 50 },
      note: `${repeated.length + 50} hovers of one cached image`,
    },
    {
      id: 'hover.burstRequests',
      title: 'Hover: 50 concurrent + 50 sequential hovers over 5 images by digest, requests',
      value: byDigest.requests,
      unit: 'requests',
      target: { max: 5 },
      detail: { images: 5, hovers: 100 },
      note: 'a digest needs one GetClustersForImage per image',
    },
    {
      id: 'hover.burstRequestsByTag',
      title: 'Hover: the same over 5 images by tag, requests',
      value: byTag.requests,
      unit: 'requests',
      target: { max: 10 },
      detail: { images: 5, hovers: 100 },
      note: 'a tag needs ListCoverage, then GetClustersForImage: two per image',
    },
  ];
  const firstFigure = figures[0] as Figure;
  if (shouldProfile(ctx, firstFigure)) {
    firstFigure.profile = await profile('hoverFirst', async () => {
      for (let i = 0; i < runs; i++) {
        provider = new DockerfileHoverProvider(
          new ImageUsageService(world.session),
          new DockerfileReferenceCache(findImageReferences),
        );
        await first();
      }
    });
  }
  world.dispose();
  raw.inspector.destroy();
  return figures;
}
