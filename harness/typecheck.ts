/**
 * Static type-check of notebooks, without a kernel. A notebook's code cells become one virtual module
 * (`export {};` + the cells in order) next to the notebook, so `import ... from "hepml-course"` resolves
 * to the compiled library's .d.ts files exactly as in the kernel. Compiled with tslab's own TypeScript
 * (5.0.4) and options close to tslab's converter (ES2022, Node10 resolution, not strict).
 *
 * Differences from tslab, on purpose: the module is ESNext so that top-level `await` type-checks as one
 * program (tslab wraps such cells itself); re-declaring a variable or re-importing a name in a later cell
 * is legal in tslab (each cell is its own module), so those diagnostics across cells are dropped.
 */
import * as path from 'node:path';
import { cellTags, readNotebook, sourceText } from './notebook';

// tslab's TypeScript, so that what passes here compiles in the kernel.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const ts = require('@tslab/typescript-for-tslab') as typeof import('typescript');

export interface NotebookDiagnostic {
  notebook: string;
  /** 1-based position of the cell among all cells of the notebook. */
  cell: number;
  line: number;
  column: number;
  message: string;
  code: number;
}

interface Segment { cell: number; startLine: number; lines: number; skipDiagnostics: boolean }
interface Virtual { notebook: string; file: string; text: string; segments: Segment[] }

const PREFIX = 'export {};\n';
/** "Cannot redeclare block-scoped variable", "Duplicate identifier", "Import declaration conflicts". */
const CROSS_CELL_CODES = new Set([2451, 2300, 2440]);

function compilerOptions(): import('typescript').CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    skipLibCheck: true,
    noEmit: true,
  };
}

/** Builds the virtual module of one notebook; `skip-execution` cells are left out. */
export function virtualModule(notebook: string): Virtual {
  const nb = readNotebook(notebook);
  const segments: Segment[] = [];
  let text = PREFIX;
  let line = 1;
  nb.cells.forEach((cell, i) => {
    const tags = cellTags(cell);
    if (cell.cell_type !== 'code' || tags.includes('skip-execution')) return;
    const src = sourceText(cell.source).replace(/\r\n/g, '\n');
    const lines = src.split('\n').length;
    segments.push({ cell: i + 1, startLine: line, lines, skipDiagnostics: tags.includes('raises-exception') });
    text += src + '\n;\n'; // `;` ends a cell's last statement, as separate compilation would
    line += lines + 1;
  });
  const dir = path.dirname(path.resolve(notebook));
  return { notebook, file: path.join(dir, `__hepml_check__${path.basename(notebook, '.ipynb')}.ts`), text, segments };
}

function locate(v: Virtual, line0: number): Segment | undefined {
  return v.segments.find((s) => line0 >= s.startLine && line0 < s.startLine + s.lines);
}

/** Type-checks notebooks as one TypeScript program (one module each); returns their diagnostics. */
export function typecheckNotebooks(notebooks: string[]): NotebookDiagnostic[] {
  const virtuals = notebooks.map(virtualModule);
  const byFile = new Map(virtuals.map((v) => [v.file, v]));
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (file, lang, onError, create) => {
    const v = byFile.get(path.resolve(file));
    return v ? ts.createSourceFile(file, v.text, lang, true, ts.ScriptKind.TS) : getSourceFile.call(host, file, lang, onError, create);
  };
  host.fileExists = (file) => byFile.has(path.resolve(file)) || fileExists.call(host, file);
  host.readFile = (file) => byFile.get(path.resolve(file))?.text ?? readFile.call(host, file);
  const program = ts.createProgram([...byFile.keys()], options, host);
  const out: NotebookDiagnostic[] = [];
  for (const v of virtuals) {
    const sf = program.getSourceFile(v.file);
    if (!sf) continue;
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    for (const d of diags) {
      if (d.start === undefined) continue;
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
      const seg = locate(v, line);
      if (!seg || seg.skipDiagnostics) continue;
      if (CROSS_CELL_CODES.has(d.code)) continue;
      out.push({ notebook: v.notebook, cell: seg.cell, line: line - seg.startLine + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, ' '), code: d.code });
    }
    out.push(...crossCellShorthands(program, sf, v));
  }
  return out;
}

/** Our code for the lint below (TypeScript's own codes are below 20000). */
export const CROSS_CELL_SHORTHAND = 90001;

/**
 * tslab bug: an object shorthand `{ seed }` whose variable was declared in an EARLIER cell compiles to a
 * bare `seed` instead of tslab's cross-cell reference, and throws `ReferenceError: seed is not defined`
 * at run time (`{ seed: seed }` works). The type-checker sees nothing wrong, so we look for it here.
 */
function crossCellShorthands(program: import('typescript').Program, sf: import('typescript').SourceFile, v: Virtual): NotebookDiagnostic[] {
  const checker = program.getTypeChecker();
  const found: NotebookDiagnostic[] = [];
  const visit = (node: import('typescript').Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      const decl = checker.getShorthandAssignmentValueSymbol(node)?.valueDeclaration;
      if (decl && decl.getSourceFile() === sf) {
        const use = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const useSeg = locate(v, use.line);
        const declSeg = locate(v, sf.getLineAndCharacterOfPosition(decl.getStart(sf)).line);
        if (useSeg && declSeg && useSeg.cell !== declSeg.cell && !useSeg.skipDiagnostics) {
          const name = node.name.text;
          found.push({
            notebook: v.notebook, cell: useSeg.cell, line: use.line - useSeg.startLine + 1, column: use.character + 1, code: CROSS_CELL_SHORTHAND,
            message: `{ ${name} } refers to a variable from cell ${declSeg.cell}; tslab cannot compile this shorthand across cells (ReferenceError at run time). Write { ${name}: ${name} }.`,
          });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** `notebook:cell:line:col message`. */
export function formatDiagnostic(d: NotebookDiagnostic): string {
  return `${d.notebook}:${d.cell}:${d.line}:${d.column} ${d.message}`;
}
