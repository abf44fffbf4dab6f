/**
 * Lead scoring: points per event type and per profile property, event points decaying with a half-life, and a
 * letter grade from thresholds. score = Σₑ points(e) · 0.5^(age(e) / halfLife) + Σ matching property points.
 */
export interface LeadScoringRules {
  /** Points per event name, e.g. { "Product Viewed": 1, "Product Added": 3 }. Unlisted events score 0. */
  events: Record<string, number>;
  /** Property rules: points when the profile's property equals the value (or any of the values). Not decayed. */
  properties?: {
    property: string;
    equals: string | number | boolean | readonly (string | number | boolean)[];
    points: number;
  }[];
  /** Half-life of event points in days; omit for no decay. */
  halfLifeDays?: number;
  /** Grades from best to worst, each with its minimum score; the first one reached wins. */
  grades?: { grade: string; min: number }[];
  /** Grade for scores below every threshold. */
  fallbackGrade?: string;
}

export interface LeadEvent {
  event: string;
  /** Epoch ms. */
  at: number;
}

export interface LeadScore {
  score: number;
  grade: string;
}

export const DEFAULT_LEAD_GRADES = [
  { grade: "A", min: 50 },
  { grade: "B", min: 20 },
  { grade: "C", min: 5 },
];

const DAY_MS = 86_400_000;

export function leadScore(
  events: readonly LeadEvent[],
  properties: Readonly<Record<string, unknown>>,
  rules: LeadScoringRules,
  now: number,
): LeadScore {
  let score = 0;
  const halfLife = rules.halfLifeDays;
  for (const e of events) {
    const points = rules.events[e.event];
    if (points === undefined || e.at > now) continue;
    const decay = halfLife === undefined ? 1 : 0.5 ** ((now - e.at) / (halfLife * DAY_MS));
    score += points * decay;
  }
  for (const rule of rules.properties ?? []) {
    const v = properties[rule.property];
    const wanted: readonly unknown[] = Array.isArray(rule.equals) ? rule.equals : [rule.equals];
    if (v !== undefined && wanted.includes(v)) score += rule.points;
  }
  const grades = rules.grades ?? DEFAULT_LEAD_GRADES;
  const grade = grades.find((g) => score >= g.min)?.grade ?? rules.fallbackGrade ?? "D";
  return { score, grade };
}
