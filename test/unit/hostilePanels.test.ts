/**
 * Every string field of every panel, filled with every hostile string (markup, script, `javascript:` and `command:`
 * links, Markdown, bidi and invisible controls, control characters, very long strings), rendered by the real panel
 * scripts in headless Chromium under the shell's HTML and CSP: shown as text, nothing runs, no element is made from
 * data, nothing the CSP would have to block is even tried. Complements webviewBrowser.test.ts, which covers some
 * fields with a few strings; this covers all of them. Skipped, with a message, only when chromium is not installed.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildEcsTaskDefinitionState } from '../../src/inspector/ecsTaskDefinitionPanel';
import { buildEksWorkloadsState } from '../../src/inspector/eksWorkloadsPanel';
import { buildSnapshotStatesState } from '../../src/imagebuilder/snapshotStatesPanel';
import { displayText } from '../../src/webview/format';
import type { PanelKind, PanelStateOf } from '../../src/panels';
import { HOSTILE_STRINGS, PWNED } from '../fixtures/hostile/strings';

import { postPanelState, usePanelBrowser } from '../support/panelPage';

const counts = { panels: 0, states: 0, fields: 0 };

function h(i: number): string {
  return HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]!.value;
}

const NOW = Date.now();

/** A state of each panel with a hostile string (offset by `o`) in every string field. */
const STATES: { [K in PanelKind]: (o: number) => { state: PanelStateOf<K>; fields: number; shown: string } } = {
  eksWorkloads: (o) => ({
    state: buildEksWorkloadsState({
      imageLabel: h(o),
      resourceId: h(o + 1),
      cluster: {
        clusterArn: h(o + 2),
        details: [
          {
            lastInUse: new Date(NOW),
            runningUnitCount: 1,
            metadata: {
              kind: 'eks',
              namespace: h(o + 3),
              workloads: [
                { name: h(o + 4), type: h(o + 5) },
                { name: h(o + 6), type: h(o + 7) },
              ],
            },
          },
          { metadata: { kind: 'eks', namespace: h(o + 8), workloads: [{ name: h(o + 9), type: h(o + 10) }] } },
          { metadata: { kind: 'unknown', tag: h(o + 11) } },
        ],
      },
      consoleUrl: 'https://console.aws.amazon.com/eks/home',
    }).state,
    fields: 12,
    shown: h(o),
  }),
  ecsTaskDefinition: (o) => ({
    state: buildEcsTaskDefinitionState({
      imageLabel: h(o),
      resourceId: h(o + 1),
      cluster: {
        clusterArn: `arn:aws:ecs:us-east-1:111122223333:cluster/${h(o + 2)}`,
        details: [
          { metadata: { kind: 'ecs', detailsGroup: h(o + 3), taskDefinitionArn: h(o + 4) } },
          {
            lastInUse: new Date(NOW),
            metadata: {
              kind: 'ecs',
              detailsGroup: h(o + 5),
              taskDefinitionArn: `arn:aws:ecs:us-east-1:111122223333:task-definition/${h(o + 6)}:7`,
            },
          },
          { metadata: { kind: 'unknown', tag: h(o + 7) } },
        ],
      },
      consoleUrls: { cluster: 'https://console.aws.amazon.com/ecs', taskDefinition: () => h(o + 8) },
    }).state,
    fields: 9,
    shown: h(o),
  }),
  snapshotStates: (o) => ({
    state: buildSnapshotStatesState({
      lifecycleExecutionId: h(o),
      resource: {
        accountId: h(o + 1),
        region: h(o + 2),
        resourceId: h(o + 3),
        state: { status: h(o + 4), reason: h(o + 5) },
        action: { name: h(o + 6), reason: h(o + 7) },
        snapshots: [
          { snapshotId: h(o + 8), state: { status: h(o + 9), reason: h(o + 10) } },
          { snapshotId: h(o + 11), state: { status: h(o + 9) } },
          { state: { reason: h(o + 12) } },
        ],
        imageUris: [h(o + 13), h(o + 14)],
        startTime: new Date(NOW),
      },
    }).state,
    fields: 15,
    shown: h(o),
  }),
};

describe('Hostile strings in every field of every panel (chromium + playwright-core)', function () {
  this.timeout(120_000);

  const panels = usePanelBrowser('the hostile panel checks', 'hostile-panels-');

  after(async () => {
    console.log(`HOSTILE-COUNTS panels ${JSON.stringify(counts)}`);
  });

  async function assertInert(page: Page, errors: string[], what: string): Promise<void> {
    const seen = await page.evaluate((pwned) => {
      const w = window as unknown as Record<string, unknown>;
      return {
        pwned: w[pwned],
        elements: ['img', 'a', 'iframe', 'object', 'embed', 'form', 'script'].map(
          (tag) => `${tag}:${document.querySelectorAll(tag).length}`,
        ),
        violations: w.__violations,
        navigated: location.pathname,
      };
    }, PWNED);
    assert.equal(seen.pwned, undefined, `${what}: a hostile string ran as script`);
    assert.deepEqual(
      seen.elements,
      ['img:0', 'a:0', 'iframe:0', 'object:0', 'embed:0', 'form:0', 'script:1'],
      `${what}: an element was made from data`,
    );
    assert.deepEqual(seen.violations, [], `${what}: the page tried something the CSP had to block`);
    assert.match(seen.navigated, /^\/panel\//, `${what}: the page navigated away`);
    assert.deepEqual(errors, [], `${what}: page errors`);
  }

  for (const kind of Object.keys(STATES) as PanelKind[]) {
    it(`${kind}: every string field, every hostile string, as text`, async () => {
      counts.panels++;
      const context = await panels.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      try {
        await page.goto(`${panels.origin}/panel/${kind}`);
        await page.waitForFunction(() =>
          ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'),
        );
        for (let o = 0; o < HOSTILE_STRINGS.length; o++) {
          const { state, fields, shown } = STATES[kind](o);
          counts.states++;
          counts.fields += fields;
          await postPanelState(page, { type: 'state', kind, state });
          // Click every button the data could have reached: copy and open post ids only, never data.
          if (o < 4) for (const button of await page.locator('button.action[data-action]').all()) await button.click();
          await assertInert(page, errors, `${kind} #${o}`);
          const text = (await page.textContent('body')) ?? '';
          if (HOSTILE_STRINGS[o]!.kind !== 'long') {
            assert.ok(text.includes(displayText(shown)), `${kind} #${o}: shown as text: ${shown.slice(0, 40)}`);
          }
          const posted = await page.evaluate(
            () => (window as unknown as { __posted: { type: string; target?: string; link?: string }[] }).__posted,
          );
          for (const m of posted) {
            if (m.type === 'ready' || m.type === 'rendered') continue;
            const id = m.target ?? m.link ?? '';
            assert.match(id, /^[\w:]+$/, `${kind} #${o}: a button posted data, not an id: ${id.slice(0, 60)}`);
          }
        }
      } finally {
        await context.close();
      }
    });
  }
});
