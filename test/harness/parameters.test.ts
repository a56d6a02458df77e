import { strict as assert } from 'node:assert';
import { setWarningSink } from '../../lib/errors';
import { parseNotebook, cellTags, sourceText } from '../../harness/notebook';
import { parameterize, parseDefaults, parsePairs, typeParameters, typeValue } from '../../harness/parameters';
import { translator } from '../../harness/translator';

function notebook(params: string | null, extra: object[] = []) {
  const cells: object[] = [{ cell_type: 'markdown', source: '# t', metadata: {} }];
  if (params !== null) cells.push({ cell_type: 'code', source: params, metadata: { tags: ['parameters'] } });
  cells.push(...extra, { cell_type: 'code', source: 'console.log(1)', metadata: {} });
  return parseNotebook(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }), 'p.ipynb');
}

describe('harness/translator', () => {
  it('translates values to TypeScript literals (value -> literal table)', () => {
    const table: [unknown, string][] = [
      [3, '3'], [-2.5, '-2.5'], [1e21, '1e+21'], [0.1, '0.1'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [-0, '-0'],
      ['higgs', '"higgs"'], ['say "hi"\n', '"say \\"hi\\"\\n"'], ['', '""'], [true, 'true'], [false, 'false'], [null, 'null'],
      [[1, 'a', true], '[1,"a",true]'], [{ a: 1, b: [2] }, '{"a":1,"b":[2]}'],
    ];
    for (const [value, literal] of table) assert.equal(translator.translate(value), literal, String(value));
  });

  it('literals evaluate back to the value', () => {
    for (const v of [0.1 + 0.2, -1e-300, 2 ** 53, 'ü\u2028', { x: [1, { y: 'z' }] }]) {
      assert.deepEqual(new Function(`return (${translator.translate(v)});`)(), v);
    }
  });

  it('rejects what has no literal', () => {
    assert.throws(() => translator.translate(new Date()), /expected a number, string, boolean or JSON/);
    assert.throws(() => translator.translate([NaN]), /finite numbers inside objects/);
  });

  it('writes a typed re-declaration', () => {
    assert.equal(translator.assign('n', 5), 'let n = 5;');
    assert.equal(translator.assign('d', 'jets', '"higgs" | "jets"'), 'let d: "higgs" | "jets" = "jets";');
  });
});

describe('harness/parameters', () => {
  it('parses let defaults with the TypeScript parser', () => {
    const d = parseDefaults('// sizes\nlet epochs = 10; let rate: number = -0.5;\nlet name = "higgs", tag = `t`;\nlet quick = false;\nlet sizes = [1, 2];\nlet o = { a: 1 };\nlet inf = -Infinity;\nlet f = Math.sqrt(2);\nconst k = 1;');
    assert.deepEqual(d.map((x) => [x.name, x.kind]), [
      ['epochs', 'number'], ['rate', 'number'], ['name', 'string'], ['tag', 'string'], ['quick', 'boolean'], ['sizes', 'json'], ['o', 'json'], ['inf', 'number'], ['f', 'unknown'], ['k', 'number'],
    ]);
    assert.equal(d[1].type, 'number');
    assert.equal(d[0].source, '10');
  });

  it('types command-line values from the defaults', () => {
    assert.equal(typeValue('n', '3', 'number'), 3);
    assert.ok(Number.isNaN(typeValue('n', 'NaN', 'number') as number));
    assert.equal(typeValue('n', '-Infinity', 'number'), -Infinity);
    assert.equal(typeValue('q', 'TRUE', 'boolean'), true);
    assert.equal(typeValue('q', '0', 'boolean'), false);
    assert.equal(typeValue('s', '42', 'string'), '42');
    assert.deepEqual(typeValue('j', '[1,2]', 'json'), [1, 2]);
    assert.equal(typeValue('u', '7', 'unknown'), 7);
    assert.equal(typeValue('u', 'abc', 'unknown'), 'abc');
    assert.throws(() => typeValue('epochs', 'ten', 'number', '10'), /^HepmlError: -p epochs=ten: expected a number \(the default is 10\), found "ten"\.$/);
    assert.throws(() => typeValue('n', '', 'number'), /expected a number/);
    assert.throws(() => typeValue('q', 'maybe', 'boolean'), /expected true or false/);
    assert.throws(() => typeValue('j', '{a', 'json'), /expected a JSON object or array/);
    assert.throws(() => parsePairs(['=3']), /expected NAME=VALUE/);
    assert.deepEqual(parsePairs(['a=1=2', 'b=']), { a: '1=2', b: '' });
  });

  it('injects after the parameters cell, replacing an earlier injection', () => {
    const nb = notebook('let epochs = 10;\nlet name: "higgs" | "jets" = "higgs";', [{ cell_type: 'code', source: 'let epochs = 1;', metadata: { tags: ['injected-parameters'] } }]);
    parameterize(nb, { values: typeParameters(nb, { epochs: '3', name: 'jets' }) });
    const tags = nb.cells.map((c) => cellTags(c).join(','));
    assert.deepEqual(tags, ['', 'parameters', 'injected-parameters', '']);
    assert.equal(sourceText(nb.cells[2].source), '// Parameters injected by hepml run\nlet epochs = 3;\nlet name: "higgs" | "jets" = "jets";');
  });

  it('refuses unknown names unless allowed; without a parameters cell injects on top with a warning', () => {
    const nb = notebook('let epochs = 10;');
    assert.throws(() => parameterize(nb, { values: { lr: 0.1 } }, 'p.ipynb'), /^HepmlError: p\.ipynb: unknown parameter "lr"; the notebook declares epochs\. Use --allow-new-params/);
    const bare = notebook(null);
    const warnings: string[] = [];
    const prev = setWarningSink((m) => warnings.push(m));
    try {
      parameterize(bare, { values: { lr: 0.1 }, allowNewParams: true }, 'p.ipynb');
    } finally {
      setWarningSink(prev);
    }
    assert.deepEqual(cellTags(bare.cells[0]), ['injected-parameters']);
    assert.match(sourceText(bare.cells[0].source), /let lr = 0\.1;$/);
    assert.deepEqual(warnings, ['p.ipynb: no cell is tagged "parameters"; injecting parameters at the top.']);
  });

  it('injects nothing (and removes an old injection) when no values are given', () => {
    const nb = notebook('let a = 1;', [{ cell_type: 'code', source: 'let a = 2;', metadata: { tags: ['injected-parameters'] } }]);
    parameterize(nb, { values: {} });
    assert.ok(!nb.cells.some((c) => cellTags(c).includes('injected-parameters')));
  });

  it('refuses -p __proto__=VALUE (issue 16.9: it was ignored silently) and keeps names as own keys', () => {
    assert.throws(() => parsePairs(['__proto__=1']), /^HepmlError: -p __proto__=1: expected a parameter name other than __proto__/);
    const pairs = parsePairs(['constructor=2', 'toString=x']);
    assert.deepEqual(Object.entries(pairs), [['constructor', '2'], ['toString', 'x']]);
    const nb = notebook('let constructor = 1;\nlet toString = "a";');
    assert.deepEqual(Object.entries(typeParameters(nb, pairs)), [['constructor', 2], ['toString', 'x']]);
  });
});
