/**
 * Text from files and submissions (column and branch names, field values, submission names, headers)
 * shown to people: in an error message, on a terminal, on the leaderboard, in feedback, in HTML. It is
 * always made safe first: control characters (C0, DEL, C1: terminal escape sequences start with ESC or
 * CSI), bidirectional marks, embeddings, overrides and isolates, and zero-width and other invisible
 * format characters are written as visible `\u{…}` escapes (a newline cannot break a Markdown line, an
 * RTL override cannot reorder a name, a file cannot clear the terminal), and long content is shown as
 * a bounded excerpt with its full length, never whole. One module for the data readers, the CLI and
 * the grader.
 */

/** C0/C1 controls, DEL, soft hyphen, bidi marks, embeddings, overrides and isolates, zero-width and other format characters, BOM. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** The longest excerpt of submitted content shown in a message, in characters. */
export const EXCERPT_CHARS = 40;

/** The longest message about one submission kept on the board or in feedback, in characters. */
export const MESSAGE_CHARS = 600;

/**
 * Text with every control, bidi and invisible format character written as a visible `\u{…}` escape
 * (unbounded: see {@link safeText} for a bounded one).
 * @param s any text
 * @returns the same text, printable
 * @example
 * displayText('a\u202eb\nc'); // 'a\\u{202e}b\\u{a}c'
 */
export function displayText(s: string): string {
  return s.replace(UNSAFE, (ch) => `\\u{${ch.charCodeAt(0).toString(16)}}`);
}

/**
 * A printable, bounded rendering of text from a file: unsafe characters escaped as in
 * {@link displayText}, and text longer than `max` characters cut to its first `max`, then `…` and the
 * total length.
 * @param s any text
 * @param max characters kept. Default 80.
 * @example
 * safeText('a\x1b[31mb'); // 'a\\u{1b}[31mb'
 * safeText('x'.repeat(1000), 3); // 'xxx… (1000 characters)'
 */
export function safeText(s: string, max = 80): string {
  const cut = s.length > max;
  const clean = displayText(cut ? s.slice(0, max) : s);
  return cut ? `${clean}… (${s.length} characters)` : clean;
}

/**
 * A short, quoted, display-safe excerpt: at most `max` characters inside double quotes, escaped as a
 * JSON string (`\n`, `\"`, `\\`) and then as {@link displayText}; `…` and the full length follow the
 * quotes when cut. For names and values inside messages.
 * @param s the content
 * @param max characters kept. Default 80 (submissions use {@link EXCERPT_CHARS}).
 * @example
 * quote('pt\n'); // '"pt\\n"'
 * quote('x'.repeat(1e6), EXCERPT_CHARS); // '"xxxx…xxxx…" (1000000 characters)'
 */
export function quote(s: string, max = 80): string {
  const cut = s.length > max;
  const head = cut ? s.slice(0, max) : s;
  const inner = JSON.stringify(head).slice(1, -1).replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\u{${parseInt(h, 16).toString(16)}}`);
  return cut ? `"${displayText(inner)}…" (${s.length} characters)` : `"${displayText(inner)}"`;
}

/**
 * A bounded list of names for messages: the first `count` (each made safe, at most 40 characters),
 * then how many there are in all.
 * @param names the names
 * @param count names shown. Default 12.
 * @example
 * nameList(['a', 'b', 'c'], 2); // 'a, b, ... (3 in all)'
 */
export function nameList(names: readonly string[], count = 12): string {
  const shown = names.slice(0, count).map((n) => safeText(n, 40)).join(', ');
  return names.length > count ? `${shown}, ... (${names.length} in all)` : shown;
}

/**
 * A message made fit for a public board: display-safe and at most `max` characters.
 * @param s the message
 * @param max characters kept. Default {@link MESSAGE_CHARS}.
 * @example
 * boundedMessage('bad\u202ename'); // 'bad\\u{202e}name'
 */
export function boundedMessage(s: string, max: number = MESSAGE_CHARS): string {
  const safe = displayText(s);
  return safe.length > max ? `${safe.slice(0, max)}… (message cut at ${max} of ${safe.length} characters)` : safe;
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and attribute values (`& < > " '`).
 * @param s any text
 * @example
 * escapeHtml('<b title="x">'); // '&lt;b title=&quot;x&quot;&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => HTML[ch] ?? ch);
}
