import { type Condition, childrenOf, type SegmentRecord, TesseraError, visitCondition } from "../model/index.js";
import { AllOperator } from "./operators/all-operator.js";
import { AnyOperator } from "./operators/any-operator.js";
import { BucketOperator } from "./operators/bucket-operator.js";
import { DidThenNotOperator } from "./operators/did-then-not-operator.js";
import { FirstOperator } from "./operators/first-operator.js";
import { InSegmentOperator } from "./operators/in-segment-operator.js";
import { LastOperator } from "./operators/last-operator.js";
import { NotOperator } from "./operators/not-operator.js";
import { isStateful, type OpNode, type StatefulLeaf } from "./operators/operator.js";
import { PerformedOperator } from "./operators/performed-operator.js";
import { SequenceOperator } from "./operators/sequence-operator.js";
import { TraitOperator } from "./operators/trait-operator.js";

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
 * reads through inSegment or parent), identical leaves sharing one state slot, and indexes from an event name or a
 * trait key to the state slots and the segments (with their dependents) it can move.
 */
export class Plan {
  readonly segments: PlannedSegment[] = [];
  readonly byId = new Map<string, PlannedSegment>();
  /** The leaf that owns each state slot (applies, merges, prunes and encodes it). */
  readonly slotLeaf: StatefulLeaf<unknown>[] = [];
  /** The definition text of each slot's leaf: snapshots name states by it, so they survive a re-planned slot order. */
  readonly slotKeys: string[] = [];
  readonly byEvent = new Map<string, { slots: number[]; segments: Int32Array }>();
  readonly byTrait = new Map<string, Int32Array>();
  /** Segments (with dependents) each state slot can move: what a timer on that slot re-evaluates. */
  readonly slotSegments: Int32Array[] = [];
  /** Segments (with dependents) holding withinLast/olderThan trait leaves. */
  timeTraitSegments: Int32Array = new Int32Array(0);
  readonly timeTraits: TraitOperator[] = [];
  readonly ranked: TraitOperator[] = [];
  /** Segments that contain each ranked leaf (with dependents). */
  readonly rankedSegments: Int32Array[] = [];
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
    const slotByKey = new Map<string, number>();
    for (const record of order) {
      const index = this.segments.length;
      const kinds = new Set<string>();
      const root = this.build(record.definition, [], slotByKey, kinds);
      const parent = record.parent === undefined ? -1 : this.byId.get(record.parent)!.index;
      const seg: PlannedSegment = { index, record, root, parent, dependents: [], kinds };
      this.segments.push(seg);
      this.byId.set(record.id, seg);
    }
    for (const seg of this.segments) {
      for (const dep of references(seg.record)) this.byId.get(dep.id)!.dependents.push(seg.index);
    }
    this.allSegments = Int32Array.from(this.segments.map((s) => s.index));
    this.index();
  }

  private build(c: Condition, path: Array<string | number>, slots: Map<string, number>, kinds: Set<string>): OpNode {
    const p = stepText(path);
    const kids = (): OpNode[] =>
      childrenOf(c).map(([step, child]) => this.build(child, [...path, ...step], slots, kinds));
    const node = visitCondition<OpNode>(c, {
      all: () => new AllOperator(kids(), p),
      any: () => new AnyOperator(kids(), p),
      not: () => new NotOperator(kids()[0]!, p),
      trait: (n) => new TraitOperator(n, p),
      performed: (n) => new PerformedOperator(n, p),
      first: (n) => new FirstOperator(n, p),
      last: (n) => new LastOperator(n, p),
      did: (n) => new DidThenNotOperator(n, p),
      sequence: (n) => new SequenceOperator(n, p),
      inSegment: (n) => new InSegmentOperator(n, p, this.byId.get(n.inSegment)!.index),
      bucket: (n) => new BucketOperator(n, p),
    });
    kinds.add(node.kind);
    if (isStateful(node)) {
      const key = JSON.stringify(c);
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = this.slotLeaf.length;
        slots.set(key, slot);
        this.slotLeaf.push(node);
        this.slotKeys.push(key);
      }
      node.slot = slot;
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
    const eventSlots = new Map<string, Set<number>>();
    const eventSegs = new Map<string, Set<number>>();
    const traitSegs = new Map<string, Set<number>>();
    const rankedSegs = this.ranked.map(() => new Set<number>());
    const slotSegs = this.slotLeaf.map(() => new Set<number>());
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
          slotSegs[n.slot]!.add(seg.index);
          for (const e of n.events) {
            add(eventSlots, e, n.slot);
            add(eventSegs, e, seg.index);
          }
        }
        if (n instanceof TraitOperator) {
          add(traitSegs, n.key, seg.index);
          if (n.rankIndex >= 0) rankedSegs[n.rankIndex]!.add(seg.index);
          if (n.node.op === "withinLast" || n.node.op === "olderThan") timeSegs.add(seg.index);
        }
      });
    }
    for (const [e, slots] of eventSlots) {
      this.byEvent.set(e, { slots: [...slots], segments: this.withDependents(eventSegs.get(e) ?? []) });
    }
    for (const [k, segs] of traitSegs) this.byTrait.set(k, this.withDependents(segs));
    for (const s of rankedSegs) this.rankedSegments.push(this.withDependents(s));
    for (const s of slotSegs) this.slotSegments.push(this.withDependents(s));
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
