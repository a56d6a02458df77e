/** A JUnit XML report: one testsuite, one testcase per notebook (CI systems show it as test results). */
import type { NotebookReport } from './run-notebook';

function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** Renders the reports as JUnit XML. */
export function junitXml(reports: NotebookReport[], suite = 'hepml run'): string {
  const failures = reports.filter((r) => r.status !== 'passed').length;
  const seconds = reports.reduce((s, r) => s + r.seconds, 0);
  const cases = reports.map((r) => {
    const head = `  <testcase classname="notebooks" name="${xml(r.notebook)}" time="${r.seconds.toFixed(3)}">`;
    if (r.status === 'passed') return `${head}</testcase>`;
    const body = r.error ? [r.error.source, '', ...r.error.traceback].join('\n') : (r.message ?? '');
    return `${head}\n    <failure type="${xml(r.error?.ename ?? r.status)}" message="${xml(r.message ?? r.status)}">${xml(body)}</failure>\n  </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${xml(suite)}" tests="${reports.length}" failures="${failures}" errors="0" time="${seconds.toFixed(3)}">\n${cases.join('\n')}\n</testsuite>\n`;
}
