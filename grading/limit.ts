/**
 * The per-group submission limit: each group is ranked with at most N of its valid submissions,
 * either its best N by public score (default, as Kaggle's "selected submissions") or its latest N by
 * file time. Ties break by model name so the choice is deterministic.
 */

export type KeepRule = 'best' | 'latest';

export interface LimitCandidate {
  group: string;
  model: string;
  /** Primary metric on the public part. */
  publicScore: number;
  mtimeMs: number;
}

/** A sentence for the leaderboard footer and for the feedback of dropped submissions. */
export function describeLimit(max: number, keep: KeepRule, higherIsBetter: boolean, noPublicPart = false): string {
  return keep === 'best'
    ? `at most ${max} submission(s) per group are ranked: the best ${max} by ${noPublicPart ? 'score (no public part)' : 'public score'} (${higherIsBetter ? 'highest' : 'lowest'} first)`
    : `at most ${max} submission(s) per group are ranked: the latest ${max} by submission time`;
}

/**
 * Splits candidates into kept and dropped under the per-group limit.
 * @returns a Set of kept candidates (same objects)
 */
export function applyGroupLimit<T extends LimitCandidate>(items: readonly T[], max: number, keep: KeepRule, higherIsBetter: boolean): Set<T> {
  const byGroup = new Map<string, T[]>();
  for (const it of items) {
    const list = byGroup.get(it.group) ?? [];
    list.push(it);
    byGroup.set(it.group, list);
  }
  const kept = new Set<T>();
  for (const list of byGroup.values()) {
    list.sort((a, b) => {
      if (keep === 'latest' && a.mtimeMs !== b.mtimeMs) return b.mtimeMs - a.mtimeMs;
      if (keep === 'best' && a.publicScore !== b.publicScore) {
        const d = higherIsBetter ? b.publicScore - a.publicScore : a.publicScore - b.publicScore;
        if (!Number.isNaN(d)) return d;
        return Number.isNaN(a.publicScore) ? 1 : -1;
      }
      return a.model < b.model ? -1 : a.model > b.model ? 1 : 0;
    });
    for (const it of list.slice(0, max)) kept.add(it);
  }
  return kept;
}
