/**
 * lib/errors/text: the one module that makes text from files and submissions safe to show (data reader
 * messages, `hepml inspect`, the leaderboard, feedback, HTML). Checked character by character against
 * the slow obvious rule: no control, bidi or invisible format character ever comes out raw.
 */
import { strict as assert } from 'node:assert';
import { boundedMessage, displayText, escapeHtml, EXCERPT_CHARS, MESSAGE_CHARS, nameList, quote, safeText } from '../../lib/errors';

/** Characters that must never be shown raw: every Cc, the bidi controls and marks, zero-width and line/paragraph separators. */
const MUST_ESCAPE = (c: number): boolean =>
  c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c === 0x061c || (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c === 0xfeff;

describe('lib/errors/text: display-safe text', () => {
  it('displayText escapes every control, bidi and zero-width character as \\u{…}, and nothing printable', () => {
    for (let c = 0; c < 0x3000; c++) {
      const ch = String.fromCharCode(c);
      const out = displayText(`a${ch}b`);
      if (MUST_ESCAPE(c)) assert.equal(out, `a\\u{${c.toString(16)}}b`, `U+${c.toString(16)}`);
      else if (!/\p{Cf}/u.test(ch)) assert.equal(out, `a${ch}b`, `U+${c.toString(16)} is printable and stays`);
    }
    assert.equal(displayText('a\u202eb\nc'), 'a\\u{202e}b\\u{a}c');
  });

  it('safeText bounds long text and says the full length; short text is only escaped', () => {
    assert.equal(safeText('p\x1b[2J'), 'p\\u{1b}[2J');
    assert.equal(safeText('x'.repeat(1000), 3), 'xxx… (1000 characters)');
    assert.ok(safeText('y'.repeat(1e6)).length < 120);
    assert.equal(safeText('z'.repeat(80)), 'z'.repeat(80));
  });

  it('quote is a bounded JSON-style quoted excerpt (the data readers and the submission checks share it)', () => {
    assert.equal(quote('pt'), '"pt"');
    assert.equal(quote('a"b\\c\n'), '"a\\"b\\\\c\\n"');
    assert.equal(quote('r\u202el\x9b'), '"r\\u{202e}l\\u{9b}"');
    const long = quote('x'.repeat(1e6), EXCERPT_CHARS);
    assert.equal(long, `"${'x'.repeat(EXCERPT_CHARS)}…" (1000000 characters)`);
    assert.ok(!/[\u0000-\u001f\u202a-\u202e]/.test(quote('\u0000'.repeat(500))));
  });

  it('nameList shows the first names, safe and short, then how many in all', () => {
    assert.equal(nameList(['a', 'b', 'c'], 2), 'a, b, ... (3 in all)');
    assert.equal(nameList(['\x1bq']), '\\u{1b}q');
    assert.ok(nameList(['n'.repeat(500)]).length < 70);
  });

  it('boundedMessage keeps a message on a public board to MESSAGE_CHARS, escaped', () => {
    assert.equal(boundedMessage('bad\u202ename'), 'bad\\u{202e}name');
    const m = boundedMessage('m'.repeat(5000));
    assert.ok(m.startsWith('m'.repeat(MESSAGE_CHARS)) && m.length < MESSAGE_CHARS + 60, m.slice(-60));
    assert.match(m, /message cut at 600 of 5000 characters/);
  });

  it('escapeHtml escapes the five HTML characters and nothing else', () => {
    assert.equal(escapeHtml(`<b title="x" data-y='z'>&amp;</b>`), '&lt;b title=&quot;x&quot; data-y=&#39;z&#39;&gt;&amp;amp;&lt;/b&gt;');
    assert.equal(escapeHtml('plain ε_B 1/ε'), 'plain ε_B 1/ε');
  });
});
