import type { SegmentRecord } from "../model/index.js";
import { emptyProfileValues } from "./empty-profile.js";
import type { EvalContext } from "./eval-context.js";
import { type ChangeCause, EXIT_PREFIX, type MembershipChange, StreamChange } from "./membership-change.js";
import type { OpNode, ReasonHint } from "./operators/operator.js";
import { INF } from "./operators/operator.js";
import { Plan } from "./plan.js";
import { ProfileRows } from "./profile-rows.js";
import { ProfileState } from "./profile-state.js";
import { rankThreshold } from "./ranker.js";
import { reasonFor, witnessOf } from "./reason.js";
import { decodeProfile, encodeProfile, SNAPSHOT_FORMAT, type StreamSnapshot } from "./state-snapshot.js";
import { InstantStore } from "./stores/instant-store.js";
import { DueSet, type EventView, type SlotStore } from "./stores/slot-store.js";
import type { StreamBatch, StreamEvent, StreamMerge } from "./stream-event.js";
import { traitWrites } from "./stream-event.js";
import { TimerHeap } from "./timer-heap.js";

const NO_HINT: ReasonHint = {};
const NEG = Number.NEGATIVE_INFINITY;
/** Between calls (frozen: a change emitted outside an entry point would throw instead of leaking). */
const NO_CHANGES = Object.freeze([]) as unknown as MembershipChange[];

export interface EvaluatorOptions {
  /**
   * "event" (replay, tests, default): the clock is the greatest event time seen, advanced before each event.
   * "wall": the caller advances the clock (advanceTo(Date.now())); events stamped in the future wait until then.
   */
  clock?: "event" | "wall";
  /** How often (clock ms) top/bottom-percent thresholds are recomputed; default 60 s. */
  rankEveryMs?: number;
}

export interface EvaluatorStats {
  events: number;
  late: number;
  timers: number;
  entered: number;
  exited: number;
  rankRefreshes: number;
}

/**
 * The incremental evaluator: per-profile operator state, a timer heap for changes that time alone causes, exact
 * handling of late events and identity merges, and topological propagation through inSegment/parent. Every call
 * returns the membership changes it caused, in order; the caller writes them (same transaction as the cause).
 */
export class StreamEvaluator {
  plan: Plan;
  readonly profiles = new Map<string, ProfileState>();
  clock = Number.NEGATIVE_INFINITY;
  readonly stats: EvaluatorStats = { events: 0, late: 0, timers: 0, entered: 0, exited: 0, rankRefreshes: 0 };
  private readonly timers = new TimerHeap<ProfileState>();
  private thresholds: (number | undefined)[] = [];
  private rankDirty = true;
  private lastRankAt = Number.NEGATIVE_INFINITY;
  private readonly rankEveryMs: number;
  private readonly mode: "event" | "wall";
  private readonly future: StreamEvent[] = [];
  private out: MembershipChange[] = [];
  /** Segments a timer re-evaluates (reused: no per-timer array). */
  private readonly due: DueSet;
  /** Segments the traits an event changed can move (reused). */
  private readonly traitDue: DueSet;
  private readonly ctx: EvalContext;
  /** Dense profile numbers (0 is the phantom empty profile): the next unused one, those freed, the stores' capacity. */
  private nextNum = 1;
  private readonly freeNums: number[] = [];
  private capacity = 0;
  /** The one event view handed to stores (filled per event, never kept). */
  private readonly view: EventView = { event: "", ts: 0, seq: 0, properties: null };
  private readonly hint: ReasonHint = { event: null, trait: null };
  private freshValues: Uint8Array | undefined;
  private readonly cols: ProfileRows;

  constructor(records: readonly SegmentRecord[], opts: EvaluatorOptions = {}) {
    this.plan = new Plan(records);
    // Latest/earliest-time stores keep their cell in the profile rows.
    const instants = this.plan.stores.filter((s): s is InstantStore => s instanceof InstantStore);
    this.cols = new ProfileRows(
      this.plan.segments.length,
      instants.map((s) => s.empty),
      this.plan.timedStores.length,
    );
    instants.forEach((s, i) => {
      s.bind(this.cols, this.cols.cellBase + i);
    });
    this.cols.ensure(1);
    this.cols.reset(0);
    this.mode = opts.clock ?? "event";
    this.rankEveryMs = opts.rankEveryMs ?? 60_000;
    this.thresholds = this.plan.ranked.map(() => undefined);
    this.due = new DueSet(this.plan.segments.length);
    this.traitDue = new DueSet(this.plan.segments.length);
    const ctx: EvalContext = {
      profile: new ProfileState("", 0, this.cols),
      t: 0,
      epoch: 0,
      member: (i) => ctx.profile.isMember(i),
      threshold: (i) => this.thresholds[i],
    };
    this.ctx = ctx;
  }

