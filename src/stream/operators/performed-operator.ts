import { type Cmp, formatDuration, type PerformedNode, parseDuration } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { type PropPredicate, propPredicate } from "../event-filter.js";
import { asNumber, distinctKey, pathGet } from "../json-value.js";
import { cmpHolds, cmpText, countCap } from "./cmp.js";
import { type EventView, type Evidence, INF, leafLabel, type ReasonHint, type StatefulLeaf } from "./operator.js";
import {
  newRing,
  ringDecode,
  ringDropUpTo,
  ringEncode,
  ringFirstAfter,
  ringInsert,
  ringMerge,
  type TimeRing,
} from "./time-ring.js";

/** All-time totals (no `within`): order-insensitive, so late events and merges just add. */
interface Totals {
  count: number;
  sum: number;
  nums: number;
  min: number;
  max: number;
  keys: number[] | null;
}

/** A window that only asks "at least one" keeps just the latest matching time (a number, no arrays). */
type PerformedState = TimeRing | Totals | number;

/** Distinct values are interned once per process, so a window keeps one number per event, not a string. */
const interned = new Map<string, number>();
const internedNames: string[] = [];
const intern = (k: string): number => {
  let id = interned.get(k);
  if (id === undefined) {
    id = internedNames.length;
    interned.set(k, id);
    internedNames.push(k);
  }
  return id;
};
const nameOf = (id: number): string | null => (Number.isNaN(id) ? null : (internedNames[id] ?? null));
const idOf = (name: unknown): number => (typeof name === "string" ? intern(name) : Number.NaN);

const DEFAULT_COUNT: Cmp = { op: "gte", value: 1 };

/**
 * `performed`: matching events in (t − within, t] (or [from, to), or all time) compared by count and optionally an
 * aggregate. A count-only window keeps just the newest `cap` timestamps (countCap); an aggregate window keeps one
 * number per event still in the window; all-time keeps totals.
 */
export class PerformedOperator implements StatefulLeaf<PerformedState> {
  readonly kind = "performed" as const;
  readonly children = [];
  readonly label: string;
  readonly events: readonly string[];
  slot = -1;
  private readonly match: PropPredicate;
  private readonly windowMs: number | undefined;
  private readonly from: number;
  private readonly to: number;
  private readonly count: Cmp;
  private readonly cap: number;
  private readonly aggPath: string[] | null;

  constructor(
    readonly node: PerformedNode,
    readonly path: string,
  ) {
    this.label = leafLabel("performed", node.performed);
    this.events = [node.performed];
    this.match = propPredicate(node.where);
    this.windowMs = node.within === undefined ? undefined : parseDuration(node.within);
    this.from = node.between ? Date.parse(node.between[0]) : Number.NEGATIVE_INFINITY;
    this.to = node.between ? Date.parse(node.between[1]) : INF;
    this.count = node.count ?? DEFAULT_COUNT;
    this.aggPath = node.agg ? node.agg.property.split(".") : null;
    this.cap = node.agg ? INF : countCap(this.count);
  }

  /** Count-only window with cap 1: the state is the latest matching time. */
  private get latestOnly(): boolean {
    return this.windowMs !== undefined && this.cap === 1;
  }

  init(): PerformedState {
    if (this.latestOnly) return Number.NEGATIVE_INFINITY;
    if (this.windowMs !== undefined) return newRing(this.aggPath !== null);
    return { count: 0, sum: 0, nums: 0, min: INF, max: Number.NEGATIVE_INFINITY, keys: null };
  }

  private aggValue(props: Record<string, unknown> | null): number {
    if (!this.aggPath) return 0;
    const x = pathGet(props, this.aggPath);
    if (this.node.agg?.fn === "distinct") {
      const k = distinctKey(x);
      return k === undefined ? Number.NaN : intern(k);
    }
    return asNumber(x) ?? Number.NaN;
  }

  apply(s: PerformedState, ev: EventView, clock: number): PerformedState {
    if (ev.ts < this.from || ev.ts >= this.to || !this.match(ev.properties)) return s;
    if (typeof s === "number") return ev.ts > s ? ev.ts : s;
    const v = this.aggValue(ev.properties);
    if ("n" in s) {
      if (ev.ts > clock - this.windowMs!) ringInsert(s, ev.ts, v, this.cap);
      return s;
    }
    s.count++;
    if (this.aggPath && !Number.isNaN(v)) {
      if (this.node.agg?.fn === "distinct") {
        s.keys ??= [];
        if (!s.keys.includes(v)) s.keys.push(v);
      } else {
        s.sum += v;
        s.nums++;
        if (v < s.min) s.min = v;
        if (v > s.max) s.max = v;
      }
    }
    return s;
  }

  merge(a: PerformedState, b: PerformedState, clock: number): PerformedState {
    if (typeof a === "number" || typeof b === "number") return Math.max(a as number, b as number);
    if ("n" in a && "n" in b) return this.prune(ringMerge(a, b, this.cap), clock);
    const x = a as Totals;
    const y = b as Totals;
    x.count += y.count;
    x.sum += y.sum;
    x.nums += y.nums;
    x.min = Math.min(x.min, y.min);
    x.max = Math.max(x.max, y.max);
    if (y.keys) {
      x.keys ??= [];
      for (const k of y.keys) if (!x.keys.includes(k)) x.keys.push(k);
    }
    return x;
  }

