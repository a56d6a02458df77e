/**
 * Papermill-style parameters for TypeScript notebooks. The first cell tagged `parameters` holds `let`
 * defaults; `parameterize` inserts a cell tagged `injected-parameters` right after it (replacing an
 * earlier injection) that assigns the given values. Command-line values are typed from the defaults.
 */
import ts from 'typescript';
import { HepmlError, warn } from '../lib/errors';
import { cellTags, newCellId, sourceText, type ICodeCell, type INotebookContent } from './notebook';
import { translator } from './translator';

export type ParameterKind = 'number' | 'string' | 'boolean' | 'json' | 'unknown';

/** One default declared in the parameters cell. */
export interface ParameterDefault {
  name: string;
  kind: ParameterKind;
  /** The initializer's source text, e.g. `10` or `"higgs"`. */
  source: string;
  /** The type annotation's source text, `''` when none. */
  type: string;
}

export interface ParameterizeOptions {
  /** Values to inject, already typed (see {@link typeParameters}). */
  values: Record<string, unknown>;
  /** Accept names the parameters cell does not declare. Default false. */
  allowNewParams?: boolean;
}

/** Index of the first cell tagged `parameters`, or -1. */
export function findParametersCell(nb: INotebookContent): number {
  return nb.cells.findIndex((c) => c.cell_type === 'code' && cellTags(c).includes('parameters'));
}

function kindOf(decl: ts.VariableDeclaration): ParameterKind {
  const t = decl.type;
  if (t) {
    if (t.kind === ts.SyntaxKind.NumberKeyword) return 'number';
    if (t.kind === ts.SyntaxKind.StringKeyword) return 'string';
    if (t.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
    if (ts.isArrayTypeNode(t) || ts.isTypeLiteralNode(t) || ts.isTupleTypeNode(t)) return 'json';
  }
  let e = decl.initializer;
  if (!e) return 'unknown';
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)) e = e.operand;
  if (ts.isNumericLiteral(e) || (ts.isIdentifier(e) && (e.text === 'NaN' || e.text === 'Infinity'))) return 'number';
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return 'string';
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) return 'json';
  return 'unknown';
}

/** Parses the `let NAME = VALUE;` defaults of a parameters cell with the TypeScript parser. */
export function parseDefaults(source: string): ParameterDefault[] {
  const file = ts.createSourceFile('parameters.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: ParameterDefault[] = [];
  for (const stmt of file.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    for (const decl of stmt.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name)) continue;
      out.push({ name: decl.name.text, kind: kindOf(decl), source: decl.initializer?.getText(file) ?? '', type: decl.type?.getText(file) ?? '' });
    }
  }
  return out;
}

/** The defaults of a notebook's parameters cell (`[]` when it has none). */
export function notebookDefaults(nb: INotebookContent): ParameterDefault[] {
  const i = findParametersCell(nb);
  return i < 0 ? [] : parseDefaults(sourceText(nb.cells[i].source));
}

const BOOLEANS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false };

/** Types one command-line value by the kind of its default. */
export function typeValue(name: string, raw: string, kind: ParameterKind, defaultSource = ''): unknown {
  const bad = (what: string): never => {
    throw new HepmlError(`-p ${name}=${raw}: expected ${what} (the default is ${defaultSource || 'not typed'}), found ${JSON.stringify(raw)}.`);
  };
  switch (kind) {
    case 'number': {
      const t = raw.trim();
      if (t === 'NaN') return NaN;
      const x = /^[+-]?Infinity$/.test(t) ? Number(t) : t === '' ? NaN : Number(t);
      return Number.isNaN(x) ? bad('a number') : x;
    }
    case 'boolean': {
      const b = BOOLEANS[raw.trim().toLowerCase()];
      return b === undefined ? bad('true or false') : b;
    }
    case 'string':
      return raw;
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return bad('a JSON object or array');
      }
    default:
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
  }
}

/** Splits `NAME=VALUE` pairs (from `-p`) into a map of raw strings. */
export function parsePairs(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    const name = eq > 0 ? p.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new HepmlError(`-p ${p}: expected NAME=VALUE with NAME an identifier, found ${JSON.stringify(p)}.`);
    // `out.__proto__ = …` would set the prototype, not a parameter: the value would vanish silently.
    if (name === '__proto__') throw new HepmlError(`-p ${p}: expected a parameter name other than __proto__ (it names the object prototype in JavaScript); rename the parameter.`);
    out[name] = p.slice(eq + 1);
  }
  return out;
}

/** Types raw `-p` values by the notebook's defaults; unknown names stay JSON-or-string. */
export function typeParameters(nb: INotebookContent, raw: Record<string, string>): Record<string, unknown> {
  const defaults = new Map(notebookDefaults(nb).map((d) => [d.name, d]));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const d = defaults.get(name);
    out[name] = typeValue(name, value, d?.kind ?? 'unknown', d?.source);
  }
  return out;
}

/**
 * Inserts (or replaces) the `injected-parameters` cell. Returns `nb`, mutated. Unknown names are an
 * error unless `allowNewParams`; with no parameters cell the injection goes on top, with a warning.
 */
export function parameterize(nb: INotebookContent, options: ParameterizeOptions, file = 'notebook'): INotebookContent {
  const names = Object.keys(options.values);
  nb.cells = nb.cells.filter((c) => !cellTags(c).includes('injected-parameters'));
  if (names.length === 0) return nb;
  const at = findParametersCell(nb);
  const declared = new Map(at < 0 ? [] : parseDefaults(sourceText(nb.cells[at].source)).map((d) => [d.name, d]));
  const unknown = names.filter((n) => !declared.has(n));
  if (unknown.length > 0 && !options.allowNewParams) {
    const known = declared.size ? [...declared.keys()].join(', ') : 'none (no cell is tagged "parameters")';
    throw new HepmlError(`${file}: unknown parameter ${unknown.map((n) => JSON.stringify(n)).join(', ')}; the notebook declares ${known}. Use --allow-new-params to inject it anyway.`);
  }
  if (at < 0) warn(`${file}: no cell is tagged "parameters"; injecting parameters at the top.`);
  const lines = names.map((n) => translator.assign(n, options.values[n], declared.get(n)?.type));
  const cell: ICodeCell = {
    id: newCellId(),
    cell_type: 'code',
    execution_count: null,
    metadata: { tags: ['injected-parameters'] },
    outputs: [],
    source: ['// Parameters injected by hepml run\n', ...lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l))],
  };
  nb.cells.splice(at + 1, 0, cell);
  return nb;
}
