import { type Cmp, formatDuration, type PerformedNode, parseDuration } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { propPredicate } from "../event-filter.js";
import type { InstantStore } from "../stores/instant-store.js";
import { RingStore } from "../stores/ring-store.js";
import { firstAfter, type SlotStore } from "../stores/slot-store.js";
import type { StoreRegistry } from "../stores/store-registry.js";
import { TotalsStore } from "../stores/totals-store.js";
import { cmpHolds, cmpText, countCap } from "./cmp.js";
import { type Evidence, INF, LeafMemo, leafLabel, type ReasonHint, type StatefulLeaf } from "./operator.js";

const DEFAULT_COUNT: Cmp = { op: "gte", value: 1 };
const NEG = Number.NEGATIVE_INFINITY;

/**
 * `performed`: matching events in (t − within, t] (or [from, to), or all time) compared by count and optionally an
 * aggregate. A window that only asks "at least once"/"never" reads the shared column of latest times; other count
 * windows keep the newest `cap` times (countCap); an aggregate window one number per event still in the window;
 * all-time keeps totals. Leaves with the same event, filter and window share one store.
 */
export class PerformedOperator implements StatefulLeaf {
  readonly kind = "performed" as const;
  readonly children = [];
  readonly label: string;
  readonly stores: readonly SlotStore[];
  readonly offsets: readonly number[];
  memo = new LeafMemo();
  private readonly latest: InstantStore | null = null;
  private readonly ring: RingStore | null = null;
  private readonly totals: TotalsStore | null = null;
  private readonly windowMs: number;
  private readonly count: Cmp;
  private readonly cap: number;
  private readonly fn: string | undefined;
  private readonly span: string;
  /** Aggregate of the last measure (NaN when SQL's would be NULL: empty avg/min/max). */
  private agg = Number.NaN;

  constructor(
    readonly node: PerformedNode,
    readonly path: string,
    reg: StoreRegistry,
  ) {
    const e = node.performed;
    this.label = leafLabel("performed", e);
    this.count = node.count ?? DEFAULT_COUNT;
    this.fn = node.agg?.fn;
    const aggPath = node.agg ? node.agg.property.split(".") : null;
    const distinct = this.fn === "distinct";
    this.cap = node.agg ? INF : countCap(this.count);
    this.windowMs = node.within === undefined ? INF : parseDuration(node.within);
    const where = JSON.stringify([e, node.where ?? []]);
    const match = () => propPredicate(node.where);
    if (node.within !== undefined && this.cap === 1) {
      this.latest = reg.instant(e, node.where, true);
      this.stores = [this.latest];
    } else if (node.within !== undefined) {
      const key = `ring ${where} ${this.windowMs} ${this.cap} ${node.agg?.property ?? ""} ${distinct}`;
      const w = this.windowMs;
      this.ring = reg.get(key, () => new RingStore(key, e, match(), w, this.cap, aggPath, distinct));
      this.stores = [this.ring];
    } else {
      const from = node.between ? Date.parse(node.between[0]) : NEG;
      const to = node.between ? Date.parse(node.between[1]) : INF;
      const key = `totals ${where} ${from} ${to} ${node.agg?.property ?? ""} ${distinct}`;
      this.totals = reg.get(key, () => new TotalsStore(key, e, match(), from, to, aggPath, distinct));
      this.stores = [this.totals];
    }
    this.offsets = node.within === undefined ? [] : [this.windowMs];
    this.span =
      node.within !== undefined
        ? ` in ${formatDuration(this.windowMs)}`
        : node.between
          ? ` in [${node.between[0]}, ${node.between[1]})`
          : "";
  }

  /** Count at t; sets `this.agg` (NaN when SQL's aggregate would be NULL). */
  private measure(p: number, t: number): number {
    const fn = this.fn;
    if (this.latest) {
      const l = this.latest.at(p);
      return l > t - this.windowMs && l <= t ? 1 : 0;
    }
    if (this.totals) {
      const s = this.totals.slots[p];
      if (!s) {
        this.agg = fn === "sum" || fn === "distinct" ? 0 : Number.NaN;
        return 0;
      }
      if (fn === "sum") this.agg = s.sum;
      else if (fn === "distinct") this.agg = s.keys?.length ?? 0;
      else if (s.nums === 0) this.agg = Number.NaN;
      else this.agg = fn === "avg" ? s.sum / s.nums : fn === "min" ? s.min : s.max;
      return s.count;
    }
    const ring = this.ring!;
    const r = ring.slots[p];
    if (!r) {
      this.agg = fn === "sum" || fn === "distinct" ? 0 : Number.NaN;
      return 0;
    }
    const k = ring.stride;
    const start = firstAfter(r, k, t - this.windowMs);
    const end = firstAfter(r, k, t);
    if (!fn) return end - start;
    let sum = 0;
    let nums = 0;
    let min = INF;
    let max = NEG;
    const seen = fn === "distinct" ? new Set<number>() : null;
    for (let i = start; i < end; i++) {
      const v = r[i * 2 + 1]!;
      if (Number.isNaN(v)) continue;
      if (seen) seen.add(v);
      sum += v;
      nums++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (seen) this.agg = seen.size;
    else if (fn === "sum") this.agg = sum;
    else if (nums === 0) this.agg = Number.NaN;
    else this.agg = fn === "avg" ? sum / nums : fn === "min" ? min : max;
    return end - start;
  }

  value(ctx: EvalContext): boolean {
    const m = this.memo;
    if (m.epoch !== ctx.epoch) {
      m.value = this.compute(ctx);
      m.epoch = ctx.epoch;
    }
    return m.value;
  }

  private compute(ctx: EvalContext): boolean {
    const count = this.measure(ctx.profile.num, ctx.t);
    if (!cmpHolds(count, this.count)) return false;
    const agg = this.node.agg;
    return agg === undefined || (!Number.isNaN(this.agg) && cmpHolds(this.agg, agg));
  }

  wake(ctx: EvalContext): number {
    const p = ctx.profile.num;
    if (this.latest) {
      const l = this.latest.at(p);
      return l + this.windowMs > ctx.t ? l + this.windowMs : INF;
    }
    const r = this.ring?.slots[p];
    if (!r) return INF;
    const k = this.ring!.stride;
    const i = firstAfter(r, k, ctx.t - this.windowMs);
    return i * k < r.length ? r[i * k]! + this.windowMs : INF;
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    this.agg = Number.NaN;
    e.a = this.measure(ctx.profile.num, ctx.t);
    e.b = this.agg;
  }

  render(e: Evidence): string {
    const count = e.a;
    const shownCount = this.cap !== INF && count >= this.cap ? `${count}+` : `${count}`;
    let text = `count ${shownCount}${this.span} ${cmpText(this.count)}`;
    const agg = this.node.agg;
    if (agg) text += `, ${agg.fn}(${agg.property}) ${Number.isNaN(e.b) ? "none" : e.b} ${cmpText(agg)}`;
    return text;
  }

  touches(h: ReasonHint): boolean {
    return h.event === this.node.performed;
  }
}
