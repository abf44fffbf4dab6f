import type { SegmentRecord } from "../model/index.js";
import { foldMemberships, type Queryable, type Store, type StoreTx } from "../store/index.js";
import { type EventRow, eventOfRow, readEventLog } from "./event-log.js";
import { EXIT_PREFIX, type MembershipChange } from "./membership-change.js";
import { writeChanges } from "./membership-writer.js";
import { SNAPSHOT_FORMAT, type StreamSnapshot } from "./state-snapshot.js";
import { type EvaluatorOptions, StreamEvaluator } from "./stream-evaluator.js";
import type { StreamBatch } from "./stream-event.js";

/** The write path as the stream sees it (ingest's Ingestor satisfies it structurally). */
export interface CommitSource {
  onCommitted(listener: (batch: StreamBatch, tx: StoreTx) => Promise<void> | void): void;
  readonly stats: { commits: number };
}

export interface LiveOptions extends EvaluatorOptions {
  /** Take a snapshot after this many events (default 100,000), inside the commit that crosses it. */
  snapshotEvery?: number;
  /** Row name in the snapshots table (default "stream"). */
  snapshotName?: string;
  /** Fold the membership log's tail into the base once it holds this many changes (default 50,000)… */
  foldEveryChanges?: number;
  /** …or when changes wait this long (default 10 s), checked at each write. */
  foldEveryMs?: number;
}

export interface RecoveryReport {
  snapshotSeq: number;
  replayed: number;
  reevaluated: string[];
}

/**
 * The evaluator wired into the live write path: every ingest commit is applied inside its own transaction and the
 * resulting changes are written to membership_log, memberships and the outbox in that same transaction. Snapshots
 * are taken inside a commit too, so restart = restore the snapshot + replay events with a greater seq (silently: their
 * changes are already committed), and nothing is lost or written twice after a kill -9.
 */
export class LiveStream {
  private sinceSnapshot = 0;
  private lastSeq = 0;
  private maxReplayedTs = Number.NEGATIVE_INFINITY;
  private expectedCommits = -1;
  private stale = false;
  private unfolded = 0;
  private lastFoldAt = Date.now();
  private folding: Promise<void> | null = null;
  /** The last fold failure (a fold is retried at the next write; the memberships view stays exact meanwhile). */
  foldError: Error | null = null;
  private readonly snapshotEvery: number;
  private readonly snapshotName: string;

  private constructor(
    readonly store: Store,
    public evaluator: StreamEvaluator,
    private segments: readonly SegmentRecord[],
    private readonly opts: LiveOptions,
  ) {
    this.snapshotEvery = opts.snapshotEvery ?? 100_000;
    this.snapshotName = opts.snapshotName ?? "stream";
  }

  /** Recovers state (snapshot + event log) and starts following `source`'s commits. */
  static async start(
    store: Store,
    source: CommitSource,
    segments: readonly SegmentRecord[],
    opts: LiveOptions = {},
  ): Promise<{ live: LiveStream; recovery: RecoveryReport }> {
    const live = new LiveStream(store, new StreamEvaluator(segments, opts), segments, opts);
    const recovery = await live.recover(store, Number.POSITIVE_INFINITY);
    // On a wall clock replayed events may be held as "future": bring the clock to the log's end first; changes that
    // were already written before the restart are recognised and skipped.
    if (opts.clock === "wall" && live.maxReplayedTs > live.evaluator.clock) await live.tick(live.maxReplayedTs);
    // Computed traits are not in the event log: seed their latest values, then bring the stored memberships of the
    // segments reading them to the evaluator's (only real differences are written, so restarts add nothing).
    const seeded = live.seedComputed(await computedRows(store, {}));
    const traitOnly = seeded.filter((id) => !recovery.reevaluated.includes(id));
    await store.transaction(async (tx) => {
      // Segments deleted while the stream was down leave too.
      const orphans = await live.deletedSegmentExits(tx, segments);
      if (recovery.reevaluated.length || traitOnly.length || orphans.length) {
        await writeChanges(store, tx, [
          ...orphans,
          ...(await live.reconcile(tx, recovery.reevaluated, "definition edited")),
          ...(await live.reconcile(tx, traitOnly, "trait changed")),
        ]);
        await live.writeSnapshot(tx);
      }
    });
    await live.foldNow();
    source.onCommitted(async (batch, tx) => {
      const first = batch.events[0]?.seq;
      // A commit that failed after we applied its batch left the evaluator ahead of the store: rebuild.
      if (live.expectedCommits >= 0 && source.stats.commits !== live.expectedCommits) live.stale = true;
      if (live.stale && first !== undefined) {
        live.evaluator = new StreamEvaluator(live.segments, live.opts);
        live.lastSeq = 0;
        live.sinceSnapshot = 0;
        await live.recover(tx, first);
        live.seedComputed(await computedRows(tx, {}));
        live.stale = false;
      }
      await live.apply(batch, tx);
      live.expectedCommits = source.stats.commits + 1;
    });
    return { live, recovery };
  }

