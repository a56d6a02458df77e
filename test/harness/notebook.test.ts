import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HepmlError } from '../../lib/errors';
import { parseNotebook, readNotebook, writeNotebook, cellTags, sourceText } from '../../harness/notebook';

const ok = { nbformat: 4, nbformat_minor: 2, metadata: {}, cells: [{ cell_type: 'code', source: ['a\n', 'b'], metadata: { tags: ['parameters'] } }, { cell_type: 'markdown', source: 'x', metadata: {} }] };

function problem(json: unknown | string): string {
  try {
    parseNotebook(typeof json === 'string' ? json : JSON.stringify(json), 'nb.ipynb');
  } catch (err) {
    assert.ok(err instanceof HepmlError, String(err));
    assert.ok(!err.message.includes('\n'), 'one line');
    return err.message;
  }
  assert.fail('expected a HepmlError');
}

describe('harness/notebook', () => {
  it('reads a valid nbformat 4 notebook and fills defaults', () => {
    const nb = parseNotebook(JSON.stringify(ok), 'nb.ipynb');
    assert.equal(nb.cells.length, 2);
    assert.equal(sourceText(nb.cells[0].source), 'a\nb');
    assert.deepEqual(cellTags(nb.cells[0]), ['parameters']);
    assert.deepEqual((nb.cells[0] as { outputs: unknown[] }).outputs, []);
    assert.equal((nb.cells[0] as { execution_count: unknown }).execution_count, null);
  });

  it('rejects malformed files with one line naming the file and the problem', () => {
    assert.match(problem('{"nbformat": 4,'), /^nb\.ipynb: expected JSON, found malformed JSON/);
    assert.match(problem({ ...ok, nbformat: 3 }), /^nb\.ipynb: expected nbformat 4, found 3\./);
    assert.match(problem({ nbformat: 4, metadata: {} }), /^nb\.ipynb: expected a "cells" array, found undefined\./);
    assert.match(problem({ ...ok, cells: [{ cell_type: 'heading', source: '' }] }), /^nb\.ipynb: cell 1: expected cell_type code, markdown or raw, found "heading"\./);
    assert.match(problem({ ...ok, cells: [ok.cells[1], { cell_type: 'code', source: 3 }] }), /^nb\.ipynb: cell 2: expected "source"/);
    assert.match(problem([1]), /expected a notebook object, found an array/);
  });

  it('names an unreadable file', () => {
    assert.throws(() => readNotebook('/nonexistent/x.ipynb'), /^HepmlError: \/nonexistent\/x\.ipynb: cannot read the notebook \(ENOENT\)/);
  });

  it('writes nbformat 4.5 with unique cell ids, atomically, and reads it back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hepml-nb-'));
    const file = path.join(dir, 'sub', 'out.ipynb');
    const nb = parseNotebook(JSON.stringify({ ...ok, cells: [...ok.cells, { ...ok.cells[1], id: ok.cells.length }] }), 'nb');
    (nb.cells[0] as { id?: string }).id = 'same';
    (nb.cells[1] as { id?: string }).id = 'same';
    writeNotebook(file, nb);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['out.ipynb'], 'no temp file left');
    const back = readNotebook(file);
    assert.equal(back.nbformat_minor, 5);
    const ids = back.cells.map((c) => c.id as string);
    assert.equal(new Set(ids).size, 3);
    assert.equal(ids[0], 'same');
    assert.ok(ids.every((id) => /^[\w-]{1,64}$/.test(id)));
    fs.rmSync(dir, { recursive: true });
  });
});
