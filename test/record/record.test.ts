import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setWarningSink } from '../../lib/errors';
import { clearRecorded, record, recorded, recordTable } from '../../lib/record';

describe('record', () => {
  const saved = process.env.HEPML_RESULTS;
  let dir: string;
  beforeEach(() => {
    clearRecorded();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-rec-'));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.HEPML_RESULTS;
    else process.env.HEPML_RESULTS = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps values in memory; later calls add and overwrite', () => {
    delete process.env.HEPML_RESULTS;
    record({ auc: 0.9, model: 'mlp' });
    record({ auc: 0.91, quick: true });
    assert.deepEqual(recorded(), { auc: 0.91, model: 'mlp', quick: true });
  });

  it('merges into the HEPML_RESULTS file', () => {
    const file = path.join(dir, 'sub', 'r.json');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, JSON.stringify({ earlier: 1 }));
    process.env.HEPML_RESULTS = file;
    record({ auc: 0.8 });
    record({ z0: 2.5 });
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { earlier: 1, auc: 0.8, z0: 2.5 });
  });

  it('stores non-finite numbers as null with a warning, rejects other types', () => {
    delete process.env.HEPML_RESULTS;
    const warnings: string[] = [];
    const prev = setWarningSink((m) => warnings.push(m));
    try {
      record({ ams: NaN });
    } finally {
      setWarningSink(prev);
    }
    assert.deepEqual(recorded(), { ams: null });
    assert.deepEqual(warnings, ['record: ams is NaN; stored as null.']);
    assert.throws(() => record({ x: [1] as never }), /^HepmlError: record: x: expected a number, string or boolean, found an array of length 1\./);
    assert.throws(() => record({ '': 1 }), /expected non-empty names/);
  });

  it('renders an escaped HTML table', () => {
    assert.equal(recordTable({ 'a<b': 1 / 3, ok: true }), '<table class="hepml-record"><thead><tr><th>recorded</th><th>value</th></tr></thead><tbody><tr><td>a&lt;b</td><td>0.333333</td></tr><tr><td>ok</td><td>true</td></tr></tbody></table>');
  });
});
