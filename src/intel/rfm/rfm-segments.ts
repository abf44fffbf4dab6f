/**
 * Named RFM segments from the R and F scores — the common 10-segment map used in CRM practice.
 * Every (R, F) pair belongs to exactly one segment:
 *
 * | R \ F | 1              | 2                   | 3                   | 4            | 5            |
 * |-------|----------------|---------------------|---------------------|--------------|--------------|
 * | 5     | New Customers  | Potential Loyalists | Potential Loyalists | Champions    | Champions    |
 * | 4     | Promising      | Potential Loyalists | Potential Loyalists | Loyal        | Loyal        |
 * | 3     | About to Sleep | About to Sleep      | Need Attention      | Loyal        | Loyal        |
 * | 2     | Hibernating    | Hibernating         | At Risk             | At Risk      | Can't Lose   |
 * | 1     | Hibernating    | Hibernating         | At Risk             | At Risk      | Can't Lose   |
 */
export const RFM_SEGMENTS = [
  "Champions",
  "Loyal",
  "Potential Loyalists",
  "New Customers",
  "Promising",
  "Need Attention",
  "About to Sleep",
  "At Risk",
  "Can't Lose",
  "Hibernating",
] as const;

export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 4) {
    if (f >= 4) return r === 5 ? "Champions" : "Loyal";
    if (f >= 2) return "Potential Loyalists";
    return r === 5 ? "New Customers" : "Promising";
  }
  if (r === 3) {
    if (f >= 4) return "Loyal";
    return f === 3 ? "Need Attention" : "About to Sleep";
  }
  if (f === 5) return "Can't Lose";
  return f >= 3 ? "At Risk" : "Hibernating";
}

/** Count per segment, in the table's order, zeros included so the shape is stable. */
export function rfmSegmentCounts(r: ArrayLike<number>, f: ArrayLike<number>): { name: RfmSegment; count: number }[] {
  const counts = new Map<RfmSegment, number>(RFM_SEGMENTS.map((s) => [s, 0]));
  for (let i = 0; i < r.length; i++) {
    const s = rfmSegment(r[i]!, f[i]!);
    counts.set(s, counts.get(s)! + 1);
  }
  return RFM_SEGMENTS.map((name) => ({ name, count: counts.get(name)! }));
}
