/**
 * `hepml grade`: validate and score every submission, write the leaderboard and feedback.
 */
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../../harness/command';
import { displayText } from '../../lib/errors';
import { gradeSubmissionsAsync } from '../grade';

const USAGE = `usage: hepml grade --challenge ID --labels FILE --submissions DIR --out DIR
                   [--public-fraction F] [--max-per-group N] [--keep best|latest] [--rank-by private|public]
                   [--manifest FILE] [--reproduce [--student DIR] [--cell-timeout S]]

Validates every <group>__<model>.npy|.csv in --submissions against the challenge's rules, scores the
valid ones on the public and private parts of the hidden labels (split by a seeded hash of the row id),
keeps at most N per group (best N by public score, or latest N by submission time), and publishes
leaderboard.{md,html,csv,json} and feedback/ into --out as one set: written to --out/runs/<id>/ and
switched in by one rename of --out/current (the top-level names link through it). One run at a time
per --out (a lock); a killed run leaves the previous set whole.

  --challenge ID        challenge id (grading/challenges/ID.json) or a definition .json file
  --labels FILE         hidden labels (DIR/hidden/labels.npy from 'hepml challenge make')
  --submissions DIR     folder of submission files (links, sub-folders, devices are never read)
  --out DIR             output folder
  --public-fraction F   share of rows on the public leaderboard (default: the challenge's)
  --max-per-group N     ranked submissions per group (default: the challenge's)
  --keep RULE           best (default: best N by public score) or latest (latest N by submission time)
  --rank-by PART        private (default, final standings) or public
  --manifest FILE       submission times recorded at collection ('hepml challenge collect'); required
                        when the challenge has a deadline (file times can be set by anyone)
  --reproduce           rerun <group>__<model>.ipynb beside a prediction file (fresh folder, tslab
                        kernel) and mark it "reproduced" (scores equal within 1e-6) or "not reproducible"
  --student DIR         the student folder copied beside each rerun notebook as student/
                        (default: student/ next to the labels' hidden/ folder)
  --cell-timeout S      per-cell limit of a rerun, seconds (default 600)
  --public-fraction 0   no public part: every row is scored and ranked (as the KIT exercise)`;

export const command: Command = {
  name: 'grade',
  summary: 'validate and score submissions, write the leaderboard',
  usage: USAGE,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        challenge: { type: 'string' }, labels: { type: 'string' }, submissions: { type: 'string' }, out: { type: 'string' },
        'public-fraction': { type: 'string' }, 'max-per-group': { type: 'string' }, keep: { type: 'string' }, 'rank-by': { type: 'string' },
        manifest: { type: 'string' }, reproduce: { type: 'boolean' }, student: { type: 'string' }, 'cell-timeout': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    for (const k of ['challenge', 'labels', 'submissions', 'out'] as const) {
      if (!values[k]) throw new UsageError(`--${k} is required. Run 'hepml grade --help' for the options.`);
    }
    const num = (flag: string, v: string | undefined): number | undefined => {
      if (v === undefined) return undefined;
      const x = Number(v);
      if (!Number.isFinite(x)) throw new UsageError(`--${flag}: expected a number, found ${JSON.stringify(v)}.`);
      return x;
    };
    const keep = values.keep;
    if (keep !== undefined && keep !== 'best' && keep !== 'latest') throw new UsageError(`--keep: expected best or latest, found ${JSON.stringify(keep)}.`);
    const rankBy = values['rank-by'];
    if (rankBy !== undefined && rankBy !== 'private' && rankBy !== 'public') throw new UsageError(`--rank-by: expected private or public, found ${JSON.stringify(rankBy)}.`);
    if (!values.reproduce && (values.student !== undefined || values['cell-timeout'] !== undefined)) throw new UsageError('--student and --cell-timeout only apply with --reproduce.');
    const cellTimeout = num('cell-timeout', values['cell-timeout']);
    if (cellTimeout !== undefined && !(cellTimeout > 0)) throw new UsageError(`--cell-timeout: expected a positive number of seconds, found ${cellTimeout}.`);
    let reproduce;
    if (values.reproduce) {
      const { KernelEngine } = require('../../harness/kernel') as typeof import('../../harness/kernel');
      const { ensureDist } = require('../../harness/build') as typeof import('../../harness/build');
      ensureDist((l) => console.error(l));
      reproduce = { engine: new KernelEngine(), student: values.student, cellTimeout, log: (l: string) => console.error(l) };
    }
    const r = await gradeSubmissionsAsync({
      challenge: values.challenge!, labels: values.labels!, submissions: values.submissions!, out: values.out!,
      publicFraction: num('public-fraction', values['public-fraction']), maxPerGroup: num('max-per-group', values['max-per-group']), keep, rankBy,
      manifest: values.manifest, reproduce,
    });
    const count = (s: string): number => r.outcomes.filter((o) => o.status === s).length;
    console.log(`${r.challenge.id}: ${count('ranked')} ranked, ${count('not-ranked')} over the group limit, ${count('rejected')} rejected, ${count('ignored')} ignored (${r.rows.public === 0 ? `all ${r.rows.total} rows, no public part` : `${r.rows.public} public / ${r.rows.private} private rows`}).`);
    for (const o of r.leaderboard.slice(0, 5)) console.log(`  ${o.rank}. ${o.group}/${o.model}  ${r.primary} ${r.rows.public === 0 ? 'all rows' : r.rankBy} = ${o[r.rankBy]![r.primary]}${o.reproduction ? `  (${o.reproduction.status})` : ''}`);
    console.log(`leaderboard: ${displayText(values.out!)}/leaderboard.html (also .md, .csv, .json); feedback: ${displayText(values.out!)}/feedback/ (run ${r.run})`);
    return 0;
  },
};
