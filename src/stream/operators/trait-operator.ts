import type { TraitNode } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { asNumber, pathGet } from "../json-value.js";
import { valueTest, valueTestWake } from "../value-test.js";
import { type Evidence, INF, type OpNode, type ReasonHint } from "./operator.js";

/** "address.city" → key "address", sub ["city"]; "$rfm.score" → key "$rfm" (computed), sub ["score"]. */
export function splitTraitPath(trait: string): { key: string; sub: string[] } {
  const computed = trait.startsWith("$");
  const [key = "", ...sub] = (computed ? trait.slice(1) : trait).split(".");
  return { key: computed ? `$${key}` : key, sub };
}

/**
 * The point `near` measures from: the trait itself when it holds numeric {lat, lon}, else the profile's top-level
 * `lat` and `lon` traits (DESIGN §3), exactly as the SQL compiler reads them.
 */
function geoOf(ctx: EvalContext, v: unknown): unknown {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (asNumber(o["lat"]) !== undefined && asNumber(o["lon"]) !== undefined) return v;
  }
  const lat = asNumber(ctx.profile.trait("lat")?.v);
  const lon = asNumber(ctx.profile.trait("lon")?.v);
  return lat === undefined || lon === undefined ? v : { lat, lon };
}

/**
 * `trait`: a comparison on the profile's trait at t (the latest value by (ts, seq)). withinLast/olderThan change
 * with the clock alone and report a wake-up; topPercent/bottomPercent compare with a population threshold the
 * evaluator's ranker recomputes on a schedule (rankIndex ≥ 0 marks them).
 */
export class TraitOperator implements OpNode {
  readonly kind = "trait" as const;
  readonly children = [];
  readonly label: string;
  readonly key: string;
  readonly sub: string[];
  /** Index into the evaluator's rankers for top/bottom percent; −1 otherwise. */
  rankIndex = -1;

  constructor(
    readonly node: TraitNode,
    readonly path: string,
  ) {
    this.label = `trait ${node.trait}`;
    const { key, sub } = splitTraitPath(node.trait);
    this.key = key;
    this.sub = sub;
  }

  get ranked(): boolean {
    return this.node.op === "topPercent" || this.node.op === "bottomPercent";
  }

  /** The raw value at t (undefined when absent). */
  read(ctx: EvalContext): unknown {
    const cell = ctx.profile.trait(this.key);
    const v = cell === undefined ? undefined : this.sub.length ? pathGet(cell.v, this.sub) : cell.v;
    return this.node.op === "near" ? geoOf(ctx, v) : v;
  }

  /** The numeric value the ranker orders (undefined: not ranked). */
  rankValue(v: unknown): number | undefined {
    return asNumber(this.sub.length ? pathGet(v, this.sub) : v);
  }

  value(ctx: EvalContext): boolean {
    const x = this.read(ctx);
    if (this.ranked) {
      const n = asNumber(x);
      const thr = ctx.threshold(this.rankIndex);
      if (n === undefined || thr === undefined) return false;
      return this.node.op === "topPercent" ? n >= thr : n <= thr;
    }
    return valueTest(x, this.node.op, this.node.value, ctx.t);
  }

  wake(ctx: EvalContext): number {
    if (this.node.op !== "withinLast" && this.node.op !== "olderThan") return INF;
    return valueTestWake(this.read(ctx), this.node.op, this.node.value, ctx.t);
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    e.x = this.read(ctx);
    e.a = this.ranked ? (ctx.threshold(this.rankIndex) ?? Number.NaN) : 0;
  }

  render(e: Evidence): string {
    const x = e.x;
    const shown = x === undefined ? "missing" : JSON.stringify(x);
    if (this.ranked) {
      const side = this.node.op === "topPercent" ? "≥" : "≤";
      const thr = Number.isNaN(e.a) ? "none" : e.a;
      return `${shown}, ${this.node.op} ${String(this.node.value)} (threshold ${side} ${thr})`;
    }
    const v = this.node.value === undefined ? "" : ` ${JSON.stringify(this.node.value)}`;
    return `${shown} ${this.node.op}${v}`;
  }

  touches(h: ReasonHint): boolean {
    return h.trait === this.key;
  }
}
