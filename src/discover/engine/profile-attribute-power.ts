import { TesseraError } from "../../model/index.js";
import { SegmentService } from "../../segments/index.js";
import type { Store } from "../../store/index.js";
import { type AttributePower, type AttributeValue, attributePower } from "../attribute-power.js";
import { gatherFeatures } from "./feature-rows.js";

/** Event aggregates always offered as candidate features when none are named. */
export const DEFAULT_AGGREGATES = ["orders_180d", "revenue_180d", "sessions_30d"] as const;
const MAX_DEFAULT_TRAITS = 20;
const MAX_DEFAULT_TARGETS = 10;
/** Default categorical traits have at most this many distinct values (ids and e-mails are left out). */
const MAX_LEVELS = 50;

/** `GET /api/discover/attribute-power`: one row per feature, one column per target, power in 0..1. */
export interface PowerMatrix {
  features: string[];
  targets: string[];
  matrix: number[][];
  /** Per target, every feature ranked by power (the full `attributePower` record). */
  ranked: Record<string, AttributePower[]>;
  /** Per target: profiles with the target known, and positives among them. */
  rows: Record<string, { n: number; positives: number }>;
}

const scalar = (v: unknown): AttributeValue =>
  v === undefined || v === null || typeof v === "object" ? undefined : (v as string | number | boolean);

const truthy = (v: unknown): boolean | undefined =>
  v === undefined || v === null
    ? undefined
    : v === true || v === 1 || (typeof v === "string" && ["true", "yes", "y", "1"].includes(v.toLowerCase()));

/**
 * Predictive power of profile features for targets. A target is a segment id (positive = member at asOf) or a
 * feature (a trait, `$computed.path` or event aggregate; positive = true / 1 / "yes", or equal to `positive`
 * when given; profiles without it are left out). Without features: the most common numeric traits and categorical traits of ≤ 50 levels, and
 * DEFAULT_AGGREGATES; without targets: the saved segments.
 */
export async function profileAttributePower(
  store: Store,
  q: { targets?: string[]; features?: string[]; positive?: string; asOf?: number },
): Promise<PowerMatrix> {
  const asOf = q.asOf ?? Date.now();
  const segments = new SegmentService(store, () => asOf);
  const saved = await segments.list();
  const targets = q.targets?.length ? q.targets : saved.slice(0, MAX_DEFAULT_TARGETS).map((s) => s.id);
  const features = q.features?.length ? q.features : await defaultFeatures(store);
  const rows = await gatherFeatures(store, features, asOf);
  const out: PowerMatrix = { features, targets, matrix: features.map(() => []), ranked: {}, rows: {} };
  const bySeg = new Map(saved.map((s) => [s.id, s]));
  for (const [ti, target] of targets.entries()) {
    let label: (boolean | undefined)[];
    const seg = bySeg.get(target);
    if (seg) {
      const r = await segments.evaluate(seg.definition, {
        asOf,
        members: true,
        ...(seg.parent !== undefined && { parent: seg.parent }),
      });
      const members = new Set(r.members ?? []);
      label = rows.ids.map((id) => members.has(id));
    } else {
      const t = await gatherFeatures(store, [target], asOf).catch((e: unknown) => {
        throw e instanceof TesseraError
          ? new TesseraError({
              code: "discover_bad_target",
              path: ["target", ti],
              message: `target "${target}" is neither a segment id nor a trait`,
            })
          : e;
      });
      const byId = new Map(t.ids.map((id, i) => [id, t.values[i]![0]]));
      label = rows.ids.map((id) => {
        const v = byId.get(id);
        if (v === undefined || v === null) return undefined;
        return q.positive !== undefined ? String(v) === q.positive : truthy(v);
      });
    }
    const keep = label.flatMap((l, i) => (l === undefined ? [] : [i]));
    if (!seg && keep.length === 0) {
      throw new TesseraError({
        code: "discover_bad_target",
        path: ["target", ti],
        message: `target "${target}" is neither a segment id nor a trait any profile has`,
      });
    }
    const positive = keep.map((i) => label[i]!);
    const ranked = attributePower(
      features.map((name, j) => ({ name, values: keep.map((i) => scalar(rows.values[i]![j])) })),
      positive,
    );
    const power = new Map(ranked.map((a) => [a.name, a.power]));
    features.forEach((f, j) => {
      out.matrix[j]!.push(power.get(f) ?? 0);
    });
    out.ranked[target] = ranked;
    out.rows[target] = { n: keep.length, positives: positive.filter(Boolean).length };
  }
  return out;
}

async function defaultFeatures(store: Store): Promise<string[]> {
  const rows = await store.all<{ key: string }>(
    `SELECT key FROM trait_values GROUP BY key
     HAVING count(*) FILTER (WHERE json_type(value::JSON) IN ('BIGINT', 'UBIGINT', 'DOUBLE')) >= 0.9 * count(*)
        OR (count(DISTINCT value) <= ${MAX_LEVELS}
            AND count(*) FILTER (WHERE json_type(value::JSON) IN ('VARCHAR', 'BOOLEAN')) >= 0.9 * count(*))
     ORDER BY count(DISTINCT profile_id) DESC, key LIMIT ${MAX_DEFAULT_TRAITS}`,
  );
  return [...rows.map((r) => r.key).sort(), ...DEFAULT_AGGREGATES];
}
