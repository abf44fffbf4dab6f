import { TesseraError } from "../model/index.js";
import type { Store, StoreTx } from "../store/index.js";

export interface ProfileSummary {
  id: string;
  identities: { userIds: string[]; anonymousIds: string[] };
  traits: Record<string, unknown>;
  computedTraits: Record<string, unknown>;
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
  eventCounts: Record<string, number>;
  merges: { from: string; at: string }[];
  memberships: { segment: string; version: number; since: string; reason: string }[];
}

export interface TimelinePage {
  events: Record<string, unknown>[];
  nextCursor: string | null;
}

const parseJson = (s: unknown): unknown => (typeof s === "string" ? JSON.parse(s) : s);

/** Read side of profiles: resolves any id (profile id, user id, anonymous id) and folds traits by event time. */
export class ProfileService {
  constructor(private readonly store: Store) {}

  /** The canonical profile id for a profile id, a userId or an anonymousId; 404 when unknown. */
  async resolveId(id: string): Promise<string> {
    const rows = await this.store.all<{ profile_id: string }>(
      `SELECT profile_id FROM profiles WHERE profile_id = $1
       UNION ALL SELECT profile_id FROM identities WHERE id_key = 'user:' || $1
       UNION ALL SELECT profile_id FROM identities WHERE id_key = 'anon:' || $1
       UNION ALL SELECT into_profile FROM merges WHERE from_profile = $1 LIMIT 1`,
      [id],
    );
    const hit = rows[0];
    if (!hit)
      throw new TesseraError({ code: "profile_not_found", path: ["id"], message: `no profile with id "${id}"` }, 404);
    return hit.profile_id;
  }

  /** Traits at instant `asOf` (default: now) = per key, the latest identify/group value with ts ≤ asOf. */
  async traitsOf(profileId: string, asOf = Number.MAX_SAFE_INTEGER): Promise<Record<string, unknown>> {
    const rows = await this.store.all<{ key: string; value: string }>(
      `SELECT key, arg_max(value, (ts, seq)) AS value FROM trait_values
       WHERE profile_id = $1 AND ts <= $2 GROUP BY key ORDER BY key`,
      [profileId, asOf],
    );
    const out: Record<string, unknown> = {};
    for (const r of rows) {
      const v = parseJson(r.value);
      if (v !== null) out[r.key] = v;
    }
    return out;
  }

  async get(id: string): Promise<ProfileSummary> {
    const pid = await this.resolveId(id);
    const [ids, stats, counts, computed, merges, members, traits] = await Promise.all([
      this.store.all<{ id_key: string }>("SELECT id_key FROM identities WHERE profile_id = $1 ORDER BY id_key", [pid]),
      this.store.all<{ first: number | null; last: number | null; n: number }>(
        "SELECT min(ts) AS first, max(ts) AS last, count(*) AS n FROM events WHERE profile_id = $1",
        [pid],
      ),
      this.store.all<{ k: string; n: number }>(
        "SELECT coalesce(event, type) AS k, count(*) AS n FROM events WHERE profile_id = $1 GROUP BY 1 ORDER BY 2 DESC, 1",
        [pid],
      ),
      this.store.all<{ name: string; value: string }>(
        "SELECT name, value FROM computed_traits WHERE profile_id = $1 ORDER BY name",
        [pid],
      ),
      this.store.all<{ from_profile: string; merged_at: number }>(
        "SELECT from_profile, merged_at FROM merges WHERE into_profile = $1 ORDER BY merged_at",
        [pid],
      ),
      this.store.all<{ segment_id: string; version: number; since: number; reason: string }>(
        "SELECT segment_id, version, since, reason FROM memberships WHERE profile_id = $1 ORDER BY segment_id",
        [pid],
      ),
      this.traitsOf(pid),
    ]);
    const s = stats[0];
    return {
      id: pid,
      identities: {
        userIds: ids.filter((r) => r.id_key.startsWith("user:")).map((r) => r.id_key.slice(5)),
        anonymousIds: ids.filter((r) => r.id_key.startsWith("anon:")).map((r) => r.id_key.slice(5)),
      },
      traits,
      computedTraits: Object.fromEntries(computed.map((c) => [c.name, parseJson(c.value)])),
      firstSeen: s?.first != null ? new Date(s.first).toISOString() : null,
      lastSeen: s?.last != null ? new Date(s.last).toISOString() : null,
      eventCount: s?.n ?? 0,
      eventCounts: Object.fromEntries(counts.map((c) => [c.k, c.n])),
      merges: merges.map((m) => ({ from: m.from_profile, at: new Date(m.merged_at).toISOString() })),
      memberships: members.map((m) => ({
        segment: m.segment_id,
        version: m.version,
        since: new Date(m.since).toISOString(),
        reason: m.reason,
      })),
    };
  }