  /**
   * Computed traits of `profiles` changed (intel refresh, cluster run, sentiment): their latest values move the
   * segments reading them now, with the changes written in one transaction (cause "trait changed").
   */
  async computedTraitsChanged(profiles: readonly string[]): Promise<MembershipChange[]> {
    return this.syncComputedIn({ profiles });
  }

  /**
   * Every row of the computed traits `names` was rewritten (a cluster run writes `$cluster`, a sentiment refresh
   * `$sentiment`): the evaluator takes their latest values, and profiles left without a row lose the trait.
   */
  async computedTraitsRewritten(names: readonly string[]): Promise<MembershipChange[]> {
    return this.syncComputedIn({ names });
  }

  private async syncComputedIn(scope: ComputedScope): Promise<MembershipChange[]> {
    if ((scope.profiles ?? scope.names)?.length === 0) return [];
    return this.store.transaction(async (tx) => {
      const changes = this.syncComputed(await computedRows(tx, scope), scope);
      await this.write(tx, changes);
      return changes;
    });
  }

  /**
   * Brings the evaluator's computed traits within `scope` (some profiles, some names, or all) to `rows`, the latest
   * value per (profile, name): a trait the evaluator holds in scope with no row any more was removed and becomes
   * null (missing, as SQL reads an absent computed trait).
   */
  private syncComputed(rows: readonly ComputedRow[], scope: ComputedScope): MembershipChange[] {
    const ev = this.evaluator;
    const changes: MembershipChange[] = [];
    const present = new Set(rows.map((r) => `${r.profile_id}\u0000${r.name}`));
    const names = scope.names ? new Set(scope.names) : null;
    const holders = scope.profiles ? scope.profiles.map((id) => ev.profiles.get(id)) : ev.profiles.values();
    for (const p of holders) {
      if (!p?.traits) continue;
      for (const [key, cell] of p.traits) {
        if (!key.startsWith("$") || cell.v === null) continue;
        const name = key.slice(1);
        if ((names === null || names.has(name)) && !present.has(`${p.id}\u0000${name}`))
          changes.push(...ev.setComputedTrait(p.id, name, null));
      }
    }
    for (const r of rows) changes.push(...ev.setComputedTrait(r.profile_id, r.name, JSON.parse(r.value)));
    return changes;
  }

  /**
   * Brings every computed trait to the table, dropping the changes; returns the ids of the segments (with
   * dependents) computed traits feed: the stored memberships of all of them are reconciled, since live trait
   * changes after the snapshot are in the stored memberships but not in the restored state.
   */
  private seedComputed(rows: readonly ComputedRow[]): string[] {
    this.syncComputed(rows, {});
    const ids = new Set<string>();
    for (const [key, segs] of this.evaluator.plan.byTrait) {
      if (!key.startsWith("$")) continue;
      for (const i of segs) {
        const id = this.evaluator.plan.segments[i]?.record.id;
        if (id !== undefined) ids.add(id);
      }
    }
    return [...ids];
  }