  prune(s: PerformedState, clock: number): PerformedState {
    if (typeof s === "number") return s;
    if ("n" in s) ringDropUpTo(s, clock - this.windowMs!);
    return s;
  }

  /** Count and aggregate at t (aggregate undefined when SQL's would be NULL: empty avg/min/max). */
  private measure(s: PerformedState | undefined, t: number): { count: number; agg: number | undefined } {
    const fn = this.node.agg?.fn;
    if (s === undefined) return { count: 0, agg: fn === "sum" || fn === "distinct" ? 0 : undefined };
    if (typeof s === "number") return { count: s > t - this.windowMs! && s <= t ? 1 : 0, agg: undefined };
    if (!("n" in s)) {
      const agg =
        fn === "sum"
          ? s.sum
          : fn === "distinct"
            ? (s.keys?.length ?? 0)
            : s.nums === 0
              ? undefined
              : fn === "avg"
                ? s.sum / s.nums
                : fn === "min"
                  ? s.min
                  : s.max;
      return { count: s.count, agg };
    }
    const start = ringFirstAfter(s, t - this.windowMs!);
    const end = ringFirstAfter(s, t);
    const count = end - start;
    if (!fn || !s.vs) return { count, agg: undefined };
    let sum = 0;
    let nums = 0;
    let min = INF;
    let max = Number.NEGATIVE_INFINITY;
    const seen = fn === "distinct" ? new Set<number>() : null;
    for (let i = start; i < end; i++) {
      const v = s.vs[i]!;
      if (Number.isNaN(v)) continue;
      if (seen) seen.add(v);
      sum += v;
      nums++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (seen) return { count, agg: seen.size };
    if (fn === "sum") return { count, agg: sum };
    if (nums === 0) return { count, agg: undefined };
    return { count, agg: fn === "avg" ? sum / nums : fn === "min" ? min : max };
  }

  value(ctx: EvalContext): boolean {
    const m = this.measure(ctx.profile.state(this.slot) as PerformedState | undefined, ctx.t);
    if (!cmpHolds(m.count, this.count)) return false;
    const agg = this.node.agg;
    return agg === undefined || (m.agg !== undefined && cmpHolds(m.agg, agg));
  }

  wake(ctx: EvalContext): number {
    const s = ctx.profile.state(this.slot) as PerformedState | undefined;
    if (typeof s === "number") return s + this.windowMs! > ctx.t ? s + this.windowMs! : INF;
    if (s === undefined || !("n" in s) || this.windowMs === undefined) return INF;
    const i = ringFirstAfter(s, ctx.t - this.windowMs);
    return i < s.n ? s.ts[i]! + this.windowMs : INF;
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    const m = this.measure(ctx.profile.state(this.slot) as PerformedState | undefined, ctx.t);
    e.a = m.count;
    e.b = m.agg ?? Number.NaN;
  }

  render(e: Evidence): string {
    const m = { count: e.a, agg: Number.isNaN(e.b) ? undefined : e.b };
    const span =
      this.windowMs !== undefined
        ? ` in ${formatDuration(this.windowMs)}`
        : this.node.between
          ? ` in [${this.node.between[0]}, ${this.node.between[1]})`
          : "";
    const shownCount = this.cap !== INF && m.count >= this.cap ? `${m.count}+` : `${m.count}`;
    let text = `count ${shownCount}${span} ${cmpText(this.count)}`;
    const agg = this.node.agg;
    if (agg) text += `, ${agg.fn}(${agg.property}) ${m.agg ?? "none"} ${cmpText(agg)}`;
    return text;
  }

  touches(h: ReasonHint): boolean {
    return h.event === this.node.performed;
  }

  /** Snapshot form: distinct values travel as their text (interned ids are per process). */
  encode(s: PerformedState): unknown {
    if (typeof s === "number") return { l: Number.isFinite(s) ? s : null };
    const distinct = this.node.agg?.fn === "distinct";
    if ("n" in s) {
      const r = ringEncode(s) as { ts: number[]; vs?: (number | null)[] };
      return { r: distinct && r.vs ? { ts: r.ts, ks: r.vs.map((v) => nameOf(v ?? Number.NaN)) } : r };
    }
    return { t: { ...s, keys: s.keys ? s.keys.map(nameOf) : null } };
  }

  decode(data: unknown): PerformedState {
    const d = data as {
      r?: { ts: number[]; vs?: (number | null)[]; ks?: (string | null)[] };
      t?: Totals;
      l?: number | null;
    };
    if ("l" in d) return d.l ?? Number.NEGATIVE_INFINITY;
    if (d.r !== undefined) {
      const r = d.r.ks ? { ts: d.r.ts, vs: d.r.ks.map(idOf) } : d.r;
      return ringDecode(r);
    }
    const t = d.t!;
    const keys = t.keys ? (t.keys as unknown[]).map(idOf) : null;
    return { ...t, keys, min: t.min ?? INF, max: t.max ?? Number.NEGATIVE_INFINITY };
  }
}
