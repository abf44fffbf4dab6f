import { type Condition, childrenOf, type SegmentRecord, TesseraError, visitCondition } from "../model/index.js";
import { AllOperator } from "./operators/all-operator.js";
import { AnyOperator } from "./operators/any-operator.js";
import { BucketOperator } from "./operators/bucket-operator.js";
import { DidThenNotOperator } from "./operators/did-then-not-operator.js";
import { FirstOperator } from "./operators/first-operator.js";
import { InSegmentOperator } from "./operators/in-segment-operator.js";
import { LastOperator } from "./operators/last-operator.js";
import { NotOperator } from "./operators/not-operator.js";
import { isStateful, type LeafMemo, type OpNode } from "./operators/operator.js";
import { PerformedOperator } from "./operators/performed-operator.js";
import { SequenceOperator } from "./operators/sequence-operator.js";
import { TraitOperator } from "./operators/trait-operator.js";
import type { SlotStore } from "./stores/slot-store.js";
import { StoreRegistry } from "./stores/store-registry.js";

/** One segment of the plan: its own tree, its parent's plan index (−1: none) and the segments that read it. */
export interface PlannedSegment {
  index: number;
  record: SegmentRecord;
  root: OpNode;
  parent: number;
  dependents: number[];
  kinds: Set<string>;
}

const stepText = (path: Array<string | number>): string =>
  path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");

/**
 * Segments compiled for streaming: trees of operators, segments in topological order (a segment after everything it
 * reads through inSegment or parent), leaves that need the same evidence sharing one columnar store, and indexes from an event name or a
 * trait key to the stores and the segments (with their dependents) it can move.
 */
export class Plan {
  readonly segments: PlannedSegment[] = [];
  readonly byId = new Map<string, PlannedSegment>();
  /** Columnar state stores, one per distinct content (leaves needing the same evidence share one). */
  readonly stores: SlotStore[];
  /** Each store's content key: snapshots name states by it, so they survive a re-planned store order. */
  readonly storeKeys: string[];
  /** The stores some leaf can change by time alone through (those with timer offsets). */
  timedStores: SlotStore[] = [];
  /** Per event name: the stores it feeds, their timed-store bits, and the segments (with dependents) it can move. */
  readonly byEvent = new Map<
    string,
    { stores: SlotStore[]; timedBits: number; timedIdx: Int32Array; segments: Int32Array }
  >();
  readonly byTrait = new Map<string, Int32Array>();
  private readonly registry = new StoreRegistry();
  private readonly memos = new Map<string, LeafMemo>();
  /** Segments (with dependents) holding withinLast/olderThan trait leaves. */
  timeTraitSegments: Int32Array = new Int32Array(0);
  readonly timeTraits: TraitOperator[] = [];
  readonly ranked: TraitOperator[] = [];
  /** Ranked leaves that rank the same value the same way (one shared threshold), with their segments and dependents. */
  readonly rankGroups: Array<{ leaves: TraitOperator[]; segments: Int32Array }> = [];
  readonly allSegments: Int32Array;

