import type { StoreTx } from "../store/index.js";
import type { StreamEvent, StreamMerge } from "./stream-event.js";

export interface EventRow {
  seq: number;
  message_id: string;
  type: string;
  event: string | null;
  profile_id: string;
  ts: number;
  properties: string | null;
  traits: string | null;
  extra: string | null;
}

const parse = (s: string | null): Record<string, unknown> | null =>
  s === null ? null : (JSON.parse(s) as Record<string, unknown>);

export const eventOfRow = (r: EventRow): StreamEvent => ({
  seq: r.seq,
  ts: r.ts,
  profileId: r.profile_id,
  type: r.type,
  event: r.event,
  messageId: r.message_id,
  properties: parse(r.properties),
  traits: parse(r.traits),
  extra: parse(r.extra),
});

const PAGE = 20_000;

/**
 * Reads the event log (events.seq in (from, before)) in pages, in arrival order, with the identity merges each page's
 * messages caused; `names` restricts to those event names (backfill). Profile ids are the current (merged) ones.
 */
export async function readEventLog(
  db: Pick<StoreTx, "all">,
  from: number,
  before: number,
  names: readonly string[] | null,
  fn: (events: EventRow[], merges: StreamMerge[]) => void,
): Promise<void> {
  let cursor = from;
  const upper = Number.isFinite(before) ? before : Number.MAX_SAFE_INTEGER;
  for (;;) {
    const params: (string | number)[] = [cursor, upper];
    let filter = "";
    if (names) {
      if (names.length === 0) return;
      filter = ` AND event IN (${names.map((n) => {
        params.push(n);
        return `$${params.length}`;
      })})`;
    }
    const rows = await db.all<EventRow>(
      `SELECT seq, message_id, type, event, profile_id, ts, properties, traits, extra FROM events WHERE seq > $1 AND seq < $2${filter} ORDER BY seq LIMIT ${PAGE}`,
      params,
    );
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!.seq;
    const merges = names
      ? []
      : await db.all<{ from_profile: string; into_profile: string; merged_at: number; message_id: string }>(
          "SELECT m.from_profile, m.into_profile, m.merged_at, m.message_id FROM merges m JOIN events e ON e.message_id = m.message_id WHERE e.seq > $1 AND e.seq <= $2",
          [cursor, last],
        );
    fn(
      rows,
      merges.map((m) => ({ from: m.from_profile, into: m.into_profile, at: m.merged_at, messageId: m.message_id })),
    );
    if (rows.length < PAGE) return;
    cursor = last;
  }
}
