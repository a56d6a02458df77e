/** The README.md of a challenge's student folder. */
import type { Challenge } from './challenge';
import { METRICS } from './metrics';

export function studentReadme(c: Challenge, rows: number, shape: number[], sha: string, source: string): string {
  const sub = c.submission;
  const shapeText = sub.kind === 'multiclass' ? `[${rows}, ${sub.classes}] (class probabilities, rows summing to 1)` : `[${rows}] or [${rows}, 1]`;
  const metrics = c.metrics.map((m) => `- ${m.label ?? METRICS[m.name].label}${m.name === c.primary || m.label === c.primary ? ' (ranks the leaderboard)' : ''}`);
  return [
    `# ${c.title}`,
    '',
    c.description ?? '',
    '',
    '## Files',
    '',
    `- \`test_features.npy\`: float32 features of shape [${shape.join(', ')}], one row per test event (no labels).`,
    `- \`ids.npy\`: the id of each row (int32), in the same order. CSV submissions use these ids.`,
    ...(shape.length === 2 ? ['- `feature_names.json`: the name of each feature column.'] : []),
    '- `challenge.json`: the rules below, machine-readable (`writeSubmission` reads them).',
    '',
    '## Submitting',
    '',
    `Write one file per model, \`submission_predictions/<group>__<model>.npy\`: float32 scores of shape ${shapeText}, in the order of \`ids.npy\`` +
      `${sub.probabilities ? ', values in [0, 1]' : ''}. Group and model names use letters, digits, \`_\` and \`-\` only, and are compared without case: ` +
      '`Team__dnn.npy` and `team__DNN.csv` are one submission, and two such files are both refused.',
    'A `.csv` file with a header `id,score` (or `id,<one column per class>`) is accepted too.',
    '',
    '```ts',
    `import { writeSubmission } from 'hepml-course';`,
    `writeSubmission(yScore, { challenge: '<this folder>', group: 'team_03', model: 'dnn' }); // checks it with the grader's own rules`,
    '```',
    '',
    `At most ${c.maxPerGroup} submissions per group are ranked${c.keep === 'latest' ? ' (the latest ones)' : ' (your best ones on the public part)'}.` +
      `${c.deadline ? ` Deadline: ${c.deadline} (the time your file is collected counts, not its file time).` : ''}`,
    'Optionally put the notebook that wrote a file beside it (`<group>__<model>.ipynb`): the instructor can rerun it (`hepml grade --reproduce`, in a fresh folder holding this folder as `student/`: read `student/test_features.npy` and write with `writeSubmission`) and mark the submission "reproduced".',
    '',
    '## Scoring',
    '',
    ...metrics,
    '',
    c.publicFraction > 0
      ? `The leaderboard shows a public part (about ${Math.round(c.publicFraction * 100)}% of the rows, chosen by a hash of the row id) and a private part that decides the final ranking.`
      : 'Every submission is scored on all test rows (there is no public part).',
    '',
    '## Integrity',
    '',
    `The hidden labels file has sha256 \`${sha}\` (made from ${source}, ${rows} rows).`,
    '',
  ].filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
}