  /** Newest first; the cursor is the (ts, seq) of the last event returned. */
  async timeline(id: string, opts: { cursor?: string; limit?: number } = {}): Promise<TimelinePage> {
    const pid = await this.resolveId(id);
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 1000);
    let cursorTs = Number.MAX_SAFE_INTEGER;
    let cursorSeq = Number.MAX_SAFE_INTEGER;
    if (opts.cursor) {
      const m = /^(\d+)\.(\d+)$/.exec(opts.cursor);
      if (!m)
        throw new TesseraError({
          code: "bad_cursor",
          path: ["cursor"],
          message: `cursor "${opts.cursor}" is not valid`,
        });
      cursorTs = Number(m[1]);
      cursorSeq = Number(m[2]);
    }
    const rows = await this.store.all<Record<string, unknown> & { ts: number; seq: number }>(
      `SELECT seq, message_id, type, event, name, ts, received_at, user_id, anonymous_id, properties, traits, context
       FROM events WHERE profile_id = $1 AND (ts < $2 OR (ts = $2 AND seq < $3))
       ORDER BY ts DESC, seq DESC LIMIT $4`,
      [pid, cursorTs, cursorSeq, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map((r) => ({
        messageId: r["message_id"],
        type: r["type"],
        event: r["event"],
        name: r["name"],
        timestamp: new Date(r.ts).toISOString(),
        receivedAt: new Date(r["received_at"] as number).toISOString(),
        userId: r["user_id"],
        anonymousId: r["anonymous_id"],
        properties: parseJson(r["properties"]),
        traits: parseJson(r["traits"]),
        context: parseJson(r["context"]),
      })),
      nextCursor: rows.length > limit && last ? `${last.ts}.${last.seq}` : null,
    };
  }

  /** Everything stored about a person (GDPR/CCPA access request): profile, all events, trait history, memberships. */
  async export(id: string): Promise<Record<string, unknown>> {
    const pid = await this.resolveId(id);
    const [summary, events, traitHistory, log] = await Promise.all([
      this.get(pid),
      this.store.all("SELECT * FROM events WHERE profile_id = $1 ORDER BY ts, seq", [pid]),
      this.store.all("SELECT key, value, ts, kind FROM trait_values WHERE profile_id = $1 ORDER BY ts, seq", [pid]),
      this.store.all("SELECT * FROM membership_log WHERE profile_id = $1 ORDER BY seq", [pid]),
    ]);
    return { profile: summary, events, traitHistory, membershipLog: log, exportedAt: new Date().toISOString() };
  }

  /**
   * Erases a person: events, trait history, computed traits, memberships, membership log and pending outbox rows, in
   * one transaction, and records their ids in `deletions` so re-ingestion stays blocked until lifted. Returns the
   * identity keys that were erased (the ingestor blocks them in memory too). `inTx` runs inside that transaction
   * (the live stream drops the person's state and rewrites its snapshot there, so no copy outlives the erasure).
   */
  async erase(
    id: string,
    reason = "erasure request",
    inTx?: (tx: StoreTx, profileId: string) => Promise<void>,
  ): Promise<{ profile: string; keys: string[]; events: number }> {
    const pid = await this.resolveId(id);
    // No membership fold runs meanwhile: one that read the person's log rows could write their memberships back.
    return this.store.withoutSideTransactions(() => this.eraseIn(pid, reason, inTx));
  }

  private eraseIn(
    pid: string,
    reason: string,
    inTx?: (tx: StoreTx, profileId: string) => Promise<void>,
  ): Promise<{ profile: string; keys: string[]; events: number }> {
    return this.store.transaction(async (tx) => {
      const keys = (await tx.all<{ id_key: string }>("SELECT id_key FROM identities WHERE profile_id = $1", [pid])).map(
        (r) => r.id_key,
      );
      const n = Number(
        (await tx.all<{ n: number }>("SELECT count(*) AS n FROM events WHERE profile_id = $1", [pid]))[0]?.n ?? 0,
      );
      for (const table of [
        "events",
        "trait_values",
        "computed_traits",
        "membership_base",
        "membership_log",
        "outbox",
        "identities",
      ]) {
        await tx.run(`DELETE FROM ${table} WHERE profile_id = $1`, [pid]);
      }
      await tx.run("DELETE FROM merges WHERE into_profile = $1 OR from_profile = $1", [pid]);
      await tx.run("DELETE FROM profiles WHERE profile_id = $1", [pid]);
      const now = Date.now();
      await tx.append(
        "deletions",
        keys.map((k) => [k, now, reason]),
      );
      await inTx?.(tx, pid);
      return { profile: pid, keys, events: n };
    });
  }

  /** Lifts the re-ingestion block of an erased id key ("user:…" / "anon:…"). */
  async liftBlock(key: string): Promise<void> {
    await this.store.run("DELETE FROM deletions WHERE id_key = $1", [key]);
  }
}
