/**
 * CSV / delimited text into typed-array columns: the HiggsML CSV (header, −999 sentinels, Label s/b,
 * KaggleSet letters) and SHiP `.dat` files (", " separators, spaces and units in column names).
 * Numeric columns become Int32Array (all integers within int32) or Float32Array/Float64Array; text
 * columns become integer codes (Uint8Array for ≤ 256 values, else Int32Array) with
 * `ColumnSchema.categories`. `loadCSV` streams the file: lines are parsed as they arrive and never
 * all held as strings.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { HepmlError } from '../errors';
import type { Column, ColumnSchema } from './dataset';
import { ColumnBuilder } from './builder';

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
}

/** What the CSV readers return. */
export interface CsvTable {
  rows: number;
  columns: Record<string, Column>;
  schema: ColumnSchema[];
}

type Sink = { kind: 'num'; b: ColumnBuilder } | { kind: 'cat'; b: ColumnBuilder; codes: Map<string, number> };

/** Incremental parser: feed text chunks with `push`, then `finish`. */
export class CsvParser {
  private rest = '';
  private header?: string[];
  private sep?: string | RegExp;
  private sinks: (Sink | undefined)[] = [];
  private keep: number[] = [];
  private line = 0;
  rows = 0;
  private readonly name: string;

  constructor(private readonly options: CsvOptions = {}) {
    this.name = options.name ?? 'csv';
  }

  /** True once `limit` rows were read. */
  get done(): boolean {
    return this.options.limit !== undefined && this.rows >= this.options.limit;
  }

  push(text: string): void {
    const data = this.rest + text;
    let start = 0;
    for (let nl = data.indexOf('\n', start); nl >= 0 && !this.done; nl = data.indexOf('\n', start)) {
      this.handle(data.slice(start, nl));
      start = nl + 1;
    }
    this.rest = this.done ? '' : data.slice(start);
  }

  finish(): CsvTable {
    if (this.rest.length && !this.done) this.handle(this.rest);
    this.rest = '';
    if (!this.header) throw new HepmlError(`${this.name}: expected a header line, found an empty file.`, { where: this.name });
    const columns: Record<string, Column> = {};
    const schema: ColumnSchema[] = [];
    for (const j of this.keep) {
      const name = this.header[j];
      const s = this.sinks[j]!;
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
      this.header = this.split(line.trim());
      const want = this.options.columns ?? this.header;
      this.keep = want.map((c) => {
        const j = this.header!.indexOf(c);
        if (j < 0) throw new HepmlError(`${this.name}: expected a column ${JSON.stringify(c)}, found ${this.header!.join(', ')}.`, { where: this.name });
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
        const cat = this.options.categorical?.includes(this.header[j]) || (v !== '' && Number.isNaN(Number(v)) && !/^[+-]?(nan|inf(inity)?)$/i.test(v));
        s = this.sinks[j] = cat ? { kind: 'cat', b: new ColumnBuilder(Float64Array), codes: new Map() } : { kind: 'num', b: new ColumnBuilder(Float64Array) };
      }
      if (s.kind === 'num') s.b.push(parseNumber(v, this.name, this.header[j], this.line));
      else {
        let code = s.codes.get(v);
        if (code === undefined) s.codes.set(v, (code = s.codes.size));
        s.b.push(code);
      }
    }
    this.rows++;
  }
}

function parseNumber(v: string, file: string, column: string, line: number): number {
  if (v === '') return NaN;
  const x = Number(v);
  if (!Number.isNaN(x)) return x;
  const l = v.toLowerCase().replace(/^\+/, '');
  if (l === 'nan' || l === '-nan') return NaN;
  if (l === 'inf' || l === 'infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  throw new HepmlError(`${file}: expected a number in column ${JSON.stringify(column)} on line ${line}, found ${JSON.stringify(v)}. Pass {categorical: [${JSON.stringify(column)}]} for text.`, { where: file });
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
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  // .gz files (the HiggsML open-data CSV) are decompressed as they stream
  const stream = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  stream.setEncoding('utf8');
  file.on('error', (e) => stream.destroy(e));
  try {
    for await (const chunk of stream) {
      p.push(chunk as string);
      if (p.done) break;
    }
  } catch (e) {
    if (e instanceof HepmlError) throw e;
    throw new HepmlError(`${path}: expected a readable text file, found ${(e as NodeJS.ErrnoException).code ?? String(e)}.`, { where: path, cause: e });
  } finally {
    stream.destroy();
    file.destroy();
  }
  return p.finish();
}
