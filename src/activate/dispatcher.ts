import { bucketOf, type Holdout } from "../model/index.js";
import type { Store } from "../store/index.js";
import type { Clock } from "./clock.js";
import { ComputedTraitScan } from "./computed-trait-scan.js";
import { asMembership, type MembershipPayload } from "./delivery.js";
import { type DestinationRecord, STAR, subscribes } from "./destination-record.js";
import type { DestinationRepo } from "./destination-repo.js";
import { actionRow, appendRows } from "./outbox-append.js";
import { FANOUT_CURSOR, KEY_LIST, type NewOutboxRow, type OutboxRow } from "./outbox-row.js";
import { segmentHoldout } from "./profile-facts.js";
import { compare } from "./rule-conditions.js";
import type { Rule } from "./rule-record.js";
import type { RuleRepo } from "./rule-repo.js";

const EVENTS_CURSOR = "rules.events";

export const inHoldout = (h: Holdout | null | undefined, profileId: string): boolean =>
  h !== null && h !== undefined && bucketOf(h.salt, profileId) < h.percent;

/**
 * Fans producer rows (destination "*") out to the subscribed destinations and the automation rules they trigger,
 * and turns tracked events and trait changes into rule actions. Every fan-out commits in one transaction with
 * marking its source rows "dispatched", so a crash either redoes the whole fan-out or none of it.
 */
export class Dispatcher {
  constructor(
    private readonly store: Store,
    private readonly destinations: DestinationRepo,
    private readonly rules: RuleRepo,
    private readonly now: Clock,
    private readonly batchSize = 2000,
  ) {
    this.computed = new ComputedTraitScan(store, now);
  }

  private readonly computed: ComputedTraitScan;
  /**
   * Every producer row with a seq at or below this is dispatched (persisted as activation cursor FANOUT_CURSOR, in
   * the transaction that appends the fan-out): seqs are taken inside the serialised write transactions, so rows
   * commit in seq order and each pass reads only what came after, instead of scanning the whole outbox for pending
   * rows and rewriting their status (which made every later scan of the outbox merge update chains).
   */
  private fannedOutTo: number | null = null;
  private lastIdleMark = Number.NEGATIVE_INFINITY;

  /** Dispatches everything waiting; returns the number of source rows and events handled. */
  async dispatch(config?: { dests: readonly DestinationRecord[]; rules: readonly Rule[] }): Promise<number> {
    let n = 0;
    const dests = (config?.dests ?? (await this.destinations.list())).filter((d) => d.enabled);
    const rules = (config?.rules ?? (await this.rules.list())).filter((r) => r.enabled);
    for (;;) {
      const k = await this.fanOutChanges(dests, rules);
      n += k;
      if (k < this.batchSize) break;
    }
    const isComputed = (r: Rule): boolean => r.trigger.on === "trait" && r.trigger.trait.startsWith("$");
    const scanRules = rules.filter((r) => r.trigger.on === "event" || (r.trigger.on === "trait" && !isComputed(r)));
    n += await this.scanEvents(scanRules);
    n += await this.computed.scan(rules.filter(isComputed));
    return n;
  }

