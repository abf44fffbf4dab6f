import type { SegmentMessage } from "../src/model/index.js";
import type { Store } from "../src/store/index.js";

const ms = (v: unknown): number => (typeof v === "number" ? v : Date.parse(String(v)));

/**
 * Writes messages straight into the tables with profile_id = userId ?? anonymousId (no identity merging): the
 * pre-ingest loader for scenarios that do not need merges.
 */
export async function simpleLoad(store: Store, messages: readonly SegmentMessage[]): Promise<void> {
  const events: (string | number | null)[][] = [];
  const traits: (string | number | null)[][] = [];
  const profiles = new Map<string, number>();
  const first = await store.nextSeq("events", messages.length);
  messages.forEach((m, i) => {
    const seq = first + i;
    const pid = m.userId ?? m.anonymousId ?? "";
    const ts = ms(m.timestamp);
    profiles.set(pid, Math.min(profiles.get(pid) ?? ts, ts));
    if (m.type === "track" || m.type === "page" || m.type === "screen") {
      const event = m.type === "track" ? (m.event ?? null) : m.type === "page" ? "Page Viewed" : "Screen Viewed";
      events.push([
        seq,
        m.messageId ?? null,
        "test",
        m.type,
        event,
        m.name ?? null,
        pid,
        m.userId ?? null,
        m.anonymousId ?? null,
        ts,
        ts,
        JSON.stringify(m.properties ?? {}),
        "{}",
        null,
        "{}",
      ]);
    }
    if (m.type === "identify" || m.type === "group") {
      for (const [k, v] of Object.entries(m.traits ?? {})) traits.push([pid, k, JSON.stringify(v), ts, seq, m.type]);
    }
  });
  await store.transaction(async (tx) => {
    await tx.append("events", events);
    await tx.append("trait_values", traits);
    const existing = new Set(
      (await tx.all<{ profile_id: string }>("SELECT profile_id FROM profiles")).map((r) => r.profile_id),
    );
    await tx.append(
      "profiles",
      [...profiles].filter(([p]) => !existing.has(p)),
    );
  });
}
