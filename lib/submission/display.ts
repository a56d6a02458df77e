/**
 * Text from a submission (its name, a field, a header) shown to people: on the leaderboard, in feedback,
 * in a terminal. It is always made safe first: control characters, bidirectional overrides and other
 * invisible format characters are written as `\u{…}` escapes (a newline cannot break a Markdown line, an
 * RTL override cannot reorder a name), and content is quoted as a short excerpt, never whole.
 */

/** C0/C1 controls, DEL, bidi marks, embeddings, overrides and isolates, zero-width and other format characters. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** The longest excerpt of submitted content shown in a message, in characters. */
export const EXCERPT_CHARS = 40;

/** The longest message about one submission kept on the board or in feedback, in characters. */
export const MESSAGE_CHARS = 600;

/**
 * Text with every control, bidi and invisible format character written as a visible `\u{…}` escape.
 * @example
 * displayText('a\u202eb\nc'); // 'a\\u{202e}b\\u{a}c'
 */
export function displayText(s: string): string {
  return s.replace(UNSAFE, (ch) => `\\u{${ch.charCodeAt(0).toString(16)}}`);
}

/**
 * A short, quoted, display-safe excerpt of submitted content: at most `max` characters, then
 * `…` and the full length when cut.
 * @param s the content
 * @param max characters kept. Default {@link EXCERPT_CHARS}.
 * @example
 * excerpt('x'.repeat(1e6)); // '"xxxx…xxxx…" (1000000 characters)'
 */
export function excerpt(s: string, max: number = EXCERPT_CHARS): string {
  const cut = s.length > max;
  const head = cut ? s.slice(0, max) : s;
  const quoted = JSON.stringify(head).slice(1, -1).replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\u{${parseInt(h, 16).toString(16)}}`);
  return cut ? `"${displayText(quoted)}…" (${s.length} characters)` : `"${displayText(quoted)}"`;
}

/**
 * A message about a submission made fit for a public board: display-safe and at most `max` characters.
 * @param s the message
 * @param max characters kept. Default {@link MESSAGE_CHARS}.
 */
export function boundedMessage(s: string, max: number = MESSAGE_CHARS): string {
  const safe = displayText(s);
  return safe.length > max ? `${safe.slice(0, max)}… (message cut at ${max} of ${safe.length} characters)` : safe;
}
