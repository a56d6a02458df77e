/**
 * tslab reports a failed cell as text on stderr plus `execute_reply.status = "error"`, with no `error`
 * message. This turns that text into the `{ename, evalue, traceback}` of an nbformat error output, so
 * that JupyterLab and the runner's report show a proper error.
 *
 * Shapes seen on stderr:
 *  - compile errors:  `1:5 - Cannot find name 'x'.` (one line per diagnostic)
 *  - thrown errors:   `HepmlError: message\n    at ...` (Node's util.inspect of the error)
 *  - interrupts:      `Error: Interrupted asynchronously` or `Error: Script execution was interrupted by `SIGINT``
 */

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

const COMPILE = /^(?:\S+ )?(\d+):(\d+) - (.*)$/;
const THROWN = /^(?:Uncaught )?([A-Za-z_$][\w$]*)(?: \[[^\]]*\])?: (.*)$/;
/** Stack frames of tslab and Node's vm: noise for a student. */
const INTERNAL = /^\s+at .*(node_modules[\\/]tslab[\\/]|\(node:vm:|sigintHandlersWrap)/;
const ANSI = /\u001b\[[0-9;]*m/g;

/** Removes ANSI colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Parses tslab's stderr text of a failed cell into an nbformat error. */
export function parseTslabError(stderr: string): ErrorContent {
  const text = stripAnsi(stderr).replace(/\s+$/, '');
  const lines = text.split('\n').filter((l) => !INTERNAL.test(l));
  const traceback = lines.length && text ? lines : ['(the kernel reported an error without a message)'];
  const compile = lines.map((l) => COMPILE.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  if (compile.length > 0 && COMPILE.test(lines[0])) {
    const [, line, col, message] = compile[0];
    const more = compile.length > 1 ? ` (and ${compile.length - 1} more)` : '';
    return { ename: 'CompileError', evalue: `${line}:${col} - ${message}${more}`, traceback };
  }
  for (let i = 0; i < lines.length; i++) {
    const m = THROWN.exec(lines[i]);
    if (!m || /^\s/.test(lines[i])) continue;
    const rest: string[] = [m[2]];
    for (let j = i + 1; j < lines.length && !/^\s+at /.test(lines[j]) && lines[j].trim() !== '' && !/^\s*\{/.test(lines[j]); j++) rest.push(lines[j]);
    return { ename: m[1], evalue: rest.join('\n'), traceback };
  }
  const first = lines.find((l) => l.trim() !== '') ?? '';
  return { ename: 'Error', evalue: first.trim(), traceback };
}
