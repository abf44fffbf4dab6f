import { type SqlValue, type Store, type StoreTx, TABLES } from "../store/index.js";
import { IDS_ANON, IDS_USER, K, KINDS } from "./event-columns.js";
import type { PopulationSimulator } from "./profile-simulator.js";

/** Rows per appender call: large enough to amortise the call, small enough to bound the row objects alive at once. */
export const CHUNK_ROWS = 100_000;
export const SOURCE = "demo";
const EVENT_COLUMNS = Object.keys(TABLES.events).length;

export interface WriteProgress {
  done: number;
  total: number;
}

export interface WriteCounts {
  events: number;
  traits: number;
}

type Rows = SqlValue[][];

/**
 * Writes a simulated population straight into the store tables in one transaction (all or nothing): events in
 * arrival order with a freshly allocated block of seq numbers, profiles, identities and one trait_values row per
 * top-level trait key of every identify (and the "group" key of every group call).
 */
export async function writePopulation(
  store: Store,
  sim: PopulationSimulator,
  onProgress: (p: WriteProgress) => void = () => undefined,
): Promise<WriteCounts> {
  const ev = sim.events;
  const order = ev.arrivalOrder(sim.window.start);
  const n = order.length;
  const firstSeq = n > 0 ? await store.nextSeq("events", n) : 0;
  const seed = sim.window.seed;
  let traits = 0;
  await store.transaction(async (tx) => {
    await appendChunked(tx, "profiles", profileRows(sim));
    await appendChunked(tx, "identities", identityRows(sim));
    const rows: Rows = [];
    for (let off = 0; off < n; off += CHUNK_ROWS) {
      const stop = Math.min(n, off + CHUNK_ROWS);
      // Row arrays are reused across chunks (the appender copies values): 100k allocations instead of millions.
      rows.length = stop - off;
      const traitRows: Rows = [];
      for (let r = off; r < stop; r++) {
        const i = order[r] as number;
        const seq = firstSeq + r;
        const kind = ev.kind[i] as number;
        const k = KINDS[kind] ?? KINDS[0];
        const ts = ev.ts[i] as number;
        const ids = ev.ids[i] as number;
        const profile = ev.profile[i] as number;
        const profileId = sim.userIds[profile] ?? null;
        const payload = ev.payload[i] ?? null;
        const isTraits = kind === K.identify || kind === K.group;
        let row = rows[r - off];
        if (row === undefined) {
          row = new Array<SqlValue>(EVENT_COLUMNS);
          rows[r - off] = row;
        }
        row[0] = seq;
        row[1] = `${SOURCE}-${seed}-${r}`;
        row[2] = SOURCE;
        row[3] = k.type;
        row[4] = k.event;
        row[5] = ev.name[i] ?? null;
        row[6] = profileId;
        row[7] = ids & IDS_USER ? profileId : null;
        row[8] = ids & IDS_ANON ? (sim.anonymousIds[profile] ?? null) : null;
        row[9] = ts;
        row[10] = ts + (ev.delay[i] as number);
        row[11] = isTraits ? null : payload;
        row[12] = sim.contexts[profile] ?? null;
        row[13] = isTraits ? payload : null;
        row[14] = ev.extra[i] ?? null;
        if (isTraits && payload !== null && profileId !== null) {
          traitValueRows(traitRows, kind, profileId, payload, ev.extra[i] ?? null, ts, seq);
        }
      }
      await tx.append("events", rows);
      await tx.append("trait_values", traitRows);
      traits += traitRows.length;
      onProgress({ done: stop, total: n });
    }
  });
  return { events: n, traits };
}

function traitValueRows(
  out: Rows,
  kind: number,
  profileId: string,
  payload: string,
  extra: string | null,
  ts: number,
  seq: number,
): void {
  const traits = JSON.parse(payload) as Record<string, unknown>;
  if (kind === K.group) {
    const groupId = extra === null ? null : (JSON.parse(extra) as { groupId?: string }).groupId;
    out.push([profileId, "group", JSON.stringify({ id: groupId, ...traits }), ts, seq, "group"]);
    return;
  }
  for (const [key, value] of Object.entries(traits)) {
    out.push([profileId, key, JSON.stringify(value), ts, seq, "identify"]);
  }
}

function profileRows(sim: PopulationSimulator): Rows {
  return sim.userIds.map((id, i) => [id, sim.createdAt[i] ?? null]);
}

function identityRows(sim: PopulationSimulator): Rows {
  const rows: Rows = [];
  sim.userIds.forEach((id, i) => {
    rows.push([`user:${id}`, id, sim.identifiedAt[i] ?? null]);
    const anon = sim.anonymousIds[i];
    if (anon) rows.push([`anon:${anon}`, id, sim.createdAt[i] ?? null]);
  });
  return rows;
}

async function appendChunked(tx: StoreTx, table: string, rows: Rows): Promise<void> {
  for (let off = 0; off < rows.length; off += CHUNK_ROWS) await tx.append(table, rows.slice(off, off + CHUNK_ROWS));
}
