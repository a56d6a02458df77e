import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HepmlError } from '../../lib/errors';
import * as registry from '../../lib/data/registry';
import { loadDataset, resolveDataset } from '../../lib/data/registry';
import { datasetIds, getManifest, validateManifest } from '../../lib/data/manifest';
import * as fetching from '../../lib/data/fetch';
import { fetchFile } from '../../lib/data/fetch';
import { fileChecksums, adler32 } from '../../lib/data/checksum';
import { saveDatasetFile, loadDatasetFile, datasetToNpz } from '../../lib/data/dsfile';
import { synthesize } from '../../lib/data/synthetic';
import type { Manifest, ManifestFile } from '../../lib/data/manifest';

const WW = join(__dirname, '../../../shared/data/root/dataWW_d1_slice10k.root');
const HIGGS = join(__dirname, '../../../shared/data/higgsml/atlas-higgs-v2-sample200.csv');
const H5 = join(__dirname, 'fixtures', 'pandas-table.h5');
const HEPML = join(__dirname, '..', '..', 'bin', 'hepml.js');
const isHepml = (p: RegExp) => (e: unknown) => e instanceof HepmlError && p.test(e.message);
const hepml = (args: string[], env: Record<string, string>, extra: { uid?: number; gid?: number } = {}) => spawnSync(process.execPath, [HEPML, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60000, ...extra });

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

  describe('issue 16.13-14: verification without checksums, timeouts, failover, stale parts, read-only cache', () => {
    let server: Server;
    let base: string;
    const h5 = readFileSync(H5);
    const hits: Record<string, number> = {};
    before(async () => {
      server = createServer((req, res) => {
        const url = req.url ?? '';
        hits[url] = (hits[url] ?? 0) + 1;
        if (url === '/h5') { res.writeHead(200, { 'content-length': h5.length }); res.end(h5); }
        else if (url === '/html') { const page = '<!DOCTYPE html><html></html>'; res.writeHead(200, { 'content-length': page.length, 'content-type': 'text/html' }); res.end(page); }
        else if (url === '/h5-cut') { res.writeHead(200); res.end(h5.subarray(0, 30000)); } // chunked: no Content-Length, body cut short
        else if (url === '/never') { /* accept, never answer */ }
        else if (url === '/stall') { res.writeHead(200, { 'content-length': h5.length }); res.write(h5.subarray(0, 1000)); /* then nothing */ }
        else { res.writeHead(404); res.end(); }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    after(() => { server.closeAllConnections(); server.close(); });
    const h5file = (urls: string[], extra: Partial<ManifestFile> = {}): ManifestFile => ({ name: 'img.h5', urls: urls.map((u) => base + u), bytes: null, checksums: {}, format: 'hdf5', reader: { key: 'table', layout: 'pandas-table' }, ...extra });
    const quick = { mode: 'silent' as const, connectTimeoutMs: 400, idleTimeoutMs: 400, retries: 1, retryDelayMs: 10 };

    it('13: without a checksum, an HTML page instead of HDF5 is refused (nothing left behind), the next URL is tried', async () => {
      const out = join(dir, 'nocheck');
      await assert.rejects(fetchFile(h5file(['/html']), { ...quick, dir: out }), isHepml(/img\.h5: .*\/html: expected an HDF5 file .*found an HTML page/));
      assert.deepEqual(readdirSync(out), []);
      const p = await fetchFile(h5file(['/html', '/h5']), { ...quick, dir: out });
      assert.deepEqual(readFileSync(p), h5);
    });

    it('13: without a checksum or Content-Length, a truncated HDF5 body is refused (superblock end-of-file address)', async () => {
      const out = join(dir, 'cut');
      await assert.rejects(fetchFile(h5file(['/h5-cut']), { ...quick, dir: out }), isHepml(/expected 72924 bytes \(the HDF5 superblock end-of-file address\), found 30000: the file is truncated/));
      assert.deepEqual(readdirSync(out), []);
    });

    it('13: `data verify` says "unverified" for a file without a checksum; `data list` is honest', () => {
      const cache = mkdtempSync(join(dir, 'verify-'));
      for (const f of getManifest('top-images').files) copyFileSync(H5, join(cache, f.name));
      const v = hepml(['data', 'verify', 'top-images'], { HEPML_DATA: cache });
      assert.equal(v.status, 0, v.stderr);
      assert.deepEqual(v.stdout.trim().split('\n'), getManifest('top-images').files.map((f) => `${f.name}: unverified: no checksum is known; checked only HDF5 signature, HDF5 end-of-file address`));
      // ship-hnl: one file of the right size is "not verified" until checked; a wrong size is corrupt
      const ship = getManifest('ship-hnl').files;
      writeFileSync(join(cache, ship[0].name), 'x');
      writeFileSync(join(cache, ship[1].name), Buffer.alloc(ship[1].bytes!, 0x41));
      const l = hepml(['data', 'list'], { HEPML_DATA: cache });
      assert.equal(l.status, 0, l.stderr);
      assert.match(l.stdout, /^top-images\s+cached, unverifiable\s/m);
      assert.match(l.stdout, /^ship-hnl\s+cached, CORRUPT \(size\)\s/m);
      assert.match(l.stdout, /^ww\s+synthetic\s/m);
      assert.doesNotMatch(l.stdout, /cached {3}/);
    });

    it('13: fetch re-verifies a cached copy: a corrupt one is fetched again; the command fails when that fails', async () => {
      const cache = mkdtempSync(join(dir, 'refetch-'));
      const m = { ...getManifest('top-images'), files: [h5file(['/h5'], { name: 'a.h5' }), h5file(['/html'], { name: 'b.h5' })] } as Manifest;
      writeFileSync(join(cache, 'a.h5'), '<html>login</html>');
      const good = await fetching.fetchManifest({ ...m, files: [m.files[0]] }, { ...quick, dir: cache });
      assert.equal(good[0].action, 'replaced');
      assert.match(good[0].reason!, /found an HTML page/);
      assert.equal(good[0].check.verified, false);
      assert.deepEqual(readFileSync(join(cache, 'a.h5')), h5);
      writeFileSync(join(cache, 'b.h5'), '<html>login</html>');
      await assert.rejects(fetching.fetchManifest({ ...m, files: [m.files[1]] }, { ...quick, dir: cache }), isHepml(/b\.h5: the cached copy failed verification \(.*HTML page.*\) and fetching it again failed/));
    });

    it('13: a .verified stamp does not hide a same-size, same-mtime corruption', async () => {
      const p = join(dir, 'stamped.bin');
      const content = Buffer.from('abc,def\n'.repeat(1000));
      writeFileSync(p, content);
      utimesSync(p, 1700000000, 1700000000); // whole seconds: restored exactly below
      const f: ManifestFile = { name: 'stamped.bin', urls: [], bytes: content.length, checksums: { sha256: createHash('sha256').update(content).digest('hex') }, format: 'csv', reader: {} };
      await registry.verifyCached(p, f);
      assert.ok(existsSync(`${p}.verified`));
      const bad = Buffer.from(content);
      bad[10] = 0x5a;
      writeFileSync(p, bad);
      utimesSync(p, 1700000000, 1700000000);
      assert.equal(statSync(p).mtimeMs, 1700000000000);
      assert.equal(statSync(p).size, content.length);
      await assert.rejects(registry.verifyCached(p, f), isHepml(/checksum mismatch/));
    });

    it('14: a server that never answers, or stalls mid-body, times out and fails over to the next URL', async function () {
      this.timeout(20000);
      const out = join(dir, 'timeouts');
      const t0 = Date.now();
      const p = await fetchFile(h5file(['/never', '/stall', '/h5']), { ...quick, dir: out });
      assert.deepEqual(readFileSync(p), h5);
      assert.equal(hits['/never'], 2, 'one retry');
      assert.equal(hits['/stall'], 2);
      assert.ok(Date.now() - t0 < 10000);
      await assert.rejects(fetchFile(h5file(['/never']), { ...quick, dir: out }), isHepml(/\/never: no answer within 0\.4 s \(retrying\); .*\/never: no answer within 0\.4 s\./));
    });

    it('14: stale .part-PID files of dead processes are removed by the next fetch; a live one is kept', async () => {
      const out = join(dir, 'parts');
      mkdirSync(out, { recursive: true });
      const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      try {
        writeFileSync(join(out, 'img.h5.part-999999999'), 'old');
        writeFileSync(join(out, `img.h5.part-${sleeper.pid}`), 'in progress');
        await fetchFile(h5file(['/h5']), { ...quick, dir: out });
        assert.deepEqual(readdirSync(out).sort(), ['img.h5', `img.h5.part-${sleeper.pid}`]);
      } finally {
        sleeper.kill('SIGKILL');
      }
    });

    it('14: a read-only HEPML_DATA is one clear line, not an unhandled error event', function () {
      const ro = mkdtempSync(join(tmpdir(), 'hepml-ro-'));
      chmodSync(ro, 0o555);
      // root ignores permissions: run the command as nobody there
      const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const tmp = mkdtempSync(join(tmpdir(), 'hepml-ro-tmp-'));
      chmodSync(tmp, 0o777); // for tsx's cache of that user
      try {
        const r = hepml(['data', 'fetch', 'ship-hnl'], { HEPML_DATA: ro, TMPDIR: tmp }, as);
        assert.equal(r.status, 1, r.stderr);
        assert.equal(r.stderr.trim(), `hepml data: ${ro}: expected a writable data folder, found it read-only (EACCES). Set HEPML_DATA to a folder you can write.`);
      } finally {
        rmSync(ro, { recursive: true, force: true });
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  });

  it('adler32 matches zlib on a known vector', () => {
    assert.equal(adler32(Buffer.from('Wikipedia')).toString(16), '11e60398');
  });
});
