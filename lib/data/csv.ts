/**
 * CSV / delimited text into typed-array columns: the HiggsML CSV (header, −999 sentinels, Label s/b,
 * KaggleSet letters) and SHiP `.dat` files (", " separators, spaces and units in column names).
 * Numeric columns become Int32Array (all integers within int32) or Float32Array/Float64Array; text
 * columns become integer codes (Uint8Array for ≤ 256 values, else Int32Array) with
 * `ColumnSchema.categories`. `loadCSV` streams the file: lines are parsed as they arrive and never
 * all held as strings.
 */
import { createReadStream, openSync, readSync, fstatSync, closeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { HepmlError, quote, nameList, safeText } from '../errors';
import type { Column, ColumnSchema } from './dataset';
import { ColumnBuilder } from './builder';
import { maxDecompressed, tooBig } from './max-bytes';

export interface CsvOptions {
  /** Field separator; default: `,` if the header has one, else tab, else runs of spaces. Fields are trimmed. */
  separator?: string;
  /** Store non-integer numeric columns as Float64Array. Default false (Float32Array). */
  float64?: boolean;
  /** Columns read as text categories even if their first value looks numeric. Default none. */
  categorical?: readonly string[];
  /** Keep only these columns (in this order). Default all. */
  columns?: readonly string[];
  /** Stop after this many data rows. Default all. */
  limit?: number;
  /** Name used in error messages. Default `'csv'` (loadCSV: the path). */
  name?: string;
  /** loadCSV of a `.gz` file: refuse more than this many decompressed bytes (declared or read). Default 1 GiB or `HEPML_MAX_BYTES`. */
  maxBytes?: number;
}

/** What the CSV readers return. */
export interface CsvTable {
  rows: number;
  columns: Record<string, Column>;
  schema: ColumnSchema[];
}

type Sink = { kind: 'num'; b: ColumnBuilder } | { kind: 'cat'; b: ColumnBuilder; codes: Map<string, number> };

/** pandas' default missing-value strings (`read_csv` na_values): they read as NaN, never as text. */
export const CSV_NA_VALUES: ReadonlySet<string> = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

/** Renames repeated header names as pandas does: `a, a, a` -> `a, a.1, a.2`, skipping names the header already has. */
function dedupe(names: string[]): string[] {
  const taken = new Set(names);
  const first = new Set<string>();
  const next = new Map<string, number>();
  return names.map((n) => {
    if (!first.has(n)) { first.add(n); return n; }
    let k = next.get(n) ?? 1;
    while (taken.has(`${n}.${k}`)) k++;
    next.set(n, k + 1);
    taken.add(`${n}.${k}`);
    return `${n}.${k}`;
  });
}

/** Incremental parser: feed text chunks with `push`, then `finish`. Lines end in LF, CRLF or CR. */
export class CsvParser {
  private parts: string[] = [];
  private eol?: '\n' | '\r';
  private pendingCR = false;
  private header?: string[];
  private sep?: string | RegExp;
  private sinks: (Sink | undefined)[] = [];
  /** Leading missing values per column, held until the column's first real value decides its kind. */
  private pending: (string[] | undefined)[] = [];
  private keep: number[] = [];
  private categorical = new Set<string>();
  private line = 0;
  rows = 0;
  private readonly name: string;

  constructor(private readonly options: CsvOptions = {}) {
    this.name = safeText(options.name ?? 'csv', 200);
    for (const c of options.categorical ?? []) this.categorical.add(c);
  }

  /** True once `limit` rows were read. */
  get done(): boolean {
    return this.options.limit !== undefined && this.rows >= this.options.limit;
  }

  push(text: string): void {
    if (this.done || text.length === 0) return;
    if (!this.eol) {
      if (this.pendingCR) this.eol = text[0] === '\n' ? '\n' : '\r';
      else {
        const m = /[\r\n]/.exec(text);
        if (!m) { this.parts.push(text); return; }
        if (m[0] === '\n') this.eol = '\n';
        else if (m.index + 1 < text.length) this.eol = text[m.index + 1] === '\n' ? '\n' : '\r';
        else { this.pendingCR = true; this.parts.push(text); return; }
      }
    }
    const eol = this.eol;
    let nl = text.indexOf(eol);
    if (nl < 0) { this.parts.push(text); return; }
    // only the new text is searched, so one huge line costs linear time
    const first = this.parts.length ? this.parts.join('') + text.slice(0, nl) : text.slice(0, nl);
    this.parts = [];
    this.handle(first);
    let start = nl + 1;
    for (nl = text.indexOf(eol, start); nl >= 0 && !this.done; nl = text.indexOf(eol, start)) {
      this.handle(text.slice(start, nl));
      start = nl + 1;
    }
    if (!this.done && start < text.length) this.parts.push(text.slice(start));
  }

  finish(): CsvTable {
    if (this.parts.length && !this.done) this.handle(this.parts.join(''));
    this.parts = [];
    if (!this.header) throw new HepmlError(`${this.name}: expected a header line, found an empty file (or only blank lines).`, { where: this.name });
    const columns: Record<string, Column> = {};
    const schema: ColumnSchema[] = [];
    for (const j of this.keep) {
      const name = this.header[j];
      const s = this.sinks[j];
      if (!s) {
        // no rows, or only missing values: a float column of NaN (pandas: float64 NaN)
        const n = this.pending[j]?.length ?? 0;
        columns[name] = this.options.float64 ? new Float64Array(n).fill(NaN) : new Float32Array(n).fill(NaN);
        schema.push({ name, dtype: this.options.float64 ? 'float64' : 'float32' });
        continue;
      }
      const raw = s.b.finish() as Float64Array;
      if (s.kind === 'cat') {
        const cats = [...s.codes.keys()];
        columns[name] = cats.length <= 256 ? Uint8Array.from(raw) : Int32Array.from(raw);
        schema.push({ name, dtype: 'string', categories: cats });
      } else {
        let ints = true;
        for (let i = 0; i < raw.length && ints; i++) ints = Number.isInteger(raw[i]) && raw[i] >= -2147483648 && raw[i] <= 2147483647;
        columns[name] = ints && raw.length > 0 ? Int32Array.from(raw) : this.options.float64 ? raw : Float32Array.from(raw);
        schema.push({ name, dtype: ints && raw.length > 0 ? 'int32' : this.options.float64 ? 'float64' : 'float32' });
      }
    }
    return { rows: this.rows, columns, schema };
  }

  private split(line: string): string[] {
    if (line.includes('"')) return splitQuoted(line, typeof this.sep === 'string' ? this.sep : ',');
    return line.split(this.sep!).map((f) => f.trim());
  }

  private handle(rawLine: string): void {
    this.line++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return;
    if (!this.header) {
      this.sep = this.options.separator ?? (line.includes(',') ? ',' : line.includes('\t') ? '\t' : / +/);
      this.header = dedupe(this.split(line.trim()));
      const index = new Map<string, number>();
      this.header.forEach((h, j) => index.set(h, j));
      const want = this.options.columns ?? this.header;
      this.keep = want.map((c) => {
        const j = index.get(c);
        if (j === undefined) throw new HepmlError(`${this.name}: expected a column ${quote(c)}, found ${nameList(this.header!)}.`, { where: this.name });
        return j;
      });
      return;
    }
    const f = this.split(this.sep instanceof RegExp ? line.trim() : line);
    if (f.length !== this.header.length) {
      throw new HepmlError(`${this.name}: expected ${this.header.length} fields on line ${this.line}, found ${f.length}. Check the separator (option separator).`, { where: this.name });
    }
    for (const j of this.keep) {
      let s = this.sinks[j];
      const v = f[j];
      if (!s) {
        if (CSV_NA_VALUES.has(v) && !this.categorical.has(this.header[j])) {
          (this.pending[j] ??= []).push(v);
          continue;
        }
        const cat = this.categorical.has(this.header[j]) || (Number.isNaN(Number(v)) && !/^[+-]?(nan|inf(inity)?)$/i.test(v));
        s = this.sinks[j] = cat ? { kind: 'cat', b: new ColumnBuilder(Float64Array), codes: new Map() } : { kind: 'num', b: new ColumnBuilder(Float64Array) };
        const before = this.pending[j];
        if (before) {
          if (s.kind === 'num') for (let q = 0; q < before.length; q++) s.b.push(NaN);
          else for (const m of before) s.b.push(code(s.codes, m));
          this.pending[j] = undefined;
        }
      }
      if (s.kind === 'num') s.b.push(parseNumber(v, this.name, this.header[j], this.line));
      else s.b.push(code(s.codes, v));
    }
    this.rows++;
  }
}

/** The category code of a text value (missing strings are categories of their own in text columns). */
function code(codes: Map<string, number>, v: string): number {
  let c = codes.get(v);
  if (c === undefined) codes.set(v, (c = codes.size));
  return c;
}

function parseNumber(v: string, file: string, column: string, line: number): number {
  if (v === '') return NaN;
  const x = Number(v);
  if (!Number.isNaN(x)) return x;
  if (CSV_NA_VALUES.has(v)) return NaN;
  const l = v.toLowerCase().replace(/^\+/, '');
  if (l === 'nan' || l === '-nan') return NaN;
  if (l === 'inf' || l === 'infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  throw new HepmlError(`${file}: expected a number in column ${quote(column, 40)} on line ${line}, found ${quote(v, 40)}. Pass {categorical: [${quote(column, 40)}]} for text.`, { where: file });
}

function splitQuoted(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c;
    } else if (c === '"') q = true;
    else if (line.startsWith(sep, i)) { out.push(cur.trim()); cur = ''; i += sep.length - 1; } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/**
 * Parses CSV text (or its UTF-8 bytes).
 * @example
 * const t = fromCSV('a,b\n1,x\n2,y\n'); // t.columns.a: Int32Array [1, 2]; t.columns.b: codes, t.schema[1].categories ['x','y']
 */
export function fromCSV(text: string | Uint8Array, options: CsvOptions = {}): CsvTable {
  const p = new CsvParser(options);
  p.push(typeof text === 'string' ? text : new TextDecoder().decode(text));
  return p.finish();
}

/**
 * Streams a CSV / `.dat` file from disk into columns.
 * @example
 * const higgs = await loadCSV('atlas-higgs-challenge-2014-v2.csv', { columns: ['DER_mass_MMC', 'Label'] });
 */
export async function loadCSV(path: string, options: CsvOptions = {}): Promise<CsvTable> {
  const p = new CsvParser({ ...options, name: options.name ?? path });
  const shown = safeText(options.name ?? path, 200);
  const gz = path.endsWith('.gz');
  const limit = maxDecompressed(options.maxBytes);
  if (gz) {
    // the gzip trailer declares the uncompressed size (mod 2**32): refuse a declared bomb before reading
    const declared = gzipDeclaredSize(path);
    if (declared !== undefined && declared > limit) throw tooBig(shown, `a gzip trailer declaring ${declared} bytes`, limit);
  }
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  // .gz files (the HiggsML open-data CSV) are decompressed as they stream
  const stream = gz ? file.pipe(createGunzip()) : file;
  const decoder = new StringDecoder('utf8');
  file.on('error', (e) => stream.destroy(e));
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (gz && bytes > limit) throw tooBig(shown, `more than ${limit} bytes while reading`, limit);
      p.push(decoder.write(chunk as Buffer));
      if (p.done) break;
    }
    if (!p.done) p.push(decoder.end());
  } catch (e) {
    if (e instanceof HepmlError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const what = code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' ? 'corrupt or truncated gzip data' : code ?? String(e).slice(0, 120);
    throw new HepmlError(`${shown}: expected a readable text file, found ${what}.`, { where: path, cause: e });
  } finally {
    stream.destroy();
    file.destroy();
  }
  return p.finish();
}

/** ISIZE from the last 4 bytes of a gzip file (the uncompressed size mod 2**32), or undefined. */
function gzipDeclaredSize(path: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size < 18) return undefined;
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, size - 4);
    return b.readUInt32LE(0);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