  private async fanOutChanges(dests: DestinationRecord[], rules: Rule[]): Promise<number> {
    const from = this.fannedOutTo ?? (await this.loadCursor());
    // Nobody takes membership changes or alerts: the cursor skips them (at most once a second), rows unread.
    if (dests.length === 0 && !rules.some((r) => r.trigger.on === "entered" || r.trigger.on === "exited")) {
      if (performance.now() - this.lastIdleMark < 1000) return 0;
      this.lastIdleMark = performance.now();
      const [r] = await this.store.all<{ to: number | null }>(
        `SELECT max(seq) AS to FROM outbox WHERE seq > $1 AND destination = '${STAR}'`,
        [from],
      );
      if (r?.to !== null && r?.to !== undefined) await this.markDispatched(Number(r.to));
      return 0;
    }
    const src = await this.store.all<OutboxRow>(
      `SELECT * FROM outbox WHERE seq > $1 AND destination = '${STAR}' ORDER BY seq LIMIT ${this.batchSize}`,
      [from],
    );
    const to = src[src.length - 1]?.seq;
    if (to === undefined) return 0;
    const holdouts = new Map<string, Holdout | null>();
    const out: NewOutboxRow[] = [];
    const t = this.now();
    for (const row of src) {
      if (row.kind === "alert") {
        // Alerts from other modules (drift monitors): to every destination that asked for them, in order.
        for (const d of dests) {
          if (!d.alerts) continue;
          const payload = JSON.parse(row.payload) as Record<string, unknown>;
          out.push({
            key: `${row.idempotency_key}:${d.id}`,
            destination: d.id,
            kind: "alert",
            profileId: null,
            payload,
            status: "pending",
            nextAttemptAt: t,
            createdAt: row.created_at,
          });
        }
        continue;
      }
      if (row.kind !== "membership" || row.profile_id === null) continue;
      const m = asMembership(JSON.parse(row.payload) as Record<string, unknown>);
      // The segment's holdout is read only when a destination takes the change (no lookups on a busy stream
      // that no destination subscribes to).
      let held: boolean | undefined;
      for (const d of dests) {
        if (!subscribes(d, m.segment)) continue;
        if (!holdouts.has(m.segment)) holdouts.set(m.segment, await segmentHoldout(this.store, m.segment));
        held ??= inHoldout(holdouts.get(m.segment), m.profile);
        out.push({
          key: `${row.idempotency_key}:${d.id}`,
          destination: d.id,
          kind: "membership",
          profileId: row.profile_id,
          payload: m as unknown as Record<string, unknown>,
          status: held ? "held_out" : "pending",
          nextAttemptAt: t,
          // The change's own creation time, so latency = delivered_at − created_at is measured from the change.
          createdAt: row.created_at,
          ...(held ? { lastError: "segment holdout: not activated" } : {}),
        });
      }
      for (const r of rules) {
        if (r.trigger.on !== m.change || r.trigger.segment !== m.segment) continue;
        out.push(actionRow(r, row.idempotency_key, row.profile_id, membershipTrigger(m), Date.parse(m.at), t));
      }
    }
    await this.markDispatched(to, out, from);
    return src.length;
  }

  /**
   * The cursor of an outbox written before it existed: just before the oldest producer row still marked pending
   * (rows were marked then), else after the last row.
   */
  private async loadCursor(): Promise<number> {
    const cur = await this.store.all<{ value: number }>("SELECT value FROM activation_cursors WHERE name = $1", [
      FANOUT_CURSOR,
    ]);
    if (cur[0]) {
      this.fannedOutTo = Number(cur[0].value);
      return this.fannedOutTo;
    }
    const r = await this.store.all<{ m: number | null }>(
      `SELECT coalesce(min(seq) FILTER (WHERE destination = '${STAR}' AND status = 'pending') - 1, max(seq), 0) AS m
       FROM outbox`,
    );
    const at = Number(r[0]?.m ?? 0);
    await this.store.transaction((tx) =>
      tx.run("INSERT INTO activation_cursors VALUES ($1, $2) ON CONFLICT DO NOTHING", [FANOUT_CURSOR, at]),
    );
    return this.loadCursor();
  }

  /**
   * Moves the cursor to `to` with the rows fanned out from the producer rows it passes (after `from`: their copies
   * can only come after them), atomically.
   */
  private async markDispatched(to: number, out: NewOutboxRow[] = [], from = 0): Promise<void> {
    await this.store.transaction(async (tx) => {
      await appendRows(this.store, tx, out, from);
      await tx.run("UPDATE activation_cursors SET value = greatest(value, $2) WHERE name = $1", [FANOUT_CURSOR, to]);
    });
    this.fannedOutTo = to;
  }

