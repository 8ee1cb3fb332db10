import * as assert from 'node:assert/strict';
import { escapeHtml, escapeMarkdown, plainLabel, stripBidiControls, truncateMiddle } from '../../src/util/escape';

/** Undoes escapeMarkdown's backslash escapes: what a CommonMark renderer shows for the escaped text. */
function unescapeMarkdown(s: string): string {
  return s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('escapeHtml', () => {
  it('escapes the five HTML specials and the backtick', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&\`</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });

  it('neutralises hostile markup: no tag, attribute or entity survives', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      "' onmouseover='alert(1)",
      '&lt;script&gt;',
      '`${alert(1)}`',
      '</textarea><svg/onload=alert(1)>',
    ];
    for (const s of hostile) {
      const escaped = escapeHtml(s);
      assert.doesNotMatch(escaped, /[<>"'`]/, s);
      assert.doesNotMatch(escaped, /&(?!amp;|lt;|gt;|quot;|#39;|#96;)/, s);
    }
  });

  it('escapes & first, so existing entities are shown as text', () => {
    assert.equal(escapeHtml('&amp;'), '&amp;amp;');
  });

  it('leaves other text (unicode included) alone and accepts null and undefined', () => {
    assert.equal(escapeHtml('prod-web ✓ 日本'), 'prod-web ✓ 日本');
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(null), '');
  });
});

describe('escapeMarkdown', () => {
  it('backslash-escapes every Markdown special character', () => {
    for (const c of '[]()!*_`#+-.|{}<>~&\\') {
      assert.equal(escapeMarkdown(`a${c}b`), `a\\${c}b`, c);
    }
  });

  it('escapes every ASCII punctuation character, so it renders as the exact input', () => {
    const all = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    const escaped = escapeMarkdown(all);
    assert.equal(unescapeMarkdown(escaped), all);
    // Nothing unescaped is left but letters, digits and spaces.
    assert.match(escaped.replace(/\\[!-/:-@[-`{-~]/g, ''), /^[A-Za-z0-9 ]*$/);
  });

  it('neutralises links, images, HTML and entities', () => {
    const escaped = escapeMarkdown(
      '[click](command:workbench.action.terminal.new) ![x](https://evil/x.png) <b>&amp;</b>',
    );
    assert.doesNotMatch(escaped, /(^|[^\\])[[\]()<>&!]/);
  });

  it('neutralises command:, javascript: and other autolinks', () => {
    for (const link of [
      '<command:workbench.action.openSettings>',
      'command:extension.run?%5B%5D',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'https://evil.example/',
      'www.evil.example',
    ]) {
      const escaped = escapeMarkdown(link);
      assert.doesNotMatch(escaped, /[a-z]:(?!\\)/i, link); // a scheme's colon is always escaped …
      assert.doesNotMatch(escaped, /(^|[^\\])[:.<]/, link); // … as are dots (www.) and angle brackets
      assert.equal(unescapeMarkdown(escaped), link);
    }
  });

  it('escapes theme icon syntax', () => {
    assert.equal(escapeMarkdown('$(alert)'), '\\$\\(alert\\)');
  });

  it('collapses line breaks (and the whitespace around them) to one space', () => {
    assert.equal(escapeMarkdown('a\nb'), 'a b');
    assert.equal(escapeMarkdown('a \r\n\r\n  b'), 'a b');
    assert.equal(escapeMarkdown('a\rb\u2028c\u2029d\u0085e'), 'a b c d e');
    assert.equal(escapeMarkdown('# title\n# heading\n- item\n> quote'), '\\# title \\# heading \\- item \\> quote');
    assert.doesNotMatch(escapeMarkdown('x\n\n\n====\n'), /[\r\n]/);
  });

  it('replaces other control characters and shows bidi controls', () => {
    assert.equal(escapeMarkdown('a\tb\u0000c\u007Fd\u009Be'), 'a b c d e');
    assert.equal(escapeMarkdown('abc\u202Edef'), 'abc\\[U\\+202E\\]def');
  });

  it('accepts null and undefined', () => {
    assert.equal(escapeMarkdown(undefined), '');
    assert.equal(escapeMarkdown(null), '');
  });
});

describe('stripBidiControls', () => {
  it('makes every bidi control visible', () => {
    const controls = ['\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E'];
    controls.push('\u2066', '\u2067', '\u2068', '\u2069');
    for (const c of controls) {
      const hex = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      assert.equal(stripBidiControls(`a${c}b`), `a[U+${hex}]b`);
    }
  });

  it('defuses a Trojan Source string', () => {
    const trojan = 'prod\u202E\u2066 // admin\u2069\u2066';
    const out = stripBidiControls(trojan);
    assert.doesNotMatch(out, /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    assert.equal(out, 'prod[U+202E][U+2066] // admin[U+2069][U+2066]');
  });

  it('leaves other text alone', () => {
    assert.equal(stripBidiControls('שלום world \u200D'), 'שלום world \u200D');
    assert.equal(stripBidiControls(undefined), '');
  });
});

describe('truncateMiddle', () => {
  it('returns short strings unchanged', () => {
    assert.equal(truncateMiddle('abc', 3), 'abc');
    assert.equal(truncateMiddle('abc', 10), 'abc');
    assert.equal(truncateMiddle('', 5), '');
  });

  it('keeps the start and the end around an ellipsis, within max', () => {
    assert.equal(truncateMiddle('abcdefghij', 5), 'ab…ij');
    assert.equal(truncateMiddle('abcdefghij', 6), 'abc…ij');
    assert.equal(truncateMiddle('abcdefghij', 2), 'a…');
    assert.equal(truncateMiddle('abcdefghij', 1), '…');
  });

  it('gives an empty string for max below 1 or NaN, and rounds max down', () => {
    assert.equal(truncateMiddle('abc', 0), '');
    assert.equal(truncateMiddle('abc', -4), '');
    assert.equal(truncateMiddle('abc', Number.NaN), '');
    assert.equal(truncateMiddle('abcdefghij', 5.9), 'ab…ij');
    assert.equal(truncateMiddle('abc', Number.POSITIVE_INFINITY), 'abc');
  });

  it('counts code points and never splits a surrogate pair', () => {
    const emoji = '😀😁😂🤣😃😄😅😆';
    const out = truncateMiddle(emoji, 5);
    assert.equal(out, '😀😁…😅😆');
    assert.equal(Array.from(out).length, 5);
    assert.equal(truncateMiddle('😀😁😂', 3), '😀😁😂'); // 6 UTF-16 units, 3 code points: fits
    for (let max = 1; max < 10; max++) {
      assert.doesNotMatch(truncateMiddle(emoji.repeat(3), max), /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});

describe('plainLabel', () => {
  it('breaks up $(icon) syntax so data never renders as an icon, on one line', () => {
    const out = plainLabel('$(alert) evil\nname $(x)');
    assert.ok(!out.includes('$('), out);
    assert.ok(!out.includes('\n'));
    assert.ok(out.includes('alert'));
  });
});
