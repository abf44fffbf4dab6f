import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runCli } from "../helpers/run-cli.js";

const T0 = Date.parse("2024-03-01T00:00:00Z");
const iso = (h: number) => new Date(T0 + h * 3_600_000).toISOString();

function fixture(): { dir: string; events: string; segments: string } {
  const dir = mkdtempSync(join(tmpdir(), "tessera-replay-"));
  const segments = join(dir, "segments");
  mkdirSync(segments);
  writeFileSync(join(segments, "recent.json"), JSON.stringify({ performed: "Page Viewed", within: "2h" }));
  writeFileSync(
    join(segments, "buyers.json"),
    JSON.stringify({
      id: "buyers",
      name: "Repeat buyers",
      definition: { performed: "Order Completed", count: { op: "gte", value: 2 } },
    }),
  );
  writeFileSync(join(segments, "cart.tsg"), 'did "Product Added" then not "Order Completed" for 1h');
  const msgs = [
    { type: "page", userId: "u1", name: "Home", timestamp: iso(0) },
    { type: "track", anonymousId: "a9", event: "Order Completed", timestamp: iso(1) },
    { type: "identify", userId: "u2", anonymousId: "a9", traits: { plan: "pro" }, timestamp: iso(2) },
    { type: "track", userId: "u2", event: "Order Completed", timestamp: iso(3) },
    { type: "track", userId: "u1", event: "Product Added", timestamp: iso(4) },
    { type: "page", userId: "u2", name: "Home", timestamp: iso(5) },
    { type: "track", userId: "u3", event: "Ping", timestamp: iso(9) },
  ].map((m, i) => JSON.stringify({ ...m, messageId: `m${i}` }));
  const events = join(dir, "events.ndjson");
  writeFileSync(events, `${msgs.join("\n")}\n`);
  return { dir, events, segments };
}

describe("tessera replay", () => {
  it("replays with an event-time clock, writes the change log and agrees with batch (--check)", async () => {
    const f = fixture();
    const log = join(f.dir, "changes.ndjson");
    const r = await runCli(["replay", f.events, "--segments", f.segments, "--out", log, "--check", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = jsonOf<{
      events: number;
      changes: { entered: number; exited: number };
      members: Record<string, number>;
      check: { ok: boolean };
    }>(r);
    expect(out.events).toBe(7);
    // u2 (merged with a9) bought twice; u2 viewed at 5h (window 2h, last instant 9h: gone); u1's cart waits since 4h.
    expect(out.members).toEqual({ "Repeat buyers": 1, cart: 1, recent: 0 });
    expect(out.check.ok).toBe(true);
    const changes = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(changes.length).toBe(out.changes.entered + out.changes.exited);
    const recentExit = changes.find((c) => c.segment === "recent" && c.profile === "u1" && c.change === "exited");
    expect(recentExit?.at).toBe(iso(2));
    expect(recentExit?.reason).toBe('window expired: performed "Page Viewed": count 0 in 2h ≥ 1');
    const cart = changes.find((c) => c.segment === "cart" && c.change === "entered");
    expect(cart).toMatchObject({ profile: "u1", at: iso(5), version: 1 });
  });

  it("names the file, line and column of a bad text definition", async () => {
    const f = fixture();
    writeFileSync(join(f.segments, "bad.tsg"), 'performed "A" within');
    const r = await runCli(["replay", f.events, "--segments", f.segments, "--json"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/bad\.tsg:1:\d+/);
  });
});
