/**
 * Parameter values -> TypeScript source literals, one method per type (papermill's Translator shape).
 * Numbers keep NaN, ±Infinity and -0; strings are JSON-quoted (a valid TS string literal); objects and
 * arrays are written as JSON, which is a valid TS expression.
 */
import { HepmlError, describe } from '../lib/errors';

export type ParameterValue = number | string | boolean | null | ParameterValue[] | { [key: string]: ParameterValue };

export class TypeScriptTranslator {
  number(x: number): string {
    if (Number.isNaN(x)) return 'NaN';
    if (x === Infinity) return 'Infinity';
    if (x === -Infinity) return '-Infinity';
    if (Object.is(x, -0)) return '-0';
    return String(x);
  }

  string(x: string): string {
    return JSON.stringify(x);
  }

  boolean(x: boolean): string {
    return x ? 'true' : 'false';
  }

  json(x: object | null): string {
    return JSON.stringify(x, (_k, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new HepmlError(`parameters: expected finite numbers inside objects and arrays, found ${v}.`);
      return v;
    });
  }

  /** Dispatches on the value's type. */
  translate(x: unknown): string {
    if (typeof x === 'number') return this.number(x);
    if (typeof x === 'string') return this.string(x);
    if (typeof x === 'boolean') return this.boolean(x);
    if (x === null || (typeof x === 'object' && (Array.isArray(x) || Object.getPrototypeOf(x) === Object.prototype))) return this.json(x as object | null);
    throw new HepmlError(`parameters: expected a number, string, boolean or JSON object/array, found ${describe(x)}.`);
  }

  /**
   * `let name: type = literal;`. tslab compiles each cell as its own module, so a later cell re-declares
   * the variable (a plain assignment to a previous cell's `let` does not reach later cells); `type` keeps
   * the default's annotation, e.g. a union of allowed strings.
   */
  assign(name: string, x: unknown, type = ''): string {
    return `let ${name}${type ? `: ${type}` : ''} = ${this.translate(x)};`;
  }
}

export const translator = new TypeScriptTranslator();