  /**
   * Writes changes in `tx` (log and outbox, appends only) and, once enough have gathered, folds the log into the
   * memberships base in a side transaction after this one: one scan of the base per fold, not per commit, and no
   * commit waits for it.
   */
  private async write(tx: StoreTx, changes: readonly MembershipChange[], skipExisting = false): Promise<void> {
    this.unfolded += await writeChanges(this.store, tx, changes, { skipExisting });
    // By time even without changes of our own: a batch refresh logs changes too.
    const due =
      this.unfolded >= (this.opts.foldEveryChanges ?? 50_000) ||
      Date.now() - this.lastFoldAt >= (this.opts.foldEveryMs ?? 10_000);
    if (due && !this.folding) {
      this.folding = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.fold());
    }
  }

  /** Folds the membership log's tail into the base now (after a fold already under way). */
  async foldNow(): Promise<void> {
    await this.folding;
    await this.fold();
  }

  private async fold(): Promise<void> {
    this.unfolded = 0;
    this.lastFoldAt = Date.now();
    try {
      // On the side connection: commits go on while it runs (it rewrites only the base and the fold's seq).
      await this.store.sideTransaction((tx) => foldMemberships(tx));
      this.foldError = null;
    } catch (e) {
      this.foldError = e instanceof Error ? e : new Error(String(e));
    } finally {
      this.folding = null;
    }
  }

  private async apply(batch: StreamBatch, tx: StoreTx): Promise<void> {
    const changes = this.evaluator.applyBatch(batch);
    await this.write(tx, changes);
    for (const e of batch.events) if (e.seq > this.lastSeq) this.lastSeq = e.seq;
    this.sinceSnapshot += batch.events.length;
    if (this.sinceSnapshot >= this.snapshotEvery) await this.writeSnapshot(tx);
  }

  /** Advances a wall clock (timers fire in their own transaction; re-fired ones after a restart are skipped). */
  async tick(now: number): Promise<MembershipChange[]> {
    return this.store.transaction(async (tx) => {
      const changes = this.evaluator.advanceTo(now);
      await this.write(tx, changes, true);
      return changes;
    });
  }

  /**
   * A person is being erased (inside the erasing transaction): their state leaves the evaluator and the snapshot is
   * rewritten without them, so no copy survives in memory or on disk and no timer writes a change about them later.
   * Their exits are not written (the erasure removes every row about them). Until `erasureCommitted`, the evaluator
   * counts as ahead of the store: were the transaction rolled back, the next commit rebuilds it from snapshot + log.
   */
  async profileErased(tx: StoreTx, profileId: string): Promise<void> {
    this.stale = true;
    this.evaluator.deleteProfile(profileId);
    await this.writeSnapshot(tx);
  }

  erasureCommitted(): void {
    this.stale = false;
  }

  async snapshotNow(): Promise<void> {
    await this.store.transaction((tx) => this.writeSnapshot(tx));
  }

  /**
   * Definition edits: a new plan keeps every leaf state it still uses, backfills new leaves from the event log,
   * then re-evaluates the edited segments; the changes (cause "definition edited") are written in one transaction.
   */
  async updateSegments(segments: readonly SegmentRecord[]): Promise<MembershipChange[]> {
    return this.store.transaction(async (tx) => {
      const snap = this.evaluator.snapshot(this.lastSeq);
      const next = new StreamEvaluator(segments, this.opts);
      const edited = next.restore(snap, true);
      const oldKeys = new Set(this.evaluator.plan.storeKeys);
      const fresh = next.plan.storeKeys.flatMap((k, i) => (oldKeys.has(k) ? [] : [i]));
      if (fresh.length) {
        const names = [...new Set(fresh.flatMap((i) => next.plan.stores[i]!.events))];
        await readEventLog(tx, 0, this.lastSeq + 1, names, (rows: EventRow[]) => {
          for (const r of rows) next.backfill(eventOfRow(r), fresh);
        });
      }
      const changes = [...(await this.deletedSegmentExits(tx, segments)), ...next.reevaluate(edited)];
      await this.write(tx, changes);
      this.evaluator = next;
      this.segments = segments;
      await this.writeSnapshot(tx);
      return changes;
    });
  }

  /**
   * Stored members of segments the list no longer has leave with the definition (as a batch refresh does): one exit
   * each, cause "definition deleted", so memberships, the change log and the destinations agree.
   */
  private async deletedSegmentExits(tx: StoreTx, segments: readonly SegmentRecord[]): Promise<MembershipChange[]> {
    const kept = new Set(segments.map((s) => s.id));
    const at = this.evaluator.clock;
    const out: MembershipChange[] = [];
    const stored = await tx.all<{ id: string }>("SELECT DISTINCT segment_id AS id FROM memberships ORDER BY 1");
    for (const { id } of stored) {
      if (kept.has(id)) continue;
      const rows = await tx.all<{ profile_id: string; version: number }>(
        "SELECT profile_id, version FROM memberships WHERE segment_id = $1 ORDER BY profile_id",
        [id],
      );
      for (const r of rows) {
        out.push({
          segment: id,
          version: Number(r.version),
          profile: r.profile_id,
          change: "exited",
          at: Number.isFinite(at) ? at : Date.now(),
          reason: EXIT_PREFIX["definition deleted"] + "segment deleted",
          cause: "definition deleted",
        });
      }
    }
    return out;
  }

  private async writeSnapshot(tx: StoreTx): Promise<void> {
    const data = JSON.stringify(this.evaluator.snapshot(this.lastSeq));
    await tx.run("DELETE FROM snapshots WHERE name = $1", [this.snapshotName]);
    await tx.run("INSERT INTO snapshots VALUES ($1, $2, $3)", [this.snapshotName, Date.now(), data]);
    this.sinceSnapshot = 0;
  }

  /**
   * Restore + silent replay of events with snapshot seq < seq < `before`. When the segments changed while we were
   * down, the state is rebuilt from the whole log instead (new leaves need history) and the changed segments are
   * reported for reconciliation.
   */
  private async recover(db: Pick<StoreTx, "all">, before: number): Promise<RecoveryReport> {
    const rows = await db.all<{ data: string }>("SELECT data FROM snapshots WHERE name = $1", [this.snapshotName]);
    let from = 0;
    let reevaluated: string[] = [];
    const snap = rows[0] ? (JSON.parse(rows[0].data) as StreamSnapshot) : undefined;
    // A snapshot of another format (an older state layout) is ignored: the state is rebuilt from the whole log.
    if (snap?.format === SNAPSHOT_FORMAT) {
      const probe = new StreamEvaluator(this.segments, this.opts);
      reevaluated = probe.restore(snap);
      if (reevaluated.length === 0) {
        this.evaluator = probe;
        from = snap.lastSeq;
      }
    }
    // No usable snapshot (first start on this data, or an older layout): members of every segment come from the
    // whole log, reconciled with the table.
    else reevaluated = this.segments.map((r) => r.id);
    let replayed = 0;
    await readEventLog(db, from, before, null, (events, merges) => {
      this.evaluator.applyBatch({ events: events.map(eventOfRow), merges });
      replayed += events.length;
      for (const e of events) {
        if (e.seq > this.lastSeq) this.lastSeq = e.seq;
        if (e.ts > this.maxReplayedTs) this.maxReplayedTs = e.ts;
      }
    });
    if (from > this.lastSeq) this.lastSeq = from;
    return { snapshotSeq: from, replayed, reevaluated };
  }

  /** Changes that bring the stored memberships of `segmentIds` to the evaluator's. */
  private async reconcile(
    tx: StoreTx,
    segmentIds: readonly string[],
    cause: "definition edited" | "trait changed",
  ): Promise<MembershipChange[]> {
    const out: MembershipChange[] = [];
    for (const id of segmentIds) {
      const seg = this.evaluator.plan.byId.get(id);
      if (!seg) continue;
      const stored = new Set(
        (await tx.all<{ profile_id: string }>("SELECT profile_id FROM memberships WHERE segment_id = $1", [id])).map(
          (r) => r.profile_id,
        ),
      );
      const now = new Set(this.evaluator.members(id));
      const at = this.evaluator.clock;
      const version = seg.record.version;
      for (const p of now) {
        if (stored.has(p)) continue;
        const reason = this.evaluator.explain(p, id) ?? "";
        out.push({ segment: id, version, profile: p, change: "entered", at, reason, cause });
      }
      for (const p of stored) {
        if (now.has(p)) continue;
        const reason = `${cause}: ${this.evaluator.explain(p, id) ?? "profile no longer exists"}`;
        out.push({ segment: id, version, profile: p, change: "exited", at, reason, cause });
      }
    }
    return out;
  }
}