  constructor(records: readonly SegmentRecord[]) {
    const byId = new Map(records.map((r) => [r.id, r]));
    const order: SegmentRecord[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (id: string, stack: string[], path: Array<string | number>): void => {
      const st = state.get(id);
      if (st === "done") return;
      if (st === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(id)), id];
        throw new TesseraError({
          code: "segment_cycle",
          path,
          message: `segments refer to each other in a cycle: ${cycle.join(" → ")}`,
          details: { cycle },
        });
      }
      const rec = byId.get(id);
      if (!rec) throw new TesseraError({ code: "unknown_segment", path, message: `no segment with id "${id}"` });
      state.set(id, "visiting");
      for (const dep of references(rec)) visit(dep.id, [...stack, id], dep.path);
      state.set(id, "done");
      order.push(rec);
    };
    for (const r of records) visit(r.id, [], []);
    for (const record of order) {
      const index = this.segments.length;
      const kinds = new Set<string>();
      const root = this.build(record.definition, [], kinds);
      const parent = record.parent === undefined ? -1 : this.byId.get(record.parent)!.index;
      const seg: PlannedSegment = { index, record, root, parent, dependents: [], kinds };
      this.segments.push(seg);
      this.byId.set(record.id, seg);
    }
    for (const seg of this.segments) {
      for (const dep of references(seg.record)) this.byId.get(dep.id)!.dependents.push(seg.index);
    }
    this.allSegments = Int32Array.from(this.segments.map((s) => s.index));
    this.stores = this.registry.stores;
    this.storeKeys = this.stores.map((s) => s.key);
    this.index();
  }

  private build(c: Condition, path: Array<string | number>, kinds: Set<string>): OpNode {
    const p = stepText(path);
    const reg = this.registry;
    const kids = (): OpNode[] => childrenOf(c).map(([step, child]) => this.build(child, [...path, ...step], kinds));
    const node = visitCondition<OpNode>(c, {
      all: () => new AllOperator(kids(), p),
      any: () => new AnyOperator(kids(), p),
      not: () => new NotOperator(kids()[0]!, p),
      trait: (n) => new TraitOperator(n, p),
      performed: (n) => new PerformedOperator(n, p, reg),
      first: (n) => new FirstOperator(n, p, reg),
      last: (n) => new LastOperator(n, p, reg),
      did: (n) => new DidThenNotOperator(n, p, reg),
      sequence: (n) => new SequenceOperator(n, p, reg),
      inSegment: (n) => new InSegmentOperator(n, p, this.byId.get(n.inSegment)!.index),
      bucket: (n) => new BucketOperator(n, p),
    });
    kinds.add(node.kind);
    if (isStateful(node)) {
      const key = JSON.stringify(c);
      const memo = this.memos.get(key);
      if (memo) node.memo = memo;
      else this.memos.set(key, node.memo);
    }
    if (node instanceof TraitOperator) {
      if (node.ranked) {
        node.rankIndex = this.ranked.length;
        this.ranked.push(node);
      } else if (node.node.op === "withinLast" || node.node.op === "olderThan") this.timeTraits.push(node);
    }
    return node;
  }

  /** Segment indices reachable from `start` through dependents, ascending (= topological order). */
  withDependents(start: Iterable<number>): Int32Array {
    const seen = new Set<number>();
    const stack = [...start];
    while (stack.length) {
      const i = stack.pop()!;
      if (seen.has(i)) continue;
      seen.add(i);
      stack.push(...this.segments[i]!.dependents);
    }
    return Int32Array.from([...seen].sort((a, b) => a - b));
  }

  private index(): void {
    const storeIndex = new Map(this.stores.map((s, i) => [s, i]));
    const eventStores = new Map<string, Set<number>>();
    /** Per store: offset → segments holding a leaf that may change at (anchor + offset). */
    const timers = this.stores.map(() => new Map<number, Set<number>>());
    const eventSegs = new Map<string, Set<number>>();
    const traitSegs = new Map<string, Set<number>>();
    const rankedSegs = this.ranked.map(() => new Set<number>());
    const timeSegs = new Set<number>();
    const add = (m: Map<string, Set<number>>, k: string, v: number): void => {
      let s = m.get(k);
      if (!s) {
        s = new Set();
        m.set(k, s);
      }
      s.add(v);
    };
    for (const seg of this.segments) {
      walk(seg.root, (n) => {
        if (isStateful(n)) {
          for (const store of n.stores) {
            for (const e of store.events) {
              add(eventStores, e, storeIndex.get(store)!);
              add(eventSegs, e, seg.index);
            }
          }
          const byOffset = timers[storeIndex.get(n.stores[0]!)!]!;
          for (const o of n.offsets) {
            let segs = byOffset.get(o);
            if (!segs) {
              segs = new Set();
              byOffset.set(o, segs);
            }
            segs.add(seg.index);
          }
        }
        if (n instanceof TraitOperator) {
          add(traitSegs, n.key, seg.index);
          // near falls back to the profile's top-level lat/lon traits (DESIGN §3): those move it too.
          if (n.node.op === "near") for (const k of ["lat", "lon"]) add(traitSegs, k, seg.index);
          if (n.rankIndex >= 0) rankedSegs[n.rankIndex]!.add(seg.index);
          if (n.node.op === "withinLast" || n.node.op === "olderThan") timeSegs.add(seg.index);
        }
      });
    }
    for (const [e, stores] of eventStores) {
      const list = [...stores].sort((a, b) => a - b).map((i) => this.stores[i]!);
      this.byEvent.set(e, {
        stores: list,
        timedBits: 0,
        timedIdx: new Int32Array(0),
        segments: this.withDependents(eventSegs.get(e) ?? []),
      });
    }
    timers.forEach((byOffset, i) => {
      const offsets = [...byOffset.keys()].sort((a, b) => a - b);
      this.stores[i]!.timers = {
        offsets: Float64Array.from(offsets),
        segments: offsets.map((o) => this.withDependents(byOffset.get(o)!)),
      };
    });
    this.timedStores = this.stores.filter((s) => s.timers.offsets.length > 0);
    // Bit i for the i-th timed store; the 32nd bit stands for "one of the 32nd and later".
    this.timedStores.forEach((s, i) => {
      s.timedBit = (1 << Math.min(i, 31)) >>> 0;
    });
    for (const hit of this.byEvent.values()) {
      hit.timedBits = hit.stores.reduce((m, s) => (m | s.timedBit) >>> 0, 0);
      hit.timedIdx = Int32Array.from(hit.stores.map((s) => this.timedStores.indexOf(s)).filter((i) => i >= 0));
    }
    for (const [k, segs] of traitSegs) this.byTrait.set(k, this.withDependents(segs));
    const groups = new Map<string, { leaves: TraitOperator[]; segs: Set<number> }>();
    this.ranked.forEach((leaf, i) => {
      const key = JSON.stringify([leaf.key, leaf.sub, leaf.node.op, leaf.node.value]);
      let g = groups.get(key);
      if (!g) {
        g = { leaves: [], segs: new Set() };
        groups.set(key, g);
      }
      g.leaves.push(leaf);
      for (const s of rankedSegs[i]!) g.segs.add(s);
    });
    for (const g of groups.values()) this.rankGroups.push({ leaves: g.leaves, segments: this.withDependents(g.segs) });
    this.timeTraitSegments = this.withDependents(timeSegs);
  }
}

export function walk(n: OpNode, fn: (n: OpNode) => void): void {
  fn(n);
  for (const c of n.children) walk(c, fn);
}

/** Segments a record reads: its parent and every inSegment, with the path that names each. */
function references(r: SegmentRecord): Array<{ id: string; path: Array<string | number> }> {
  const out: Array<{ id: string; path: Array<string | number> }> = [];
  if (r.parent !== undefined) out.push({ id: r.parent, path: ["parent"] });
  const go = (c: Condition, path: Array<string | number>): void => {
    if ("inSegment" in c) out.push({ id: c.inSegment, path });
    for (const [step, child] of childrenOf(c)) go(child, [...path, ...step]);
  };
  go(r.definition, ["definition"]);
  return out;
}
