import { Hono } from "hono";
import type { SegmentRecord } from "../../src/model/index.js";
import { errorResponse } from "../../src/server/index.js";
import { measureRoutes } from "../../src/server/routes/measure-routes.js";
import { DuckDBStore, type SqlValue, type Store } from "../../src/store/index.js";

export const DAY = 86_400_000;
export const D0 = Date.UTC(2026, 0, 1);

export interface EventSpec {
  profile: string;
  event: string;
  ts: number;
  properties?: Record<string, unknown>;
}

export const openStore = (): Promise<DuckDBStore> => DuckDBStore.open({ dataDir: null });

/** The measure routes mounted under /api with the server's one error body, as the lead mounts them. */
export function measureApp(store: Store): Hono {
  const app = new Hono();
  app.onError((err, c) => errorResponse(c, err));
  app.route("/api", measureRoutes(store));
  return app;
}

export async function getJson<T = Record<string, unknown>>(
  app: Hono,
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
  const r = await app.request(url, init);
  return { status: r.status, body: (await r.json()) as T };
}

export const jsonInit = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** Writes profiles (created at `createdAt`) and track events straight into the store tables, in one transaction. */
export async function writeEvents(
  store: Store,
  profiles: readonly string[],
  events: readonly EventSpec[],
  createdAt = D0 - 400 * DAY,
): Promise<void> {
  const first = events.length > 0 ? await store.nextSeq("events", events.length) : 0;
  await store.transaction(async (tx) => {
    const existing = new Set(
      (await tx.all<{ profile_id: string }>("SELECT profile_id FROM profiles")).map((r) => r.profile_id),
    );
    await tx.append(
      "profiles",
      profiles.filter((p) => !existing.has(p)).map((p) => [p, createdAt]),
    );
    const rows: SqlValue[][] = events.map((e, i) => [
      first + i,
      `m-${first + i}`,
      "test",
      "track",
      e.event,
      null,
      e.profile,
      e.profile,
      null,
      e.ts,
      e.ts,
      JSON.stringify(e.properties ?? {}),
      "{}",
      null,
      "{}",
    ]);
    await tx.append("events", rows);
  });
}

export async function writeSegment(
  store: Store,
  record: Omit<SegmentRecord, "version" | "refresh"> & Partial<SegmentRecord>,
): Promise<void> {
  const body: SegmentRecord = { refresh: "daily", version: 1, ...record };
  await store.run("INSERT INTO definitions VALUES ('segment', $1, $2, $3, $4, 0, false)", [
    body.id,
    body.version,
    body.name,
    JSON.stringify(body),
  ]);
}

export async function writeTraits(
  store: Store,
  rows: readonly { profile: string; key: string; value: unknown; ts: number }[],
): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.append(
      "trait_values",
      rows.map((r, i) => [r.profile, r.key, JSON.stringify(r.value), r.ts, i + 1, "identify"]),
    );
  });
}

export async function writeLog(
  store: Store,
  segment: string,
  rows: readonly { profile: string; change: "entered" | "exited"; at: number }[],
): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.append(
      "membership_log",
      rows.map((r, i) => [i + 1, segment, 1, r.profile, r.change, r.at, "test", null]),
    );
    // Current members (the memberships view) = the profiles whose last logged change is an entry.
  });
}

/** The one error body of the API. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}
