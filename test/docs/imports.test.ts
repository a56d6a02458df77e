/**
 * The import rules of DESIGN.md §1 and issue 12 (item 5, item 3's second half), checked on the source:
 * no import circles among the files of lib/, grading/ and harness/; lib/ imports neither grading/ nor
 * harness/; grading/ and harness/ enter lib/ through its folder indexes only; only harness/cli/ imports
 * harness/cli/ (the CLI helpers both CLIs share live in harness/command.ts).
 */
import { strict as assert } from 'node:assert';
import { circles, importEdges, ruleBreaks, type ImportEdge } from '../../tools/import-graph';

describe('imports: no circles, one direction, lib entered by its indexes', () => {
  const edges = importEdges();

  it('parses the imports (the parser sees the three kinds of import it checks)', () => {
    assert.ok(edges.length > 500, `only ${edges.length} imports found`);
    const has = (from: string, to: string): boolean => edges.some((e) => e.from === from && e.to === to);
    assert.ok(has('lib/index.ts', 'lib/data/index.ts'), 'export * from');
    assert.ok(has('harness/cli/main.ts', 'grading/cli/grade.ts'), 'require(…)');
    assert.ok(edges.some((e) => e.typeOnly), 'import type');
  });

  it('finds a circle and a rule break when there is one (the checks can fail)', () => {
    const e = (from: string, to: string): ImportEdge => ({ from, to, spec: to, line: 1, typeOnly: false });
    assert.deepEqual(circles([e('a.ts', 'b.ts'), e('b.ts', 'c.ts'), e('c.ts', 'a.ts'), e('c.ts', 'd.ts')]), [['a.ts', 'b.ts', 'c.ts']]);
    assert.deepEqual(circles([e('a.ts', 'b.ts'), e('b.ts', 'c.ts')]), []);
    assert.equal(ruleBreaks([e('grading/score.ts', 'lib/metrics/curve.ts')]).length, 1);
    assert.equal(ruleBreaks([e('grading/score.ts', 'lib/metrics/index.ts'), e('harness/run-all.ts', 'lib/index.ts')]).length, 0);
    assert.equal(ruleBreaks([e('lib/data/fetch.ts', 'harness/notebook.ts')]).length, 1);
    assert.equal(ruleBreaks([e('grading/cli/grade.ts', 'harness/cli/run.ts')]).length, 1);
  });

  it('has no import circles (type-only imports included)', () => {
    assert.deepEqual(circles(edges).map((c) => c.join(' ↔ ')), []);
  });

  it('imports downwards only, and enters lib/ by its folder indexes', () => {
    assert.deepEqual(ruleBreaks(edges), []);
  });
});
