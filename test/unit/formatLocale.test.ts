import assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { unitsSummary } from '../../src/inspector/clusterModel';
import {
  dateAndAge,
  formatCount,
  formatCountIn,
  formatDateTime,
  formatLocale,
  formatRelativeTime,
  plural,
  relativeTime,
  setFormatLocale,
} from '../../src/util/format';
import { parseStateLocale } from '../../src/webview/protocol';

const NOW = Date.UTC(2026, 4, 31, 16, 8, 37);
const DAY = 24 * 3600_000;

describe('the display language of the formatter (setFormatLocale)', () => {
  afterEach(() => setFormatLocale(undefined));

  it('formats counts, dates and relative times in the set locale when given none', () => {
    setFormatLocale('de');
    assert.equal(formatLocale(), 'de');
    assert.equal(formatCount(1234567), '1.234.567', 'tree rows');
    assert.equal(plural(1200, 'cluster'), '1.200 clusters');
    assert.equal(formatCountIn(1234567), '1.234.567', 'panels');
    assert.equal(formatRelativeTime(NOW - 3 * DAY, NOW), 'vor 3 Tagen');
    assert.equal(relativeTime(new Date(NOW - DAY), new Date(NOW)), 'gestern');
    assert.equal(formatDateTime(NOW, undefined, 'UTC'), '31.05.2026, 16:08');
    assert.match(
      dateAndAge(new Date(NOW - 3 * DAY), '—', new Date(NOW)),
      /^\d\d\.\d\d\.2026, \d\d:\d\d \(vor 3 Tagen\)$/,
    );
  });

  it('lets an explicit locale win over the set one', () => {
    setFormatLocale('de');
    assert.equal(formatCountIn(1234567, 'en-US'), '1,234,567');
    assert.equal(formatRelativeTime(NOW - 3 * DAY, NOW, 'en-US'), '3 days ago');
  });

  it('keeps English grouping for English and for no locale', () => {
    for (const locale of ['en', 'en-US', 'en-gb', undefined]) {
      setFormatLocale(locale);
      assert.equal(formatCount(1234567), '1,234,567', String(locale));
      assert.equal(formatCount(12.5), '12.5');
    }
    setFormatLocale('fr');
    assert.equal(formatCount(1234567).replace(/\s/g, ' '), '1 234 567');
  });

  it('falls back to the runtime locale for an empty or malformed tag', () => {
    for (const bad of ['', 'not a tag!', '<script>']) {
      setFormatLocale(bad);
      assert.equal(formatLocale(), undefined, bad);
      assert.equal(formatCount(1234567), '1,234,567');
    }
  });

  it('formats in the runtime locale for a well-formed tag Intl rejects, without throwing', () => {
    setFormatLocale('en-US-US');
    assert.equal(formatLocale(), 'en-US-US');
    assert.equal(formatCountIn(1234567), new Intl.NumberFormat().format(1234567));
    assert.equal(
      formatRelativeTime(NOW - 3 * DAY, NOW),
      new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(-3, 'day'),
    );
    assert.equal(formatDateTime(NOW, undefined, 'UTC'), formatDateTime(NOW, 'en-US-US', 'UTC'));
  });

  it('gives each locale its own cached formatter', () => {
    setFormatLocale('de');
    assert.equal(formatCountIn(1000), '1.000');
    setFormatLocale('en');
    assert.equal(formatCountIn(1000), '1,000', 'not the German formatter cached before');
    setFormatLocale('de');
    assert.equal(formatCountIn(1000), '1.000');
  });

  it('reads the locale of a state message, a language tag only', () => {
    assert.equal(parseStateLocale({ type: 'state', kind: 'k', state: {}, locale: 'pt-br' }), 'pt-br');
    assert.equal(parseStateLocale({ type: 'state', kind: 'k', state: {} }), undefined);
    assert.equal(parseStateLocale({ type: 'state', kind: 'k', state: {}, locale: 42 }), undefined);
    assert.equal(parseStateLocale({ type: 'state', kind: 'k', state: {}, locale: 'x"><img>' }), undefined);
    assert.equal(parseStateLocale(null), undefined);
  });
});

describe('unitsSummary, made once per pair of counts', () => {
  afterEach(() => {
    setFormatLocale(undefined);
    l10n.config({ contents: {} });
  });

  it('follows a change of display language and of translation, and formats what it does not keep', () => {
    assert.equal(unitsSummary({ running: 1234, stopped: 5 }), '1,234 running · 5 stopped in 24 h');
    assert.equal(unitsSummary({ running: 1234, stopped: 5 }), '1,234 running · 5 stopped in 24 h', 'kept');
    setFormatLocale('de');
    assert.equal(unitsSummary({ running: 1234, stopped: 5 }), '1.234 running · 5 stopped in 24 h');
    l10n.config({ contents: { '{0} running · {1} stopped in 24 h': '{0} laufend · {1} in 24 h gestoppt' } });
    assert.equal(unitsSummary({ running: 1234, stopped: 5 }), '1.234 laufend · 5 in 24 h gestoppt');
    l10n.config({ contents: {} });
    setFormatLocale(undefined);
    assert.equal(unitsSummary({ running: 1234, stopped: 5 }), '1,234 running · 5 stopped in 24 h');
    // Counts it does not keep (too large, negative, fractional) are formatted each time, the same way.
    assert.equal(unitsSummary({ running: 2 ** 21, stopped: 0 }), '2,097,152 running · 0 stopped in 24 h');
    assert.equal(unitsSummary({ running: -1, stopped: 1.5 }), '-1 running · 1.5 stopped in 24 h');
  });

  it('keeps every pair apart', () => {
    const seen = new Map<string, string>();
    for (let running = 0; running < 70; running++) {
      for (let stopped = 0; stopped < 70; stopped++) {
        seen.set(`${running}/${stopped}`, unitsSummary({ running, stopped }));
      }
    }
    for (const [pair, summary] of seen) {
      const [running, stopped] = pair.split('/');
      assert.equal(summary, `${running} running · ${stopped} stopped in 24 h`);
      assert.equal(unitsSummary({ running: Number(running), stopped: Number(stopped) }), summary);
    }
  });
});

describe('formatRelativeTime, its texts kept per formatter', () => {
  afterEach(() => setFormatLocale(undefined));

  it('gives what Intl.RelativeTimeFormat gives, the first time and every time after, per locale', () => {
    const units: [number, Intl.RelativeTimeFormatUnit][] = [
      [365 * DAY, 'year'],
      [30 * DAY, 'month'],
      [7 * DAY, 'week'],
      [DAY, 'day'],
      [3600_000, 'hour'],
      [60_000, 'minute'],
      [1000, 'second'],
    ];
    for (const locale of [undefined, 'de', 'ja']) {
      setFormatLocale(locale);
      const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      for (let round = 0; round < 2; round++) {
        for (const [ms, unit] of units) {
          for (const n of [-3, -2, -1, 1, 2, 4]) {
            assert.equal(formatRelativeTime(NOW + n * ms, NOW), rtf.format(n, unit), `${locale} ${n} ${unit}`);
          }
        }
        assert.equal(formatRelativeTime(NOW, NOW), rtf.format(0, 'second'));
        assert.equal(formatRelativeTime(NOW - 500, NOW), rtf.format(0, 'second'));
      }
    }
  });
});