interface ComputedRow {
  profile_id: string;
  name: string;
  value: string;
}

/** Which computed traits a sync covers: these profiles, these names, or (neither) all of them. */
interface ComputedScope {
  profiles?: readonly string[];
  names?: readonly string[];
}

/** Profiles per query when a scope lists them (an intel refresh may report every profile). */
const PROFILES_PER_QUERY = 2_000;

/** The latest value (by computed_at, then version) of every computed trait in scope. */
async function computedRows(db: Queryable, scope: ComputedScope): Promise<ComputedRow[]> {
  const select = (where: string, params: readonly string[]) =>
    db.all<ComputedRow>(
      `SELECT profile_id, name, arg_max(value, (computed_at, version)) AS value FROM computed_traits${where}
       GROUP BY profile_id, name`,
      [...params],
    );
  const inList = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");
  if (scope.names) return select(` WHERE name IN (${inList(scope.names.length)})`, scope.names);
  if (!scope.profiles) return select("", []);
  const rows: ComputedRow[] = [];
  for (let i = 0; i < scope.profiles.length; i += PROFILES_PER_QUERY) {
    const part = scope.profiles.slice(i, i + PROFILES_PER_QUERY);
    rows.push(...(await select(` WHERE profile_id IN (${inList(part.length)})`, part)));
  }
  return rows;
}
