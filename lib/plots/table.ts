/**
 * `table(...)`: a summary table for notebooks, shown as clean HTML in a front end and aligned text in logs.
 */
import type { Displayable, MimeBundle } from '../display';
import { HepmlError, check, escapeHtml } from '../errors';

/** Options of {@link table}. */
export interface TableOptions {
  /** Significant digits for non-integer numbers. Default 4. */
  digits?: number;
  /** Caption above the table. */
  caption?: string;
}

/** A displayable table (`show(table(...))`). */
export interface Table extends Displayable {
  readonly columns: string[];
  /** Formatted cells, row by row. */
  readonly cells: string[][];
  toString(): string;
}

function formatCell(v: unknown, digits: number): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(Math.max(0, digits - 1));
    return String(Number(v.toPrecision(digits)));
  }
  if (typeof v === 'bigint') return v.toString();
  return v === null || v === undefined ? '' : String(v);
}

type Cell = number | string | bigint | boolean | null | undefined;

function fromInput(data: Record<string, ArrayLike<Cell>> | Record<string, Cell>[]): { names: string[]; get: (r: number, c: string) => Cell; rows: number } {
  if (Array.isArray(data)) {
    const names: string[] = [];
    for (const row of data) {
      check(typeof row === 'object' && row !== null, 'table', 'rows as objects', row);
      for (const k of Object.keys(row)) if (!names.includes(k)) names.push(k);
    }
    return { names, rows: data.length, get: (r, c) => data[r][c] };
  }
  check(typeof data === 'object' && data !== null, 'table', 'columns { name: array } or an array of row objects', data);
  const names = Object.keys(data);
  let rows = -1;
  for (const n of names) {
    const col = data[n];
    check(col !== null && typeof col === 'object' && typeof col.length === 'number', `table.${n}`, 'an array of values', col);
    if (rows === -1) rows = col.length;
    else if (col.length !== rows) throw new HepmlError(`table.${n}: expected ${rows} values like the first column, found ${col.length}.`, { where: n });
  }
  return { names, rows: Math.max(0, rows), get: (r, c) => data[c][r] };
}

/**
 * Builds a table from columns (`{ model: ['BDT', 'DNN'], auc: [0.91, 0.93] }`) or rows (`[{ model, auc }]`).
 * Numbers are right-aligned; non-integers get `digits` significant digits.
 * @param data - columns or rows
 * @param options - digits (4), caption
 * @example
 * show(table({ model: ['BDT', 'DNN'], auc: [aucBdt, aucDnn], 'rejection@30%': [r1, r2] }, { digits: 3 }));
 */
export function table(data: Record<string, ArrayLike<Cell>> | Record<string, Cell>[], options: TableOptions = {}): Table {
  const digits = options.digits ?? 4;
  check(Number.isInteger(digits) && digits >= 1 && digits <= 17, 'table.digits', 'an integer in 1..17', digits);
  const { names, rows, get } = fromInput(data);
  const cells: string[][] = [];
  const numeric = names.map(() => true);
  for (let r = 0; r < rows; r++) {
    cells.push(
      names.map((n, c) => {
        const v = get(r, n);
        if (typeof v !== 'number' && typeof v !== 'bigint' && v !== null && v !== undefined) numeric[c] = false;
        return formatCell(v, digits);
      }),
    );
  }
  const caption = options.caption;
  const plain = (): string => {
    const widths = names.map((n, c) => Math.max(n.length, ...cells.map((row) => row[c].length)));
    const pad = (s: string, c: number) => (numeric[c] ? s.padStart(widths[c]) : s.padEnd(widths[c]));
    const lines = [names.map((n, c) => pad(n, c)).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map((row) => row.map((s, c) => pad(s, c)).join('  '))];
    return (caption ? `${caption}\n` : '') + lines.map((l) => l.trimEnd()).join('\n');
  };
  const htmlText = (): string => {
    const align = (c: number) => (numeric[c] ? 'right' : 'left');
    const head = names.map((n, c) => `<th style="text-align:${align(c)};padding:2px 10px;border-bottom:1px solid #444">${escapeHtml(n)}</th>`).join('');
    const body = cells
      .map((row) => `<tr>${row.map((s, c) => `<td style="text-align:${align(c)};padding:2px 10px;font-variant-numeric:tabular-nums">${escapeHtml(s)}</td>`).join('')}</tr>`)
      .join('');
    const cap = caption ? `<caption style="text-align:left;font-weight:bold;padding-bottom:4px">${escapeHtml(caption)}</caption>` : '';
    return `<table style="border-collapse:collapse;font-size:13px">${cap}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  };
  return {
    columns: names,
    cells,
    toString: plain,
    toMimeBundle(): MimeBundle {
      return { 'text/html': htmlText(), 'text/plain': plain() };
    },
  };
}