  /** Applies one committed batch (events in arrival order, merges at the message that caused them). */
  applyBatch(batch: StreamBatch): MembershipChange[] {
    const merges = new Map<string, StreamMerge[]>();
    for (const m of batch.merges) {
      const list = merges.get(m.messageId);
      if (list) list.push(m);
      else merges.set(m.messageId, [m]);
    }
    const out: MembershipChange[] = [];
    for (const ev of batch.events) {
      const ms = ev.messageId === undefined ? undefined : merges.get(ev.messageId);
      if (ms) {
        merges.delete(ev.messageId!);
        if (this.mode === "event" && ev.ts > this.clock) out.push(...this.advanceTo(ev.ts, true));
        for (const m of ms) out.push(...this.applyMerge(m));
      }
      out.push(...this.applyEvent(ev));
    }
    for (const ms of merges.values()) for (const m of ms) out.push(...this.applyMerge(m));
    return out;
  }

  /** Applies one event; in event-clock mode the clock first moves to its time (firing earlier timers). */
  applyEvent(ev: StreamEvent): MembershipChange[] {
    this.out = [];
    if (this.mode === "event") {
      if (ev.ts > this.clock) this.fireUntil(ev.ts, true);
    } else if (ev.ts > this.clock) {
      this.future.push(ev);
      return this.out;
    }
    this.ingest(ev);
    if (this.mode === "event") this.fireUntil(this.clock, false);
    return this.take();
  }

  /** Moves the clock to t: fires every timer due by t (at its exact instant) and releases held future events. */
  advanceTo(t: number, strictlyBefore = false): MembershipChange[] {
    this.out = [];
    if (!strictlyBefore && this.future.length) {
      // Held events (stamped ahead of the wall clock) are applied at their own instants, in time order.
      const due = this.future.filter((e) => e.ts <= t).sort((a, b) => a.ts - b.ts || a.seq - b.seq);
      if (due.length) {
        this.future.splice(0, this.future.length, ...this.future.filter((e) => e.ts > t));
        for (const e of due) {
          this.fireUntil(e.ts, true);
          this.ingest(e);
          this.fireUntil(e.ts, false);
        }
      }
    }
    this.fireUntil(t, strictlyBefore);
    return this.take();
  }

  /** Recomputes top/bottom-percent thresholds now and applies the changes they cause. */
  refreshRanks(): MembershipChange[] {
    this.out = [];
    this.rerank();
    return this.take();
  }

  /** Sets a computed trait (`$name` in segments) as of the clock. */
  setComputedTrait(profileId: string, name: string, value: unknown): MembershipChange[] {
    this.out = [];
    const p = this.profiles.get(profileId);
    if (p?.writeTrait(`$${name}`, value, this.clock, Number.MAX_SAFE_INTEGER)) {
      this.rankDirty = true;
      this.evaluate(p, this.plan.byTrait.get(`$${name}`), this.clock, "trait changed", { trait: `$${name}` });
    }
    return this.take();
  }

  /** Removes a profile (deletion or erasure): it exits every segment it was in. */
  deleteProfile(profileId: string, cause: ChangeCause = "profile deleted"): MembershipChange[] {
    this.out = [];
    const p = this.profiles.get(profileId);
    if (p) {
      this.exitAll(p, cause);
      this.drop(p);
      this.rankDirty = true;
    }
    return this.take();
  }

  /** Identity merge: `from`'s state folds into `into` (exactly: every operator state is mergeable), then re-evaluates. */
  applyMerge(m: StreamMerge): MembershipChange[] {
    this.out = [];
    const from = this.profiles.get(m.from);
    const into = this.profileOf(m.into);
    if (from && from !== into) {
      for (const store of this.plan.stores) {
        if (store.has(from.num)) store.merge(into.num, from.num, this.clock);
      }
      into.addStores(from.storeMask);
      this.forgetWakes(into, null);
      if (from.traits) for (const [k, c] of from.traits) into.writeTrait(k, c.v, c.ts, c.seq);
      into.watermark = Math.max(into.watermark, from.watermark);
      this.exitAll(from, "profile merged");
      this.drop(from);
      this.rankDirty = true;
      this.evaluate(into, this.plan.allSegments, this.clock, "profile merged", {});
    }
    return this.take();
  }

