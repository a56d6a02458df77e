/** tools/expect.ts: the reader of notebooks/expect/*.json, on a temporary folder of expectation files. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExpectations, checkResultsFile, expectationNames, loadExpectations } from '../../tools/expect';

describe('tools/expect', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hepml-expect-'));
    writeFileSync(join(dir, 'nb.json'), JSON.stringify({
      real: 'AUC 0.9 on the real file',
      quick: { auc: [0.8, 0.95], pair: 'a / b', open: [1, null] },
      full: { auc: [0.88, 0.92] },
    }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes figures inside their ranges and equal to their exact values', () => {
    assert.deepEqual(checkExpectations('nb', { auc: 0.9, pair: 'a / b', open: 7 }, 'quick', dir), []);
    assert.deepEqual(checkExpectations('nb', { auc: 0.8 }, 'full', dir).length, 1);
  });

  it('names the key, the value and the range of each miss, and missing keys', () => {
    const p = checkExpectations('nb', { auc: 0.99, pair: 'a / c' }, 'quick', dir);
    assert.equal(p.length, 3);
    assert.match(p[0], /auc = 0\.99, expected within \[0\.8, 0\.95\]/);
    assert.match(p[1], /pair = "a \/ c", expected "a \/ b"/);
    assert.match(p[2], /open was not recorded/);
  });

  it('treats NaN and non-numbers as outside a range', () => {
    assert.equal(checkExpectations('nb', { auc: NaN, pair: 'a / b', open: 2 }, 'quick', dir).length, 1);
    assert.equal(checkExpectations('nb', { auc: '0.9', pair: 'a / b', open: 2 }, 'quick', dir).length, 1);
  });

  it('has nothing to say about a notebook without a file', () => {
    assert.equal(loadExpectations('other', dir), undefined);
    assert.deepEqual(checkExpectations('other', {}, 'quick', dir), []);
    assert.deepEqual(expectationNames(dir), ['nb']);
  });

  it('rejects a malformed file with its path', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ real: 'x', quick: { auc: [0.9, 0.1] } }));
    assert.throws(() => loadExpectations('bad', dir), /bad\.json: quick\.auc: expected \[lo, hi\]/);
    writeFileSync(join(dir, 'worse.json'), '{ nope');
    assert.throws(() => loadExpectations('worse', dir), /worse\.json: expected JSON/);
  });

  it('checks a results.json as hepml run writes it, status included', () => {
    const file = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify({ notebooks: { 'notebooks/nb.ipynb': { status: 'failed', results: { auc: 0.9 } }, 'notebooks/x.ipynb': { status: 'passed', results: {} } } }));
    const { problems, checked } = checkResultsFile(file, 'full', dir);
    assert.deepEqual(checked, ['nb']);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /status failed/);
    assert.throws(() => checkResultsFile(join(dir, 'none.json'), 'full', dir), /no such file/);
  });

  it('the course files parse, and each says what the real data gives', () => {
    for (const name of expectationNames()) {
      const e = loadExpectations(name);
      assert.ok(e && e.real.length > 10, name);
      assert.ok(Object.keys(e.quick ?? {}).length > 0, `${name} has quick expectations`);
    }
  });
});
