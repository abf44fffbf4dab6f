import { bucketOf, type Holdout, holdoutSchema, TesseraError } from "../../model/index.js";
import type { Queryable, Store } from "../../store/index.js";
import { latestDefinition, putDefinition } from "./definition-store.js";

export const GLOBAL_HOLDOUT_ID = "global_holdout";

/** A member is held out iff bucketOf(salt, profileId) < percent — the same hash the `bucket` node and activation use. */
export const inHoldout = (holdout: Holdout | null | undefined, profileId: string): boolean =>
  holdout != null && holdout.percent > 0 && bucketOf(holdout.salt, profileId) < holdout.percent;

/** The workspace-wide holdout (definitions kind "setting", id "global_holdout"), or null when none is set. */
export async function getGlobalHoldout(db: Queryable): Promise<Holdout | null> {
  const h = await latestDefinition<Holdout & { version?: number }>(db, "setting", GLOBAL_HOLDOUT_ID);
  return h ? { percent: h.percent, salt: h.salt } : null;
}

export async function setGlobalHoldout(store: Store, input: unknown, at = Date.now()): Promise<Holdout> {
  const r = holdoutSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new TesseraError({
      code: "invalid_holdout",
      path: issue?.path.map(String) ?? [],
      message: `the global holdout must be {percent: 0–100, salt: string}: ${issue?.message ?? "invalid"}`,
    });
  }
  await putDefinition(store, "setting", GLOBAL_HOLDOUT_ID, "Global holdout", r.data, at);
  return r.data;
}

export interface HoldoutSplit {
  /** Members that are activated (in neither holdout). */
  treated: string[];
  /** Members held out by the segment's own holdout. */
  segmentHoldout: string[];
  /** Members held out only by the global holdout. */
  globalHoldout: string[];
}

/** Splits members into the activated group and the two control groups (segment holdout first, then global). */
export function splitHoldout(
  ids: readonly string[],
  segment: Holdout | null | undefined,
  global: Holdout | null,
): HoldoutSplit {
  const out: HoldoutSplit = { treated: [], segmentHoldout: [], globalHoldout: [] };
  for (const id of ids) {
    if (inHoldout(segment, id)) out.segmentHoldout.push(id);
    else if (inHoldout(global, id)) out.globalHoldout.push(id);
    else out.treated.push(id);
  }
  return out;
}
