/**
 * `autograde merge`: the outputs of `autograde --shard K/N` for K = 1..N -> one output folder, as if
 * the class had been graded in one run. Refuses shards of different sources or options, a missing or
 * repeated shard, and a student graded twice.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HepmlError } from '../../lib/errors';
import { feedbackPath, outputFiles, sortSubmissions, type GradesJson } from './report';
import { writeOutputSet, type BeforeSwap } from './write-set';

function readGrades(dir: string): GradesJson {
  const file = path.join(dir, 'grades.json');
  let g: GradesJson;
  try {
    g = JSON.parse(fs.readFileSync(file, 'utf8')) as GradesJson;
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'found none' : `found unreadable JSON (${(err as Error).message})`;
    throw new HepmlError(`${file}: expected the grades.json of an autograde run, ${why}.`);
  }
  if (g.format !== 'hepml-autograde/1') throw new HepmlError(`${file}: expected format "hepml-autograde/1", found ${JSON.stringify(g.format)}.`);
  return g;
}

/** Merges shard output folders into `out`; returns the merged grades.json. */
export function mergeShards(dirs: string[], out: string, beforeSwap?: BeforeSwap): GradesJson {
  if (dirs.length === 0) throw new HepmlError('autograde merge: expected the output folders of the shards, found none.');
  const all = dirs.map((d) => ({ dir: d, g: readGrades(d) }));
  const first = all[0];
  const count = first.g.shard?.count;
  const seenShard = new Map<number, string>();
  const seenStudent = new Map<string, string>();
  for (const { dir, g } of all) {
    const where = path.join(dir, 'grades.json');
    if (JSON.stringify(g.source) !== JSON.stringify(first.g.source)) throw new HepmlError(`${where}: expected the same autograder notebooks as ${first.dir} (${first.g.source.map((s) => s.notebook).join(', ')}; same sha256), found ${g.source.map((s) => s.notebook).join(', ')} with other contents.`);
    if (JSON.stringify(g.options) !== JSON.stringify(first.g.options)) throw new HepmlError(`${where}: expected the options of ${first.dir} (${JSON.stringify(first.g.options)}), found ${JSON.stringify(g.options)}.`);
    if (!g.shard || g.shard.count !== count) throw new HepmlError(`${where}: expected a shard of ${count === undefined ? 'a sharded run' : `N = ${count}`}, found ${g.shard ? `shard ${g.shard.index}/${g.shard.count}` : 'an unsharded run'}.`);
    const again = seenShard.get(g.shard.index);
    if (again) throw new HepmlError(`${where}: expected each shard once, found shard ${g.shard.index}/${count} also in ${again}.`);
    seenShard.set(g.shard.index, dir);
    for (const s of g.students) {
      const other = seenStudent.get(s);
      if (other) throw new HepmlError(`${where}: expected each student in one shard, found ${s} also in ${other}.`);
      seenStudent.set(s, dir);
    }
  }
  const missing = Array.from({ length: count! }, (_, i) => i + 1).filter((k) => !seenShard.has(k));
  if (missing.length) throw new HepmlError(`autograde merge: expected shards 1..${count}, found none for ${missing.map((k) => `${k}/${count}`).join(', ')}. Pass every shard's output folder.`);
  const pages = new Map<string, string>();
  for (const { dir, g } of all) {
    for (const s of g.submissions) {
      const rel = feedbackPath(s.student, s.notebook);
      const file = path.join(dir, rel);
      if (!fs.existsSync(file)) throw new HepmlError(`${file}: expected the feedback page of ${s.student}/${s.notebook}, found none.`);
      pages.set(rel, fs.readFileSync(file, 'utf8'));
    }
  }
  const merged: GradesJson = {
    format: 'hepml-autograde/1',
    generated: new Date().toISOString(),
    source: first.g.source,
    options: first.g.options,
    students: [...seenStudent.keys()].sort(),
    submissions: sortSubmissions(all.flatMap(({ g }) => g.submissions)),
  };
  writeOutputSet(out, outputFiles(merged, pages), beforeSwap);
  return merged;
}