  private async scanEvents(rules: Rule[]): Promise<number> {
    // Without event or trait rules there is nothing to scan; the cursor starts when the first such rule exists.
    if (rules.length === 0) return 0;
    const cur = await this.store.all<{ value: number }>("SELECT value FROM activation_cursors WHERE name = $1", [
      EVENTS_CURSOR,
    ]);
    if (!cur[0]) {
      // First run: rules act on what happens from now on, never on history.
      const max = await this.store.all<{ m: number | null }>("SELECT max(seq) AS m FROM events");
      await this.store.run("INSERT INTO activation_cursors VALUES ($1, $2)", [EVENTS_CURSOR, max[0]?.m ?? 0]);
      return 0;
    }
    const from = cur[0].value;
    const events = await this.store.all<{
      seq: number;
      profile_id: string;
      event: string | null;
      properties: string | null;
      ts: number;
    }>(
      `SELECT seq, profile_id, event, properties, ts FROM events WHERE seq > $1 ORDER BY seq LIMIT ${this.batchSize}`,
      [from],
    );
    if (events.length === 0) return 0;
    const to = events[events.length - 1]!.seq;
    const t = this.now();
    const out: NewOutboxRow[] = [];
    const eventRules = rules.filter((r) => r.trigger.on === "event");
    for (const e of events) {
      for (const r of eventRules) {
        if (r.trigger.on !== "event" || r.trigger.event !== e.event) continue;
        const props = (e.properties ? JSON.parse(e.properties) : {}) as Record<string, unknown>;
        if (!(r.trigger.where ?? []).every((w) => compare(props[w.property], w.op, w.value))) continue;
        const trig = { type: "event", event: e.event, seq: e.seq, at: new Date(e.ts).toISOString() };
        out.push(actionRow(r, `event:${e.seq}`, e.profile_id, trig, e.ts, t));
      }
    }
    const traitRules = rules.filter((r) => r.trigger.on === "trait");
    if (traitRules.length > 0) {
      const keys = [...new Set(traitRules.map((r) => (r.trigger.on === "trait" ? r.trigger.trait : "")))];
      const changes = await this.store.all<{
        seq: number;
        profile_id: string;
        key: string;
        value: string;
        ts: number;
        prev: string | null;
      }>(
        `SELECT n.seq, n.profile_id, n.key, n.value, n.ts,
           (SELECT arg_max(p.value, (p.ts, p.seq)) FROM trait_values p
            WHERE p.profile_id = n.profile_id AND p.key = n.key AND p.seq < n.seq) AS prev
         FROM trait_values n WHERE n.seq > $1 AND n.seq <= $2 AND n.key IN ${KEY_LIST(3)} ORDER BY n.seq`,
        [from, to, JSON.stringify(keys)],
      );
      for (const c of changes) {
        const next = JSON.parse(c.value) as unknown;
        const prev = c.prev === null ? undefined : (JSON.parse(c.prev) as unknown);
        if (c.prev !== null && c.prev === c.value) continue;
        for (const r of traitRules) {
          if (r.trigger.on !== "trait" || r.trigger.trait !== c.key) continue;
          if ("from" in r.trigger && r.trigger.from !== undefined && !compare(prev, "eq", r.trigger.from)) continue;
          if ("to" in r.trigger && r.trigger.to !== undefined && !compare(next, "eq", r.trigger.to)) continue;
          const trig = { type: "trait", trait: c.key, from: prev ?? null, to: next, at: new Date(c.ts).toISOString() };
          out.push(actionRow(r, `trait:${c.seq}:${c.key}`, c.profile_id, trig, c.ts, t));
        }
      }
    }
    await this.store.transaction(async (tx) => {
      await appendRows(this.store, tx, out);
      await tx.run("UPDATE activation_cursors SET value = $2 WHERE name = $1", [EVENTS_CURSOR, to]);
    });
    return events.length;
  }
}

const membershipTrigger = (m: MembershipPayload): Record<string, unknown> => ({
  type: m.change,
  segment: m.segment,
  version: m.version,
  at: m.at,
  reason: m.reason,
});
