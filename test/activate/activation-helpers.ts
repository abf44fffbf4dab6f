import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Ingestor } from "../../src/ingest/index.js";
import type { Store } from "../../src/store/index.js";

export interface Change {
  segment: string;
  version?: number;
  profile: string;
  change: "entered" | "exited";
  at: number;
  reason?: string;
}

/**
 * Writes one membership change exactly as the producer contract says (the streaming evaluator's side): one
 * membership_log row (the memberships view reads it) and ONE outbox row for destination "*", all in one transaction.
 */
export async function recordChange(store: Store, c: Change, createdAt = Date.now()): Promise<string> {
  const version = c.version ?? 1;
  const atIso = new Date(c.at).toISOString();
  const reason = c.reason ?? `test ${c.change}`;
  const key = `${c.segment}:${version}:${c.profile}:${c.change}:${atIso}`;
  const payload = { segment: c.segment, version, profile: c.profile, change: c.change, at: atIso, reason };
  await store.transaction(async (tx) => {
    const logSeq = await store.nextSeq("membership_log");
    await tx.append("membership_log", [[logSeq, c.segment, version, c.profile, c.change, c.at, reason, "test"]]);
    const seq = await store.nextSeq("outbox");
    await tx.append("outbox", [
      [seq, key, "*", "membership", c.profile, JSON.stringify(payload), "pending", 0, c.at, null, createdAt, null],
    ]);
  });
  return key;
}

export interface Received {
  key: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  status: number;
  at: number;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** Decides the status for each request (default 200). */
  respond: (r: Omit<Received, "status">) => number | Promise<number>;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 (node:http) recording every request and the status it answered. */
export async function startReceiver(delayMs = 0): Promise<Receiver> {
  const rec: Receiver = {
    url: "",
    requests: [],
    respond: () => 200,
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {}
      const key = String(req.headers["idempotency-key"] ?? json["id"] ?? "");
      const base = { key, headers: req.headers, body, json, at: Date.now() };
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const status = await rec.respond(base);
      rec.requests.push({ ...base, status });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status < 300 ? '{"ok":true}' : '{"error":"unavailable"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  rec.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  rec.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return rec;
}

export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - t0;
}

/** Sends identify messages through the real ingestion path and returns the profile id of the user. */
export async function identify(
  ingestor: Ingestor,
  store: Store,
  userId: string,
  traits: Record<string, unknown>,
  at = Date.now(),
): Promise<string> {
  await ingestor.ingest([{ type: "identify", userId, traits, timestamp: new Date(at).toISOString() } as never], {
    source: "test",
    receivedAt: at,
  });
  const rows = await store.all<{ profile_id: string }>("SELECT profile_id FROM identities WHERE id_key = $1", [
    `user:${userId}`,
  ]);
  return rows[0]!.profile_id;
}

export const SECRET_A = "whsec_test_secret_aaaaaaaaaaaaaaaa";
export const SECRET_B = "whsec_test_secret_bbbbbbbbbbbbbbbb";
