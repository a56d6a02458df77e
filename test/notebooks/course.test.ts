/**
 * The course itself: every notebook in notebooks/ runs through the real tslab kernel in quick mode
 * (as `hepml run --quick` does in CI), and the figures each one records are physically sane on the
 * synthetic data. Also: `hepml check` finds nothing, and the .ipynb files match their sources.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convert } from '../../tools/nbsrc';
import { checkExpectations } from '../../tools/expect';

const ROOT = join(__dirname, '..', '..');
const NOTEBOOKS = readdirSync(join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();

type Results = Record<string, Record<string, number | string | boolean>>;

/**
 * Relations between each notebook's recorded figures in quick mode; the ranges of single figures live in
 * notebooks/expect/<name>.json (checked by tools/expect.ts for every notebook that has one).
 */
const EXPECTED: Record<string, (r: Record<string, number | string | boolean>) => void> = {
  '01-ww-exploration': (r) => {
    assert.equal(r.maxCorrPair, 'lep_phi_0 / lep_phi_1', 'spin correlation: the lepton φ pair changes most');
    assert.ok((r.maxCorrDiff as number) > 0.2);
  },
  '02-ww-mlp': (r) => {
    assert.ok((r.testAuc as number) > 0.75, `testAuc ${r.testAuc}`);
    assert.ok((r.overtrainRiseNoDropout as number) > (r.overtrainRiseDropout as number), `dropout cures the overtraining: ${r.overtrainRiseNoDropout} vs ${r.overtrainRiseDropout}`);
  },
  '03-higgsml-bdt': (r) => {
    assert.ok((r.aucGradientBoosting as number) > 0.8, `gbt ${r.aucGradientBoosting}`);
    assert.ok((r.aucGradientBoosting as number) >= (r.aucTree as number) - 0.01, 'boosting at least as good as one tree');
    assert.ok((r.bestAms as number) > 0);
  },
  '04-higgsml-dnn': (r) => {
    assert.ok((r.aucDnn as number) > 0.75, `dnn ${r.aucDnn}`);
    assert.ok((r.aucGbt as number) > 0.8, `gbt ${r.aucGbt}`);
    assert.ok((r.bestEpoch as number) < (r.epochsRun as number), `the best epoch (${r.bestEpoch}) is not the last (${r.epochsRun})`);
  },
  '05-jet-images-cnn': (r) => {
    assert.ok((r.testAuc as number) > 0.8, `cnn ${r.testAuc}`);
    assert.ok(Number.isFinite(r.rejectionAt90 as number) && (r.rejectionAt90 as number) > 2, `rejection ${r.rejectionAt90}`);
  },
  '06-top-tagging-dnn': (r) => {
    assert.ok((r.testAuc as number) > 0.7, `dnn ${r.testAuc}`);
    assert.ok((r.rejectionAt30 as number) > 3);
  },
  '07-top-tagging-cnn': (r) => assert.ok((r.testAuc as number) > 0.7, `cnn ${r.testAuc}`),
  '08-ship-hnl': (r) => {
    assert.ok((r.testAuc as number) > 0.9, `hnl ${r.testAuc}`);
    assert.ok((r.signalEfficiency as number) >= 0.9 - 1e-9);
    assert.ok((r.backgroundEfficiency as number) < 0.5);
  },
  '09-vh-multiclass': (r) => {
    assert.ok((r.macroAuc as number) > 0.7, `macro AUC ${r.macroAuc}`);
    assert.ok((r.aucVhVsRest as number) > 0.55, `VH vs rest AUC ${r.aucVhVsRest}`);
    assert.ok((r.z0CutBased as number) > 0 && Number.isFinite(r.z0Binned as number) && (r.nBins as number) >= 1, 'Z0 of the cuts and of the binning, bins counted');
  },
};

