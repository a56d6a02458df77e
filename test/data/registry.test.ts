import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HepmlError } from '../../lib/errors';
import { loadDataset, resolveDataset } from '../../lib/data/registry';
import { datasetIds, getManifest, validateManifest } from '../../lib/data/manifest';
import { fetchFile } from '../../lib/data/fetch';
import { fileChecksums, adler32 } from '../../lib/data/checksum';
import { saveDatasetFile, loadDatasetFile, datasetToNpz } from '../../lib/data/dsfile';
import { synthesize } from '../../lib/data/synthetic';
import type { ManifestFile } from '../../lib/data/manifest';

const WW = join(__dirname, '../../../shared/data/root/dataWW_d1_slice10k.root');
const HIGGS = join(__dirname, '../../../shared/data/higgsml/atlas-higgs-v2-sample200.csv');
const isHepml = (p: RegExp) => (e: unknown) => e instanceof HepmlError && p.test(e.message);

describe('data/registry', () => {
  let dir: string;
  let saved: string | undefined;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'hepml-reg-')); saved = process.env.HEPML_DATA; process.env.HEPML_DATA = dir; });
  after(() => { if (saved === undefined) delete process.env.HEPML_DATA; else process.env.HEPML_DATA = saved; rmSync(dir, { recursive: true, force: true }); });

  it('every manifest validates; the schema rejects a broken one', () => {
    assert.deepEqual(datasetIds(), ['higgsml', 'jet-images-gamma', 'ship-hnl', 'top-constituents', 'top-images', 'vh-multiclass', 'ww']);
    for (const id of datasetIds()) assert.equal(getManifest(id).id, id);
    const bad = JSON.parse(JSON.stringify(getManifest('ww')));
    bad.files[0].checksums.sha256 = 'not-hex';
    assert.throws(() => validateManifest(bad, 'bad.json'), isHepml(/bad\.json.*sha256/));
    assert.equal(getManifest('ship-hnl').schema.columns.length, 18);
    assert.equal(getManifest('higgsml').schema.columns.length, 35);
  });

  it('falls back to the seeded synthetic stand-in, announced once, with the manifest schema', async () => {
    const logs: string[] = [];
    const orig = console.log;
    console.log = (s: string) => logs.push(s);
    try {
      const a = await loadDataset('ww', { events: 500, seed: 3 });
      const b = await loadDataset('ww', { events: 500, seed: 3 });
      assert.equal(a.length, 500);
      assert.deepEqual(a.columnNames, getManifest('ww').schema.columns.map((c) => c.name));
      assert.deepEqual(a.column('met_et'), b.column('met_et'));
      assert.equal(resolveDataset('ww').kind, 'synthetic');
    } finally { console.log = orig; }
    assert.deepEqual(logs, ['ww: no local file, using the synthetic stand-in (500 events, seed 3)']);
    await assert.rejects(loadDataset('nope'), isHepml(/expected one of .*ww/));
  });

  it('reads a real file given by path: WW ROOT slice with labels and weights; HiggsML CSV with s/b labels', async function () {
    if (!existsSync(WW) || !existsSync(HIGGS)) { console.log('      (skipped: real files not found)'); this.skip(); }
    const ww = await loadDataset('ww', { path: WW });
    assert.equal(ww.length, 10000);
    assert.equal(ww.source, `file:${WW}`);
    assert.equal(ww.labels!.reduce((s, v) => s + v, 0), 6632);
    assert.equal(ww.weights!.length, 10000);
    const h = await loadDataset('higgsml', { path: HIGGS });
    assert.equal(h.length, 200);
    assert.equal(h.columnNames.length, 35);
    const s = h.schema.find((c) => c.name === 'Label')!;
    for (let i = 0; i < h.length; i++) assert.equal(h.labels![i], s.categories![h.column('Label')[i]] === 's' ? 1 : 0);
    const train = await loadDataset('higgsml', { path: HIGGS, split: 'train' });
    assert.equal(train.length, 200); // the first 200 rows are all KaggleSet t
  });

  it('uses a cached file only when it verifies (size + checksum)', async () => {
    const m = getManifest('ship-hnl');
    // a cached file with the wrong size is refused with a clear message instead of being read
    for (const f of m.files) writeFileSync(join(dir, f.name), 'x');
    assert.equal(resolveDataset('ship-hnl').kind, 'cache');
    await assert.rejects(loadDataset('ship-hnl'), isHepml(/kinematic_variables_HNLtoPimu\.dat: expected 1097225 bytes, found 1/));
    for (const f of m.files) rmSync(join(dir, f.name));
  });

  it('hepml dataset NPZ round-trips every part and is deterministic', () => {
    const ds = synthesize('top-constituents', { events: 20, seed: 5 });
    assert.deepEqual(datasetToNpz(ds), datasetToNpz(synthesize('top-constituents', { events: 20, seed: 5 })));
    const p = join(dir, 'top.npz');
    saveDatasetFile(p, ds);
    const back = loadDatasetFile(p);
    assert.deepEqual(back.columnNames, ds.columnNames);
    assert.deepEqual(back.tensors.constituents.shape, [20, 200, 4]);
    assert.deepEqual(back.tensors.constituents.data, ds.tensors.constituents.data);
    assert.deepEqual(back.labels, ds.labels);
    assert.deepEqual(back.schema, ds.schema);
  });

  describe('fetch (local HTTP server on 127.0.0.1 only)', () => {
    let server: Server;
    let base: string;
    const body = Buffer.from('hello hepml '.repeat(10000));
    before(async () => {
      server = createServer((req, res) => {
        if (req.url === '/file') { res.writeHead(200, { 'content-length': body.length }); res.end(body); } else { res.writeHead(404); res.end(); }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    after(() => server.close());
    const file = (checksums: ManifestFile['checksums'], urls: string[]): ManifestFile => ({ name: 'f.bin', urls, bytes: body.length, checksums, format: 'csv', reader: {} });

    it('downloads, verifies sha256/md5/adler32 and moves the file into place', async () => {
      const sha256 = createHash('sha256').update(body).digest('hex');
      const md5 = createHash('md5').update(body).digest('hex');
      const ad = adler32(body).toString(16).padStart(8, '0');
      const out = join(dir, 'dl');
      const p = await fetchFile(file({ sha256, md5, adler32: ad }, [`${base}/missing`, `${base}/file`]), { dir: out, mode: 'silent' });
      assert.deepEqual(readFileSync(p), body);
      assert.deepEqual(readdirSync(out), ['f.bin']);
      const blob = createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
      assert.equal((await fileChecksums(p, ['git-blob-sha1']))['git-blob-sha1'], blob);
    });
    it('a checksum mismatch leaves nothing behind and names the file', async () => {
      const out = join(dir, 'dl2');
      await assert.rejects(fetchFile(file({ sha256: '0'.repeat(64) }, [`${base}/file`]), { dir: out, mode: 'silent' }), isHepml(/f\.bin.*sha256.*checksum mismatch/));
      assert.deepEqual(readdirSync(out), []);
    });
  });

  it('adler32 matches zlib on a known vector', () => {
    assert.equal(adler32(Buffer.from('Wikipedia')).toString(16), '11e60398');
  });
});
