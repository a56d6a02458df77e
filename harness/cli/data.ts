/** `hepml data list|info ID|fetch ID|synth ID|verify ID`: the dataset registry from the command line. */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../command';
import { UsageError } from '../command';
import { cacheStatus, dataDir, datasetIds, fetchManifest, getManifest, saveDatasetFile, synthesize, verifyDataFile, type CacheStatus, type DataFileCheck } from '../../lib/data';

const usage = `usage: hepml data list
       hepml data info ID
       hepml data fetch ID            download the real files into the cache (progress, checksum, atomic move);
                                      a cached copy is verified first and fetched again when it fails
       hepml data synth ID [--events N] [--seed S] --out FILE
                                      write the seeded synthetic stand-in as a hepml dataset .npz
                                      (columns/<name>.npy, labels.npy, weights.npy, tensors/<name>.npy, hepml.json)
       hepml data verify ID           check the cached files' sizes, checksums and formats; a file with no
                                      known checksum is reported "unverified" (size and format checked only)

The cache is $HEPML_DATA (now: ${dataDir()}).`;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { events: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
  const [sub, id] = positionals;
  if (!sub) throw new UsageError(`expected a subcommand (list, info, fetch, synth, verify). ${usage.split('\n')[0]}`);
  if (sub === 'list') {
    for (const i of datasetIds()) {
      const m = getManifest(i);
      console.log(`${i.padEnd(18)} ${listWord(cacheStatus(i)).padEnd(24)} ${m.title}`);
    }
    return 0;
  }
  if (!id) throw new UsageError(`data ${sub}: expected a dataset id, one of ${datasetIds().join(', ')}.`);
  const m = getManifest(id);
  switch (sub) {
    case 'info': {
      console.log(`${m.id}: ${m.title}\ncitation: ${m.citation}\nlicence: ${m.licence.id ?? 'unknown'}${m.licence.note ? ` (${m.licence.note})` : ''}`);
      for (const f of m.files) console.log(`file ${f.name} [${f.format}] ${f.bytes ?? '?'} bytes ${Object.entries(f.checksums).map(([k, v]) => `${k}=${v}`).join(' ') || 'no checksum'}${existsSync(join(dataDir(), f.name)) ? ' (cached)' : ''}\n  ${f.urls.join('\n  ') || '(no URL: manual download)'}`);
      console.log(`columns (${m.schema.columns.length}): ${m.schema.columns.map((c) => `${c.name}:${c.dtype}${c.unit ? `[${c.unit}]` : ''}`).join(', ')}`);
      for (const t of m.schema.tensors ?? []) console.log(`tensor ${t.name}: [N, ${t.shape.join(', ')}] ${t.dtype}`);
      console.log(`label: ${m.schema.label.column ?? '(per file)'} classes ${m.schema.label.classes.join(' / ')}; weight: ${m.schema.weight ?? 'none'}`);
      console.log(`synthetic: ${m.synthetic.generator}, ${m.synthetic.defaultEvents} events (quick ${m.synthetic.quickEvents})`);
      return 0;
    }
    case 'fetch': {
      for (const f of await fetchManifest(m)) {
        const what = f.action === 'cached' ? 'cached copy checked' : f.action === 'replaced' ? `the cached copy failed (${f.reason}); fetched again` : 'downloaded';
        console.log(`${f.path}: ${what}; ${checkWords(f.check)}`);
      }
      return 0;
    }
    case 'verify': {
      if (m.files.length === 0) { console.log(`${id}: synthetic only, nothing to verify`); return 0; }
      let missing = 0;
      for (const f of m.files) {
        const p = join(dataDir(), f.name);
        if (!existsSync(p)) { console.log(`${f.name}: not in ${dataDir()}`); missing++; continue; }
        console.log(`${f.name}: ${checkWords(await verifyDataFile(p, f))}`);
      }
      return missing ? 1 : 0;
    }
    case 'synth': {
      if (!values.out) throw new UsageError('data synth: expected --out FILE.');
      const events = values.events === undefined ? m.synthetic.defaultEvents : Number(values.events);
      const seed = values.seed === undefined ? 42 : Number(values.seed);
      if (!Number.isInteger(events) || events < 0) throw new UsageError(`data synth: expected --events to be a non-negative integer, found ${values.events}.`);
      if (!Number.isFinite(seed)) throw new UsageError(`data synth: expected --seed to be a number, found ${values.seed}.`);
      const t0 = Date.now();
      const ds = synthesize(m.synthetic.generator, { events, seed });
      saveDatasetFile(values.out, ds);
      console.log(`${values.out}: ${ds.length} events of ${id} (seed ${seed}) in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
      return 0;
    }
    default:
      throw new UsageError(`data: unknown subcommand ${JSON.stringify(sub)}; expected list, info, fetch, synth or verify.`);
  }
}

/** `ok (bytes, sha256, …)` or `unverified: no checksum is known; checked …`. */
function checkWords(c: DataFileCheck): string {
  return c.verified ? `ok (${c.checked.join(', ')})` : `unverified: no checksum is known; checked only ${c.checked.join(', ') || 'that it exists'}`;
}

/** The cache column of `hepml data list`. */
function listWord(s: CacheStatus): string {
  switch (s.kind) {
    case 'synthetic': return 'synthetic';
    case 'partial': return `partial (${s.missing.length} missing)`;
    case 'corrupt': return 'cached, CORRUPT (size)';
    case 'verified': return 'cached, verified';
    case 'unverified': return s.reason === 'no checksum known' ? 'cached, unverifiable' : 'cached, not verified';
  }
}

export const command: Command = { name: 'data', summary: 'the dataset registry: list, info, fetch, synth, verify', usage, run };