  /** Makes sure a profile exists (it joins the population) without applying any content. */
  ensureProfile(profileId: string): MembershipChange[] {
    this.out = [];
    this.profileOf(profileId);
    return this.take();
  }

  members(segmentId: string): string[] {
    const seg = this.plan.byId.get(segmentId);
    if (!seg) return [];
    const out: string[] = [];
    for (const p of this.profiles.values()) if (p.isMember(seg.index)) out.push(p.id);
    return out;
  }

  sizes(): Map<string, number> {
    const counts = new Int32Array(this.plan.segments.length);
    for (const p of this.profiles.values()) {
      for (let i = 0; i < counts.length; i++) if (p.isMember(i)) counts[i]!++;
    }
    return new Map(this.plan.segments.map((s) => [s.record.id, counts[s.index]!]));
  }

  /** Why a profile is (not) in a segment right now: the reason text the change log would carry. */
  explain(profileId: string, segmentId: string): string | undefined {
    const p = this.profiles.get(profileId);
    const seg = this.plan.byId.get(segmentId);
    if (!p || !seg) return undefined;
    this.ctx.profile = p;
    this.ctx.t = this.clock;
    this.ctx.epoch++;
    return reasonFor(seg, this.ctx, p.isMember(seg.index), {});
  }

  /** The whole state as JSON-ready data (see StreamSnapshot). */
  snapshot(lastSeq: number): StreamSnapshot {
    const plan = this.plan;
    const profiles = [...this.profiles.values()].map((p) => encodeProfile(plan, p));
    return {
      format: SNAPSHOT_FORMAT,
      lastSeq,
      clock: Number.isFinite(this.clock) ? this.clock : null,
      segments: Object.fromEntries(plan.segments.map((s) => [s.record.id, s.record.version])),
      thresholds: this.thresholds.map((x) => x ?? null),
      rank: { at: Number.isFinite(this.lastRankAt) ? this.lastRankAt : null, dirty: this.rankDirty },
      profiles,
    };
  }

  /**
   * Restores a snapshot into this (empty) evaluator. States are matched by store content key, so a re-planned
   * segment set keeps every state it still uses; member bits are kept for segments whose version is unchanged.
   * Returns the ids of segments that are new or edited (the caller re-evaluates them); their bits are restored too
   * with `keepEditedBits`, so re-evaluation emits exactly the edit's difference.
   */
  restore(snap: StreamSnapshot, keepEditedBits = false): string[] {
    const plan = this.plan;
    const storeOf = new Map(plan.stores.map((s) => [s.key, s]));
    const kept = new Set(
      plan.segments.filter((s) => snap.segments[s.record.id] === s.record.version).map((s) => s.record.id),
    );
    this.clock = snap.clock ?? Number.NEGATIVE_INFINITY;
    this.lastRankAt = snap.rank.at ?? Number.NEGATIVE_INFINITY;
    this.rankDirty = snap.rank.dirty || kept.size < plan.segments.length;
    snap.thresholds.forEach((x, i) => {
      if (i < this.thresholds.length) this.thresholds[i] = x ?? undefined;
    });
    for (const ps of snap.profiles) {
      const p = this.newProfile(ps.id);
      decodeProfile(plan, storeOf, ps, p, (id) => kept.has(id) || keepEditedBits);
      this.reschedule(p, this.clock);
    }
    return plan.segments.filter((s) => !kept.has(s.record.id)).map((s) => s.record.id);
  }

  /**
   * Re-evaluates the given segments for every profile at the clock (after a definition edit or a restore that could
   * not keep their bits) and returns the changes, caused by "definition edited".
   */
  reevaluate(segmentIds: readonly string[]): MembershipChange[] {
    this.out = [];
    const idx = segmentIds.map((id) => this.plan.byId.get(id)?.index).filter((i): i is number => i !== undefined);
    const segs = this.plan.withDependents(idx);
    for (const p of this.profiles.values()) this.evaluate(p, segs, this.clock, "definition edited", {});
    return this.take();
  }

