/**
 * Cut-based selections with a cut flow: each cut is `column op value` (or `|column − center| op value`),
 * applied in order; the flow records, after each cut, the raw MC events and the weighted yield of every
 * class. Taught in 09-vh-multiclass (the Run-1 VH selection and the orthogonality cuts).
 */
import { check, HepmlError } from '../errors';

/** One cut: keep events with `column op value`, or `|column − center| op value` when `center` is set. */
export interface Cut {
  /** Column name. */
  column: string;
  op: '<' | '<=' | '>' | '>=' | '==';
  value: number;
  /** Cut on the distance to this value instead (e.g. |m_jj − 85 GeV| < 15 GeV). Default none. */
  center?: number;
  /** Human-readable form, e.g. "m_ℓℓ < 50 GeV". Default built from the other fields. */
  label?: string;
}

/** What {@link applyCuts} reads: a Dataset or any object with named columns. */
export interface CutInput {
  column(name: string): ArrayLike<number>;
  readonly length: number;
  readonly labels?: ArrayLike<number>;
  readonly weights?: ArrayLike<number>;
  readonly classes?: readonly string[];
}

/** Result of {@link applyCuts}. */
export interface CutFlow {
  /** 1 where an event passes every cut. */
  mask: Uint8Array;
  /** The cut labels, in order. */
  cuts: string[];
  /** Class names (['all'] without labels). */
  classes: string[];
  /** events[c][k]: raw MC events of class c after the first k + 1 cuts. */
  events: number[][];
  /** yields[c][k]: weighted events (sum of weights; raw counts without weights) after the first k + 1 cuts. */
  yields: number[][];
}

const OPS = ['<', '<=', '>', '>=', '=='];

/** The label of a cut. */
export function cutLabel(cut: Cut): string {
  return cut.label ?? (cut.center === undefined ? `${cut.column} ${cut.op} ${cut.value}` : `|${cut.column} − ${cut.center}| ${cut.op} ${cut.value}`);
}

/**
 * Applies `cuts` in order to `data` and returns the passing mask and the cut flow per class.
 *
 * @param data a Dataset (labels, classes and weights are used when present)
 * @param cuts the selection, e.g. `VH_RUN1_CUTS`
 * @example
 * const flow = applyCuts(ds, [{ column: 'Mll', op: '<', value: 50, label: 'm_ℓℓ < 50 GeV' }]);
 * ds.filter(flow.mask); flow.yields[0]; // VH yield after each cut
 */
export function applyCuts(data: CutInput, cuts: readonly Cut[]): CutFlow {
  check(Array.isArray(cuts) && cuts.length > 0, 'applyCuts cuts', 'a non-empty array of cuts', cuts);
  const n = data.length;
  const labels = data.labels;
  const classes = labels ? [...(data.classes ?? Array.from({ length: Math.max(...Array.from(labels)) + 1 }, (_, c) => String(c)))] : ['all'];
  const weights = data.weights;
  const mask = new Uint8Array(n).fill(1);
  const events = classes.map(() => [] as number[]);
  const yields = classes.map(() => [] as number[]);
  for (const cut of cuts) {
    if (!OPS.includes(cut.op)) throw new HepmlError(`applyCuts ${cutLabel(cut)}: expected op one of ${OPS.join(' ')}, found ${JSON.stringify(cut.op)}.`);
    check(Number.isFinite(cut.value), `applyCuts ${cutLabel(cut)} value`, 'a finite number', cut.value);
    const col = data.column(cut.column);
    const center = cut.center;
    const ev = new Float64Array(classes.length), yl = new Float64Array(classes.length);
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      const x = center === undefined ? col[i] : Math.abs(col[i] - center);
      if (!pass(x, cut.op, cut.value)) { mask[i] = 0; continue; }
      const c = labels ? labels[i] : 0;
      ev[c] += 1;
      yl[c] += weights ? weights[i] : 1;
    }
    classes.forEach((_, c) => { events[c].push(ev[c]); yields[c].push(yl[c]); });
  }
  return { mask, cuts: cuts.map(cutLabel), classes, events, yields };
}

function pass(x: number, op: Cut['op'], v: number): boolean {
  switch (op) {
    case '<': return x < v;
    case '<=': return x <= v;
    case '>': return x > v;
    case '>=': return x >= v;
    default: return x === v;
  }
}
