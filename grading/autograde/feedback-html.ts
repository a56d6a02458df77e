/**
 * The feedback page of one submission: the executed notebook with each test's result under its cell.
 * Standalone and inert: inline CSS, a Content-Security-Policy that forbids scripts, every text escaped,
 * images as data URLs in <img> (an SVG there cannot run code), HTML outputs in sandboxed iframes.
 */
import type { ICodeCell, IError, IOutput, IStream, MultilineString } from '@jupyterlab/nbformat';
import { escapeHtml as esc } from '../../lib/errors';
import { stripAnsi } from '../../harness/kernel/tslab-error';
import { sourceText } from '../../harness/notebook';
import { nbgraderOf } from '../assign/metadata';
import type { SubmissionResult, TestResult } from './submission';

const text = (t: MultilineString | unknown) => (Array.isArray(t) ? t.join('') : typeof t === 'string' ? t : '');
const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

const CSS = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;white-space:pre-wrap}.out{background:#fff;border-left:3px solid #ddd}
.err{background:#fff0f0;border-left:3px solid #c00}.test{padding:.4rem .6rem;margin:.3rem 0 1rem;border-radius:4px}
.passed{background:#e6f6e6}.failed,.not-run{background:#fde8e8}.md{white-space:pre-wrap}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}iframe{width:100%;border:1px solid #eee}`;

function outputHtml(o: IOutput): string {
  if (o.output_type === 'stream') return `<pre class="out">${esc(stripAnsi(text((o as IStream).text)))}</pre>`;
  if (o.output_type === 'error') {
    const e = o as IError;
    const tb = (e.traceback ?? []).length ? e.traceback.join('\n') : `${e.ename}: ${e.evalue}`;
    return `<pre class="err">${esc(stripAnsi(tb))}</pre>`;
  }
  const data = ((o as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
  if (data['image/png']) return `<img alt="figure" src="data:image/png;base64,${esc(text(data['image/png']).replace(/\s/g, ''))}">`;
  if (data['image/svg+xml']) return `<img alt="figure" src="data:image/svg+xml;base64,${Buffer.from(text(data['image/svg+xml'])).toString('base64')}">`;
  if (data['text/html']) return `<iframe sandbox="" srcdoc="${esc(text(data['text/html']))}"></iframe>`;
  if (data['text/plain']) return `<pre class="out">${esc(text(data['text/plain']))}</pre>`;
  return '';
}

function testHtml(t: TestResult): string {
  const word = t.status === 'passed' ? '✓ passed' : t.status === 'failed' ? '✗ failed' : '✗ not run';
  return `<div class="test ${t.status}" id="test-${esc(t.gradeId)}"><b>${esc(t.gradeId)}</b>: ${word}, ${fmt(t.points)} / ${fmt(t.maxPoints)} points${t.message ? ` — ${esc(t.message)}` : ''}</div>`;
}

const CHANGE_TEXT = {
  changed: 'was edited; the instructor\'s version was graded',
  deleted: 'was deleted; the instructor\'s version was put back and graded',
  'missing-solution': 'is missing (the answer cell was deleted)',
} as const;

/** The whole page. */
export function feedbackHtml(r: SubmissionResult): string {
  const byId = new Map(r.tests.map((t) => [t.gradeId, t]));
  const head = [
    `<h1>${esc(r.notebook)} — ${esc(r.student)}</h1>`,
    `<p><b>Score: ${fmt(r.score)} / ${fmt(r.maxScore)}</b>${r.message ? ` · ${esc(r.message)}` : ''}</p>`,
    '<table><tr><th>test</th><th>result</th><th>points</th></tr>',
    ...r.tests.map((t) => `<tr><td><a href="#test-${esc(t.gradeId)}">${esc(t.gradeId)}</a></td><td>${esc(t.status)}${t.message ? ': ' + esc(t.message) : ''}</td><td>${fmt(t.points)} / ${fmt(t.maxPoints)}</td></tr>`),
    '</table>',
    ...(r.changes.length ? ['<ul>', ...r.changes.map((c) => `<li>cell <code>${esc(c.gradeId)}</code> ${CHANGE_TEXT[c.kind]}</li>`), '</ul>'] : []),
    ...(r.manual.length ? [`<p>Graded by hand: ${r.manual.map((m) => `<code>${esc(m.gradeId)}</code> (${fmt(m.maxPoints)} points)`).join(', ')}.</p>`] : []),
  ];
  const body: string[] = [];
  for (const cell of r.executed?.cells ?? []) {
    const src = sourceText(cell.source);
    if (cell.cell_type === 'markdown') body.push(`<div class="md">${esc(src)}</div>`);
    else if (cell.cell_type === 'code') {
      body.push(`<pre>${esc(src)}</pre>`, ...(cell as ICodeCell).outputs.map(outputHtml));
      const id = nbgraderOf(cell)?.grade_id;
      const t = typeof id === 'string' ? byId.get(id) : undefined;
      if (t) body.push(testHtml(t));
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-src 'self'">
<title>${esc(r.notebook)} — ${esc(r.student)}</title><style>${CSS}</style></head>
<body>
${head.join('\n')}
<hr>
${body.join('\n')}
</body></html>
`;
}
