import assert from 'node:assert/strict';
import {
  MISSING,
  displayText,
  formatCount,
  formatDateTime,
  formatRelativeTime,
  formatShownCount,
  formatWhen,
  titleText,
} from '../../src/webview/format';
import { parseStateMessage, parseStateRev, parseWebviewMessage } from '../../src/webview/protocol';
import { sumUnitCounts, toUnitCounts } from '../../src/inspector/unitCounts';

const NOW = Date.UTC(2026, 4, 31, 16, 8, 37);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('webview formatting', () => {
  it('shows unknown and empty values as "—"', () => {
    assert.equal(displayText(undefined), MISSING);
    assert.equal(displayText(''), MISSING);
    assert.equal(displayText('  \t'), MISSING);
    assert.equal(formatCount(undefined), MISSING);
    assert.equal(formatCount(NaN), MISSING);
    assert.equal(formatWhen(undefined, NOW), MISSING);
    assert.equal(formatRelativeTime(Infinity, NOW), MISSING);
  });

  it('makes bidi controls, zero-width and control characters visible, and leaves markup alone', () => {
    assert.equal(displayText('evil\u202Etxt.exe'), 'evil[U+202E]txt.exe');
    assert.equal(displayText('a\u2066b\u2069c\u200Fd'), 'a[U+2066]b[U+2069]c[U+200F]d');
    assert.equal(displayText('zero\u200Bwidth\uFEFF'), 'zero[U+200B]width[U+FEFF]');
    assert.equal(displayText('line\nbreak\u0007'), 'line[U+000A]break[U+0007]');
    assert.equal(displayText('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
    assert.equal(displayText('日本語 ✓ émoji 🙂'), '日本語 ✓ émoji 🙂');
  });

  it('formats counts in the given locale', () => {
    assert.equal(formatCount(1234567, 'en-US'), '1,234,567');
    assert.equal(formatCount(1234567, 'de-DE'), '1.234.567');
    assert.equal(formatCount(0, 'en-US'), '0');
  });

  it('gives a relative part in the largest whole unit', () => {
    assert.equal(formatRelativeTime(NOW - 3 * DAY, NOW, 'en-US'), '3 days ago');
    assert.equal(formatRelativeTime(NOW - 2 * 60 * MIN - 5000, NOW, 'en-US'), '2 hours ago');
    assert.equal(formatRelativeTime(NOW - 5 * MIN, NOW, 'en-US'), '5 minutes ago');
    assert.equal(formatRelativeTime(NOW - DAY, NOW, 'en-US'), 'yesterday');
    assert.equal(formatRelativeTime(NOW - 400 * DAY, NOW, 'en-US'), 'last year');
    assert.equal(formatRelativeTime(NOW + 2 * 60 * MIN, NOW, 'en-US'), 'in 2 hours');
    assert.equal(formatRelativeTime(NOW - 200, NOW, 'en-US'), 'now');
    assert.equal(formatRelativeTime(NOW - 3 * DAY, NOW, 'de-DE'), 'vor 3 Tagen');
  });

  it('formats dates in the locale with the relative part', () => {
    assert.equal(formatDateTime(NOW, 'en-US', 'UTC'), 'May 31, 2026, 4:08 PM');
    assert.equal(formatWhen(NOW - 3 * DAY, NOW, 'en-US', 'UTC'), 'May 28, 2026, 4:08 PM (3 days ago)');
    assert.equal(formatWhen(NOW, NOW, 'de-DE', 'UTC'), '31.05.2026, 16:08 (jetzt)');
  });

  it('counts shown rows against the total', () => {
    assert.equal(formatShownCount(7, 7, 'en-US'), '7');
    assert.equal(formatShownCount(3, 1200, 'en-US'), '3 of 1,200');
  });

  it('keeps titles short and visible', () => {
    assert.equal(titleText('x'.repeat(500)).length, 48);
    assert.equal(titleText('a\u202Eb'), 'a[U+202E]b');
    assert.equal(titleText(''), MISSING);
  });
});

describe('panel unit counts', () => {
  it('converts dates to epoch milliseconds and drops what is not a finite number', () => {
    assert.deepEqual(toUnitCounts({ runningUnitCount: 2, stoppedUnitCount: NaN, lastInUse: new Date(NOW) }), {
      runningUnitCount: 2,
      stoppedUnitCount: undefined,
      lastInUse: NOW,
    });
    assert.equal(toUnitCounts({ lastInUse: new Date('not a date') }).lastInUse, undefined);
  });

  it('sums the counts that are reported and keeps the latest last-in-use', () => {
    assert.deepEqual(
      sumUnitCounts([
        { runningUnitCount: 2, lastInUse: NOW - DAY },
        { runningUnitCount: 3, stoppedUnitCount: 1, lastInUse: NOW },
        {},
      ]),
      { runningUnitCount: 5, stoppedUnitCount: 1, lastInUse: NOW },
    );
    assert.deepEqual(sumUnitCounts([{}, {}]), {
      runningUnitCount: undefined,
      stoppedUnitCount: undefined,
      lastInUse: undefined,
    });
  });
});

describe('webview message protocol', () => {
  it('accepts the three webview messages and nothing else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'copy', target: 'clusterArn', extra: 1 }), {
      type: 'copy',
      target: 'clusterArn',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', link: 'console' }), { type: 'openLink', link: 'console' });
    for (const bad of [
      undefined,
      null,
      'ready',
      [],
      { type: 'copy' },
      { type: 'copy', target: '' },
      { type: 'copy', target: 'x'.repeat(201) },
      { type: 'openLink', link: { toString: () => 'console' } },
      { type: 'openLink', url: 'https://example.com' },
      { type: 'command', command: 'workbench.action.quit' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('gives a panel only state messages of its own kind', () => {
    const state = { lifecycleExecutionId: 'lce-1', imageUris: [], snapshots: [], statusCounts: [] };
    assert.equal(parseStateMessage('snapshotStates', { type: 'state', kind: 'snapshotStates', state }), state);
    assert.equal(parseStateMessage('eksWorkloads', { type: 'state', kind: 'snapshotStates', state }), undefined);
    assert.equal(
      parseStateMessage('snapshotStates', { type: 'state', kind: 'snapshotStates', state: null }),
      undefined,
    );
    assert.equal(parseStateMessage('snapshotStates', '<script>'), undefined);
  });

  it("reads a state message's number (rev), and nothing that is not a whole number", () => {
    assert.equal(parseStateRev({ type: 'state', rev: 3 }), 3);
    for (const bad of [{ rev: '3' }, { rev: 1.5 }, { rev: Number.NaN }, { rev: 2 ** 60 }, {}, null, 'rev']) {
      assert.equal(parseStateRev(bad), undefined, JSON.stringify(bad));
    }
  });
});
