import type { EvalContext } from "./eval-context.js";
import type { Plan } from "./plan.js";
import type { ProfileState } from "./profile-state.js";

/**
 * Per segment: 1 if an empty profile (no state, no traits) is a member, 0 if not, 2 if that depends on the profile id
 * (`bucket`, or a segment reading one). With no state every other node's value is the same for all profiles at all
 * instants, so a new profile takes these instead of evaluating every segment. `phantom` is a profile number that
 * never gets state; the context is restored afterwards.
 */
export function emptyProfileValues(plan: Plan, ctx: EvalContext, phantom: ProfileState): Uint8Array {
  const segs = plan.segments;
  const out = new Uint8Array(segs.length);
  const saved = ctx.profile;
  ctx.profile = phantom;
  ctx.t = 0;
  ctx.epoch++;
  for (const seg of segs) {
    if (seg.kinds.has("bucket")) out[seg.index] = 2;
    if (out[seg.index] === 2) {
      for (const d of seg.dependents) out[d] = 2;
      continue;
    }
    const v = (seg.parent < 0 || phantom.isMember(seg.parent)) && seg.root.value(ctx);
    phantom.setMember(seg.index, v);
    out[seg.index] = v ? 1 : 0;
  }
  ctx.profile = saved;
  ctx.epoch++;
  return out;
}