  /** Folds a historical event into the given stores only (by plan index), without evaluating (edit backfill). */
  backfill(ev: StreamEvent, stores: readonly number[]): void {
    const p = this.profiles.get(ev.profileId);
    if (!p || ev.event === null) return;
    const view = this.viewOf(ev);
    for (const i of stores) {
      const store = this.plan.stores[i]!;
      if (!store.events.includes(ev.event)) continue;
      store.apply(p.num, view, this.clock);
      store.prune(p.num, this.clock);
      p.addStores(store.timedBit);
      this.forgetWakes(p, store);
    }
  }

  // ---- internals ----

  private take(): MembershipChange[] {
    const out = this.out;
    this.out = NO_CHANGES; // every entry point starts a fresh list: no allocation here
    return out;
  }

  private profileOf(id: string): ProfileState {
    let p = this.profiles.get(id);
    if (!p) {
      p = this.newProfile(id);
      this.rankDirty = true;
      this.enterFresh(p);
    }
    return p;
  }

  /**
   * A new profile enters every segment an empty profile is in (e.g. "never did X" holds from its first message).
   * With no state and no traits every node's value is the same for all profiles at all instants, except `bucket`
   * (and what reads a segment with one), so those values are computed once on a phantom profile (number 0, never
   * given state) and only the id-dependent segments are evaluated per profile.
   */
  private enterFresh(p: ProfileState): void {
    this.freshValues ??= emptyProfileValues(this.plan, this.ctx, new ProfileState("", 0, this.cols));
    const fresh = this.freshValues;
    const ctx = this.ctx;
    ctx.profile = p;
    ctx.t = this.clock;
    ctx.epoch++;
    const segs = this.plan.segments;
    for (let i = 0; i < segs.length; i++) {
      const v = fresh[i]!;
      if (v === 0) continue;
      if (v === 2) {
        const seg = segs[i]!;
        if (!((seg.parent < 0 || p.isMember(seg.parent)) && seg.root.value(ctx))) continue;
      }
      p.setMember(i, true);
      const node = witnessOf(segs[i]!, ctx, true, NO_HINT);
      const c = this.emit(p, i, true, this.clock, "", "event arrived", node);
      node?.evidence(ctx, c);
    }
    p.evalAt = this.clock;
  }

  /** A profile with a dense number (a freed one first); every store gets room for it. */
  private newProfile(id: string): ProfileState {
    const num = this.freeNums.pop() ?? this.nextNum++;
    if (num >= this.capacity) {
      this.capacity = Math.max(1024, this.capacity * 2, num + 1);
      for (const s of this.plan.stores) s.ensure(this.capacity);
      this.cols.ensure(this.capacity);
    }
    this.cols.reset(num);
    const p = new ProfileState(id, num, this.cols);
    this.profiles.set(id, p);
    return p;
  }

  /** Forgets a deleted or merged-away profile: its states are cleared and its number reused. */
  private drop(p: ProfileState): void {
    for (const s of this.plan.stores) if (s.has(p.num)) s.clear(p.num);
    this.profiles.delete(p.id);
    p.dropped = true;
    this.freeNums.push(p.num);
  }

  private viewOf(ev: StreamEvent): EventView {
    const v = this.view;
    v.event = ev.event ?? "";
    v.ts = ev.ts;
    v.seq = ev.seq;
    v.properties = ev.properties;
    return v;
  }

  private ingest(ev: StreamEvent): void {
    this.stats.events++;
    const p = this.profileOf(ev.profileId);
    const t = this.clock;
    if (ev.ts < p.watermark) this.stats.late++;
    if (ev.ts > p.watermark) p.watermark = ev.ts;
    let traitKey: string | null = null;
    const changed = this.traitDue;
    if (ev.type === "identify" || ev.type === "group")
      for (const [k, v] of traitWrites(ev)) {
        if (p.writeTrait(k, v, ev.ts, ev.seq)) {
          traitKey = k;
          this.rankDirty = true;
          const segs = this.plan.byTrait.get(k);
          if (segs) changed.addAll(segs);
        }
      }
    const hit = ev.event === null ? undefined : this.plan.byEvent.get(ev.event);
    if (hit) {
      const view = this.viewOf(ev);
      for (const store of hit.stores) {
        store.apply(p.num, view, t);
        store.prune(p.num, t);
      }
      p.addStores(hit.timedBits);
      const f64 = this.cols.f64;
      const base = p.num * this.cols.stride + this.cols.wakeBase;
      const idx = hit.timedIdx;
      for (let k = 0; k < idx.length; k++) f64[base + idx[k]!] = NEG;
    }
    // A profile whose own timer is due at this instant gets a full evaluation, so no time-driven change is lost.
    const due = p.wakeAt <= t;
    const hint = this.hint;
    if (due) {
      changed.close();
      hint.event = ev.event;
      hint.trait = null;
      this.evaluate(p, this.plan.allSegments, t, hit ? "event arrived" : "trait changed", hint);
    } else {
      if (hit) {
        hint.event = ev.event;
        hint.trait = traitKey;
        this.evaluate(p, hit.segments, t, "event arrived", hint);
      }
      if (changed.n > 0) {
        const n = changed.close();
        hint.event = null;
        hint.trait = traitKey;
        this.evaluate(p, changed.list, t, "trait changed", hint, n);
      }
    }
    this.maybeRerank();
  }

