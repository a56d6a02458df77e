import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize, SYNTHETIC_IDS, SYNTHETIC_DEFAULTS } from '../../../lib/data/synthetic';
import type { Dataset } from '../../../lib/data/dataset';
import { HepmlError } from '../../../lib/errors';

const SMALL: Record<string, number> = { 'top-constituents': 200, 'top-images': 200, 'jet-images-gamma': 100 };
const eventsOf = (id: string) => SMALL[id] ?? 2000;

/** sha256 over every column, label, weight and tensor in a fixed order. */
function digest(ds: Dataset): string {
  const h = createHash('sha256');
  const add = (a: ArrayBufferView | undefined) => { if (a) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)); };
  for (const n of ds.columnNames) { h.update(n); add(ds.columns[n]); }
  add(ds.labels);
  add(ds.weights);
  for (const n of Object.keys(ds.tensors).sort()) { h.update(n); add(ds.tensors[n].data); }
  return h.digest('hex');
}

describe('data/synthetic', () => {
  for (const id of SYNTHETIC_IDS) {
    describe(id, () => {
      const ds = synthesize(id, { events: eventsOf(id), seed: 1 });

      it('has the requested size, source, labels and a schema entry per column', () => {
        assert.equal(ds.length, eventsOf(id));
        assert.equal(ds.id, id);
        assert.equal(ds.source, `synthetic:${id}@1`);
        assert.ok(ds.labels && ds.labels.length === ds.length);
        assert.deepEqual(ds.schema.map((s) => s.name), ds.columnNames);
        for (const n of ds.columnNames) {
          const c = ds.columns[n];
          for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i])) assert.fail(`${id}.${n}[${i}] = ${c[i]}`);
        }
        assert.ok(SYNTHETIC_DEFAULTS[id].quickEvents < SYNTHETIC_DEFAULTS[id].events);
      });

      it('is deterministic: same seed same bytes, different seed different bytes', () => {
        assert.equal(digest(synthesize(id, { events: eventsOf(id), seed: 1 })), digest(ds));
        assert.notEqual(digest(synthesize(id, { events: eventsOf(id), seed: 2 })), digest(ds));
      });

      it('has the columns (names, order) and tensors of data-manifests/<id>.json', function () {
        const path = join(__dirname, '../../../data-manifests', `${id}.json`);
        if (!existsSync(path)) {
          console.log(`    (skipped: ${path} does not exist yet)`);
          this.skip();
        }
        const m = JSON.parse(readFileSync(path, 'utf8')) as { schema: { columns: { name: string; dtype: string }[]; tensors?: { name: string; shape: number[] }[]; label?: { classes?: string[] } } };
        const want = m.schema.columns.map((c) => c.name);
        if (want.length > 0) assert.deepEqual(ds.columnNames, want);
        // dtypes too, except the CSV's one-letter string columns (stored here as ASCII codes).
        for (const c of m.schema.columns) {
          if (c.dtype !== 'string') assert.equal(ds.schema.find((s) => s.name === c.name)?.dtype, c.dtype, `${id}.${c.name} dtype`);
        }
        for (const t of m.schema.tensors ?? []) {
          assert.ok(ds.tensors[t.name], `tensor ${t.name}`);
          assert.deepEqual(ds.tensors[t.name].shape.slice(1), t.shape);
        }
        if (m.schema.label?.classes) assert.deepEqual(ds.classes, m.schema.label.classes);
      });
    });
  }

  it('top-constituents: tensors.constituents is [N, 200, 4]; top-images: [N, 40, 40]', () => {
    const c = synthesize('top-constituents', { events: 50, seed: 3 });
    assert.deepEqual(c.tensors.constituents.shape, [50, 200, 4]);
    assert.deepEqual(Array.from(c.labels!), Array.from(c.columns.is_signal_new));
    const im = synthesize('top-images', { events: 50, seed: 3 });
    assert.deepEqual(im.tensors.images.shape, [50, 40, 40]);
    assert.deepEqual(Array.from(im.labels!), Array.from(c.labels!), 'same seed, same jets');
  });

  it('an unknown id is a HepmlError listing the known ids', () => {
    assert.throws(() => synthesize('wz'), (e: unknown) => e instanceof HepmlError && /Known ids: ww, higgsml/.test((e as Error).message));
    assert.throws(() => synthesize('ww', { events: -1 }), HepmlError);
  });
});
