import {
  type ErrorData,
  type MessageType,
  type SegmentMessage,
  TesseraError,
  validateMessage,
} from "../model/index.js";
import type { SqlValue, Store, StoreTx } from "../store/index.js";
import { DedupCache } from "./dedup-cache.js";
import { anonKey, IdentityGraph, type Staged, userKey } from "./identity-graph.js";
import { ensureMessageId, eventName, eventTime, extraFields } from "./normalize-message.js";
import type { MergeRecord, StoredEvent } from "./stored-event.js";

export interface IngestOptions {
  /** Who sent it: a write key id, "import", … (dedup is per source). */
  source: string;
  receivedAt?: number;
}

export interface IngestResult {
  received: number;
  stored: number;
  duplicates: number;
  /** Messages for ids whose deletion blocks re-ingestion. */
  suppressed: number;
}

export interface CommittedBatch {
  events: StoredEvent[];
  merges: MergeRecord[];
}

export type CommitListener = (batch: CommittedBatch, tx: StoreTx) => Promise<void> | void;

interface Pending {
  messages: SegmentMessage[];
  opts: IngestOptions;
  resolve: (r: IngestResult) => void;
  reject: (e: unknown) => void;
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** Validates a list of raw messages all-or-nothing; errors name each bad message by index and field. */
export function validateAll(raw: unknown[], basePath: (string | number)[], forcedType?: MessageType): SegmentMessage[] {
  const errors: ErrorData[] = [];
  const out: SegmentMessage[] = [];
  raw.forEach((m, i) => {
    const r = validateMessage(m, [...basePath, i], forcedType);
    if (r.ok) out.push(r.message);
    else errors.push(...r.errors);
  });
  if (errors.length > 0) {
    throw new TesseraError({
      code: "invalid_messages",
      message: `${new Set(errors.map((e) => JSON.stringify(e.path?.slice(0, basePath.length + 1)))).size} of ${raw.length} message(s) are invalid; nothing was stored`,
      details: { errors },
    });
  }
  return out;
}

/**
 * The write path: dedupe → resolve identity → append events, traits, identities and merges in one transaction per
 * flush. Concurrent callers are grouped into one commit (group commit); each caller's promise resolves only after
 * the commit that holds its messages, so an HTTP 200 always means durable.
 */
export class Ingestor {
  private pending: Pending[] = [];
  private flushing = false;
  private readonly listeners: CommitListener[] = [];
  readonly stats = { received: 0, stored: 0, duplicates: 0, suppressed: 0, commits: 0 };

  private constructor(
    private readonly store: Store,
    readonly identities: IdentityGraph,
    private readonly dedup: DedupCache,
    private readonly blocked: Set<string>,
  ) {}

  static async create(store: Store, opts: { dedupHorizonMs?: number } = {}): Promise<Ingestor> {
    const graph = new IdentityGraph();
    graph.load(await store.all<{ id_key: string; profile_id: string }>("SELECT id_key, profile_id FROM identities"));
    const dedup = new DedupCache(opts.dedupHorizonMs);
    const since = Date.now() - dedup.horizonMs;
    const seen = await store.all<{ source: string; message_id: string; received_at: number }>(
      "SELECT source, message_id, received_at FROM events WHERE received_at > $1 AND source <> 'demo' ORDER BY received_at",
      [since],
    );
    for (const r of seen) dedup.add(DedupCache.key(r.source, r.message_id), r.received_at);
    const blocked = new Set((await store.all<{ id_key: string }>("SELECT id_key FROM deletions")).map((r) => r.id_key));
    return new Ingestor(store, graph, dedup, blocked);
  }

  /** Called inside the commit transaction of every flush (streaming evaluation, outbox writes). */
  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  blockIds(keys: string[]): void {
    for (const k of keys) this.blocked.add(k);
  }

  unblockIds(keys: string[]): void {
    for (const k of keys) this.blocked.delete(k);
  }