  private maybeRerank(): void {
    if (this.plan.ranked.length && this.rankDirty && this.clock >= this.lastRankAt + this.rankEveryMs) this.rerank();
  }

  private rerank(): void {
    this.lastRankAt = this.clock;
    this.rankDirty = false;
    this.stats.rankRefreshes++;
    // Leaves ranking the same value the same way share one threshold: computed once, and their segments
    // re-evaluated in one pass over the profiles after all of them moved.
    for (const group of this.plan.rankGroups) {
      const first = group.leaves[0]!;
      const thr = rankThreshold(first, this.profiles.values());
      const old = this.thresholds[first.rankIndex];
      if (thr === old) continue;
      for (const leaf of group.leaves) this.thresholds[leaf.rankIndex] = thr;
      // Only values between the old and the new threshold can flip; with no threshold on one side, all can.
      const bounded = thr !== undefined && old !== undefined;
      const lo = bounded ? Math.min(thr, old) : 0;
      const hi = bounded ? Math.max(thr, old) : 0;
      const hint: ReasonHint = { trait: first.key };
      for (const p of this.profiles.values()) {
        const cell = p.trait(first.key);
        if (!cell) continue;
        const v = first.rankValue(cell.v);
        if (v === undefined || (bounded && (v < lo || v > hi))) continue;
        this.evaluate(p, group.segments, this.clock, "population rank changed", hint);
      }
    }
  }

  /** Pops and runs timers due by `until` (or strictly before it), each at its exact instant, then sets the clock. */
  private fireUntil(until: number, strictlyBefore: boolean): void {
    for (;;) {
      const at = this.timers.peek();
      if (at > until || (strictlyBefore && at === until)) break;
      const p = this.timers.pop()!;
      if (p.dropped || p.wakeAt !== at) continue; // stale entry
      this.stats.timers++;
      if (at > this.clock) this.clock = at;
      p.wakeAt = INF;
      const n = this.dueSegments(p, at);
      this.hint.event = null;
      this.hint.trait = null;
      this.evaluate(p, this.due.list, at, "window expired", this.hint, n);
    }
    if (until > this.clock) this.clock = until;
    this.maybeRerank();
  }

  /**
   * Segments a timer at `at` must re-evaluate, into dueList (returns how many): those of the leaves (and time traits)
   * whose wake-up seen from the last evaluation is due by then; their stores are pruned to `at`.
   */
  private dueSegments(p: ProfileState, at: number): number {
    const due = this.due;
    const stores = this.plan.timedStores;
    const from = p.evalAt;
    const mask = p.storeMask;
    // A store whose wake-up (cached by reschedule at `from`, state unchanged since) is after `at` has nothing due.
    const f64 = this.cols.f64;
    const base = p.num * this.cols.stride + this.cols.wakeBase;
    for (let m = mask & 0x7fffffff; m !== 0; m &= m - 1) {
      const i = 31 - Math.clz32(m & -m);
      if (f64[base + i]! > at) continue;
      const store = stores[i]!;
      if (store.markDue(p.num, from, at, due)) store.prune(p.num, at);
    }
    if (mask & 0x80000000) {
      for (let i = 31; i < stores.length; i++) {
        if (f64[base + i]! > at) continue;
        const store = stores[i]!;
        if (store.markDue(p.num, from, at, due)) store.prune(p.num, at);
      }
    }
    if (p.traits && this.plan.timeTraitSegments.length) due.addAll(this.plan.timeTraitSegments);
    return due.close();
  }