describe('the course notebooks', function () {
  this.timeout(900_000);

  it('match their notebooks/src sources (regenerate with: npx tsx tools/nbsrc.ts notebooks/src/*.ts --out notebooks)', () => {
    for (const nb of NOTEBOOKS) {
      const name = nb.replace(/\.ipynb$/, '');
      const want = convert(readFileSync(join(ROOT, 'notebooks', 'src', `${name}.ts`), 'utf8'), name) as { cells: { source: string[] }[] };
      const got = JSON.parse(readFileSync(join(ROOT, 'notebooks', nb), 'utf8')) as { cells: { source: string[] }[] };
      assert.deepEqual(got.cells.map((c) => c.source.join('')), want.cells.map((c) => c.source.join('')), nb);
    }
  });

  it('type-check cleanly with hepml check', () => {
    try {
      execFileSync(process.execPath, [join(ROOT, 'bin', 'hepml.js'), 'check'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      assert.fail(`hepml check found problems:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  });

  it('all nine run in quick mode through the kernel, with sane recorded figures', () => {
    assert.equal(NOTEBOOKS.length, 9, NOTEBOOKS.join(', '));
    const out = mkdtempSync(join(tmpdir(), 'hepml-course-'));
    try {
      let log = '';
      try {
        log = execFileSync(process.execPath, [join(ROOT, 'bin', 'hepml.js'), 'run', '--quick', '--jobs', '2', '--out', out], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string };
        assert.fail(`hepml run --quick failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      }
      console.log(log.split('\n').filter((l) => /^(notebook|notebooks\/|-)/.test(l)).map((l) => `      ${l}`).join('\n'));
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).notebooks as Record<string, { status: string; results: Results[string] }>;
      for (const nb of NOTEBOOKS) {
        const name = nb.replace(/\.ipynb$/, '');
        const entry = Object.entries(results).find(([k]) => k.endsWith(nb))?.[1];
        assert.ok(entry, `${nb} missing from results.json`);
        assert.equal(entry.status, 'passed', nb);
        EXPECTED[name](entry.results);
        const problems = checkExpectations(name, entry.results, 'quick');
        assert.deepEqual(problems, [], `${nb} against notebooks/expect/${name}.json`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the course notebooks on real data (../shared/data)', function () {
  this.timeout(300_000);
  const slice = join(ROOT, '..', 'shared', 'data', 'root', 'dataWW_d1_slice10k.root');
  const higgs = join(ROOT, '..', 'shared', 'data', 'higgsml', 'atlas-higgs-v2-sample200.csv');

  it('01 and 03 run unchanged with a real file as dataPath', function () {
    if (!existsSync(slice) || !existsSync(higgs)) {
      console.log(`      skipped: ${slice} or ${higgs} is absent (real data for tests lives in ../shared/data)`);
      this.skip();
    }
    const out = mkdtempSync(join(tmpdir(), 'hepml-real-'));
    try {
      const run = (nb: string, args: string[]) => execFileSync(process.execPath, [join(ROOT, 'bin', 'hepml.js'), 'run', join('notebooks', nb), ...args, '--out', join(out, nb)], { cwd: ROOT, stdio: 'pipe' });
      // Paths relative to where `hepml run` starts (the project root), as a user types them.
      run('01-ww-exploration.ipynb', ['-p', 'dataPath=../shared/data/root/dataWW_d1_slice10k.root']);
      run('03-higgsml-bdt.ipynb', ['--quick', '-p', 'dataPath=../shared/data/higgsml/atlas-higgs-v2-sample200.csv']);
      const r01 = JSON.parse(readFileSync(join(out, '01-ww-exploration.ipynb', 'results.json'), 'utf8')).notebooks;
      const first = Object.values(r01)[0] as { results: Record<string, unknown> };
      assert.equal(first.results.maxCorrPair, 'lep_phi_0 / lep_phi_1', 'the real data show the spin correlation in the lepton φ pair');
      assert.ok((first.results.events as number) > 9000 && (first.results.events as number) <= 10000);
      const r03 = JSON.parse(readFileSync(join(out, '03-higgsml-bdt.ipynb', 'results.json'), 'utf8')).notebooks;
      assert.equal((Object.values(r03)[0] as { status: string }).status, 'passed');
    } catch (err) {
      const e = err as { stdout?: Buffer; stderr?: Buffer };
      if (e.stdout || e.stderr) assert.fail(`${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
      throw err;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