  ingest(messages: SegmentMessage[], opts: IngestOptions): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ messages, opts, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flushLoop());
      }
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        const results = await this.commitGroup(group);
        group.forEach((p, i) => {
          p.resolve(results[i]!);
        });
      } catch (e) {
        // One transaction for the group failed: retry each caller alone so a single bad request cannot fail others.
        if (group.length > 1) {
          for (const p of group) {
            try {
              p.resolve((await this.commitGroup([p]))[0]!);
            } catch (e2) {
              p.reject(e2);
            }
          }
        } else group[0]?.reject(e);
      }
    }
    this.flushing = false;
  }

  private async commitGroup(group: Pending[]): Promise<IngestResult[]> {
    const staged = this.identities.stage();
    const stagedDedup: [string, number][] = [];
    const batchKeys = new Set<string>();
    const events: StoredEvent[] = [];
    const traitRows: { profile: string; key: string; value: string | null; ts: number; idx: number; kind: string }[] =
      [];
    const total = group.reduce((n, p) => n + p.messages.length, 0);
    const firstSeq = await this.store.nextSeq("events", total);
    let seq = firstSeq;
    const results = group.map((p) => {
      const receivedAt = p.opts.receivedAt ?? Date.now();
      const r: IngestResult = { received: p.messages.length, stored: 0, duplicates: 0, suppressed: 0 };
      for (const msg of p.messages) {
        const messageId = ensureMessageId(msg);
        const dkey = DedupCache.key(p.opts.source, messageId);
        if (batchKeys.has(dkey) || this.dedup.has(dkey, receivedAt)) {
          r.duplicates++;
          continue;
        }
        const userId = msg.userId ?? null;
        const anonymousId = msg.anonymousId ?? null;
        const previousId = msg.type === "alias" ? (msg.previousId ?? null) : null;
        if (this.isBlocked(userId, anonymousId, previousId)) {
          r.suppressed++;
          continue;
        }
        batchKeys.add(dkey);
        stagedDedup.push([dkey, receivedAt]);
        const ts = eventTime(msg, receivedAt);
        const profileId = staged.resolve({ userId, anonymousId, previousId }, ts, messageId);
        const ev: StoredEvent = {
          seq: seq++,
          messageId,
          source: p.opts.source,
          type: msg.type,
          event: eventName(msg),
          name: msg.type === "page" || msg.type === "screen" ? (msg.name ?? null) : null,
          profileId,
          userId,
          anonymousId,
          ts,
          receivedAt,
          properties: msg.properties ?? null,
          context: msg.context ?? null,
          traits: msg.traits ?? null,
          extra: extraFields(msg),
        };
        events.push(ev);
        if (msg.type === "identify" && msg.traits) {
          for (const [key, value] of Object.entries(msg.traits)) {
            traitRows.push({
              profile: profileId,
              key,
              value: json(value) ?? "null",
              ts,
              idx: ev.seq,
              kind: "identify",
            });
          }
        } else if (msg.type === "group") {
          const value = { id: msg.groupId, ...(msg.traits ?? {}) };
          traitRows.push({
            profile: profileId,
            key: "group",
            value: JSON.stringify(value),
            ts,
            idx: ev.seq,
            kind: "group",
          });
        }
        r.stored++;
      }
      return r;
    });
    for (const ev of events) ev.profileId = staged.find(ev.profileId);

    await this.store.transaction(async (tx) => {
      await this.writeIdentityChanges(tx, staged);
      await tx.append("events", events.map(eventRow));
      await tx.append(
        "trait_values",
        traitRows.map((t) => [staged.find(t.profile), t.key, t.value, t.ts, t.idx, t.kind] as SqlValue[]),
      );
      const batch: CommittedBatch = { events, merges: staged.merges };
      for (const l of this.listeners) await l(batch, tx);
    });
    this.identities.apply(staged);
    for (const [k, at] of stagedDedup) this.dedup.add(k, at);
    this.stats.commits++;
    for (const r of results) {
      this.stats.received += r.received;
      this.stats.stored += r.stored;
      this.stats.duplicates += r.duplicates;
      this.stats.suppressed += r.suppressed;
    }
    if (this.stats.commits % 1000 === 0) this.dedup.prune(Date.now());
    return results;
  }

  private isBlocked(userId: string | null, anonymousId: string | null, previousId: string | null): boolean {
    if (this.blocked.size === 0) return false;
    return (
      (userId !== null && this.blocked.has(userKey(userId))) ||
      (anonymousId !== null && this.blocked.has(anonKey(anonymousId))) ||
      (previousId !== null && (this.blocked.has(userKey(previousId)) || this.blocked.has(anonKey(previousId))))
    );
  }

  private async writeIdentityChanges(tx: StoreTx, s: Staged): Promise<void> {
    const now = Date.now();
    const newProfiles = [...s.newProfiles].filter((p) => s.find(p) === p);
    await tx.append(
      "profiles",
      newProfiles.map((p) => [p, now]),
    );
    await tx.append(
      "identities",
      [...s.newKeys].map(([k, p]) => [k, s.find(p), now]),
    );
    for (const m of s.merges) {
      const into = s.find(m.into);
      const params = [into, m.from];
      await tx.run("UPDATE identities SET profile_id = $1 WHERE profile_id = $2", params);
      await tx.run("UPDATE events SET profile_id = $1 WHERE profile_id = $2", params);
      await tx.run("UPDATE trait_values SET profile_id = $1 WHERE profile_id = $2", params);
      await tx.run("DELETE FROM computed_traits WHERE profile_id = $1", [m.from]);
      await tx.run("DELETE FROM profiles WHERE profile_id = $1", [m.from]);
    }
    await tx.append(
      "merges",
      s.merges.map((m) => [m.from, s.find(m.into), m.at, m.messageId]),
    );
  }
}

const eventRow = (e: StoredEvent): SqlValue[] => [
  e.seq,
  e.messageId,
  e.source,
  e.type,
  e.event,
  e.name,
  e.profileId,
  e.userId,
  e.anonymousId,
  e.ts,
  e.receivedAt,
  json(e.properties),
  json(e.context),
  json(e.traits),
  json(e.extra),
];
