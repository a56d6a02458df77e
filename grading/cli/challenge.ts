/**
 * `hepml challenge make ID --out DIR`: the students' unlabeled test set and, separately, the hidden
 * labels. `hepml challenge list`: the shipped challenges.
 */
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../../harness/command';
import { listChallenges, loadChallenge } from '../challenge';
import { makeChallenge } from '../make';
import { recordSubmissions } from '../manifest';

/** `hepml challenge collect`: stamps new and changed submissions in the manifest. */
function collect(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { submissions: { type: 'string' }, manifest: { type: 'string' } }, strict: true, allowPositionals: false });
  if (!values.submissions || !values.manifest) throw new UsageError('--submissions DIR and --manifest FILE are required.');
  const r = recordSubmissions(values.submissions, values.manifest);
  console.log(`${values.manifest}: ${r.added.length} new, ${r.changed.length} changed (re-stamped), ${r.unchanged.length} unchanged.`);
  return 0;
}

const USAGE = `usage: hepml challenge make ID --out DIR [--events N] [--seed S] [--data PATH]
       hepml challenge collect --submissions DIR --manifest FILE
       hepml challenge list

make   writes DIR/student/ (test_features.npy, ids.npy, challenge.json, README.md, the sha256 of the
       hidden labels) and DIR/hidden/ (labels.npy, ids.npy, weights.npy where a metric needs them).
       Hand out DIR/student only; grade with --labels DIR/hidden/labels.npy.
  --out DIR      output folder (required)
  --events N     synthetic test events (default: the challenge's)
  --seed S       synthetic seed (default: the challenge's)
  --data PATH    a real data file instead of the synthetic stand-in
collect  records when each submission arrived: every new or changed file in --submissions gets the
       current time and its sha256 in the manifest FILE (created when missing; unchanged files keep
       their first time). Run it at collection (e.g. every few minutes, or once at the deadline) and
       grade with --manifest FILE: deadlines are judged on these times, never on file times.
list   the challenge ids with their titles`;

export const command: Command = {
  name: 'challenge',
  summary: 'make a challenge: student test set + hidden labels',
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'list') {
      for (const id of listChallenges()) console.log(`${id.padEnd(18)} ${loadChallenge(id).title}`);
      return 0;
    }
    if (sub === 'collect') return collect(rest);
    if (sub !== 'make') throw new UsageError(`expected 'make', 'collect' or 'list', found ${JSON.stringify(sub ?? '')}. Run 'hepml challenge --help'.`);
    const { values, positionals } = parseArgs({
      args: rest,
      options: { out: { type: 'string' }, events: { type: 'string' }, seed: { type: 'string' }, data: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError(`expected one challenge id (${listChallenges().join(', ')}), found ${positionals.length}.`);
    if (!values.out) throw new UsageError('--out DIR is required.');
    const int = (flag: string, v: string | undefined): number | undefined => {
      if (v === undefined) return undefined;
      if (!/^\d+$/.test(v)) throw new UsageError(`--${flag}: expected a non-negative integer, found ${JSON.stringify(v)}.`);
      return Number(v);
    };
    const made = await makeChallenge(positionals[0], { out: values.out, events: int('events', values.events), seed: int('seed', values.seed), data: values.data });
    console.log(`${made.challenge.id}: ${made.rows} test rows from ${made.source}, features [${made.featureShape.join(', ')}]`);
    console.log(`  student material: ${made.studentDir}/  (hand this out)`);
    console.log(`  hidden labels:    ${made.hiddenDir}/labels.npy  sha256 ${made.labelsSha256}  (keep this)`);
    return 0;
  },
};