  /** Drops p's cached wake-up of `store` (null: of every store) after its state changed outside an event. */
  private forgetWakes(p: ProfileState, store: SlotStore | null): void {
    const base = p.num * this.cols.stride + this.cols.wakeBase;
    const n = this.plan.timedStores.length;
    for (let i = 0; i < n; i++) {
      if (store === null || this.plan.timedStores[i] === store) this.cols.f64[base + i] = NEG;
    }
  }

  private exitAll(p: ProfileState, cause: ChangeCause): void {
    this.ctx.profile = p;
    this.ctx.t = this.clock;
    this.ctx.epoch++;
    for (const seg of this.plan.segments) {
      if (!p.isMember(seg.index)) continue;
      p.setMember(seg.index, false);
      this.emit(p, seg.index, false, this.clock, cause, cause, undefined);
    }
  }

  /** Re-evaluates `segs` (ascending = topological) for p at t, emits changes, and reschedules p's wake-up. */
  private evaluate(
    p: ProfileState,
    segs: Int32Array | undefined,
    t: number,
    cause: ChangeCause,
    hint: ReasonHint,
    count = segs?.length ?? 0,
  ): void {
    this.ctx.profile = p;
    this.ctx.t = t;
    this.ctx.epoch++;
    if (segs) {
      for (let k = 0; k < count; k++) {
        const i = segs[k]!;
        const seg = this.plan.segments[i]!;
        const now = (seg.parent < 0 || p.isMember(seg.parent)) && seg.root.value(this.ctx);
        if (now === p.isMember(i)) continue;
        p.setMember(i, now);
        const effective: ChangeCause = cause === "window expired" && now ? "time passed" : cause;
        const node = witnessOf(seg, this.ctx, now, hint);
        const c = this.emit(p, i, now, t, now ? "" : EXIT_PREFIX[effective], effective, node);
        node?.evidence(this.ctx, c);
      }
    }
    this.reschedule(p, t);
  }

  private reschedule(p: ProfileState, t: number): void {
    this.ctx.profile = p;
    this.ctx.t = t;
    this.ctx.epoch++;
    p.evalAt = t;
    let w = INF;
    const stores = this.plan.timedStores;
    const mask = p.storeMask;
    // A store's wake-up seen from t' ≤ t is still its wake-up from t when it is after t and the state is unchanged
    // (every store's wake-up is the least anchor + offset after the instant): only stale or invalidated ones are
    // recomputed, so a profile's idle stores are not read.
    const f64 = this.cols.f64;
    const base = p.num * this.cols.stride + this.cols.wakeBase;
    for (let m = mask & 0x7fffffff; m !== 0; m &= m - 1) {
      const i = 31 - Math.clz32(m & -m);
      let ww = f64[base + i]!;
      if (ww <= t) {
        ww = stores[i]!.wake(p.num, t);
        f64[base + i] = ww;
      }
      if (ww < w) w = ww;
    }
    if (mask & 0x80000000) {
      for (let i = 31; i < stores.length; i++) {
        let ww = f64[base + i]!;
        if (ww <= t) {
          ww = stores[i]!.wake(p.num, t);
          f64[base + i] = ww;
        }
        if (ww < w) w = ww;
      }
    }
    if (p.traits) {
      for (const leaf of this.plan.timeTraits) {
        if (!p.traits.has(leaf.key)) continue;
        const ww = leaf.wake(this.ctx);
        if (ww < w) w = ww;
      }
    }
    if (w !== p.wakeAt) {
      p.wakeAt = w;
      if (w !== INF) {
        this.timers.push(w, p);
        // Rescheduling leaves stale entries behind; drop them once they outnumber the profiles.
        if (this.timers.size > 2 * this.profiles.size + 1024) {
          this.timers.compact((at, q) => !q.dropped && q.wakeAt === at);
        }
      }
    }
  }

  private emit(
    p: ProfileState,
    seg: number,
    entered: boolean,
    at: number,
    prefix: string,
    cause: ChangeCause,
    node: OpNode | null | undefined,
  ): StreamChange {
    const rec = this.plan.segments[seg]!.record;
    if (entered) this.stats.entered++;
    else this.stats.exited++;
    const c = new StreamChange(rec.id, rec.version, p.id, entered ? "entered" : "exited", at, cause, prefix, node);
    this.out.push(c);
    return c;
  }
}
