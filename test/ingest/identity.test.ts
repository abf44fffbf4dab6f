import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Ingestor, validateAll } from "../../src/ingest/index.js";
import { ProfileService } from "../../src/profiles/index.js";
import { DuckDBStore } from "../../src/store/index.js";

let store: DuckDBStore;
let ingestor: Ingestor;
let profiles: ProfileService;
beforeEach(async () => {
  store = await DuckDBStore.open({ dataDir: null });
  ingestor = await Ingestor.create(store);
  profiles = new ProfileService(store);
});
afterEach(async () => {
  await store.close();
});

const send = (msgs: unknown[]) => ingestor.ingest(validateAll(msgs, ["batch"]), { source: "test" });
const at = (iso: string) => ({ timestamp: `2026-01-01T${iso}Z` });

describe("identity resolution", () => {
  it("merges an anonymous profile into the user when identify carries both ids; history follows", async () => {
    await send([
      { type: "page", anonymousId: "a1", name: "Home", ...at("10:00:00") },
      { type: "track", anonymousId: "a1", event: "Product Viewed", ...at("10:01:00") },
      { type: "track", userId: "u1", event: "Order Completed", ...at("09:00:00") },
    ]);
    expect(ingestor.identities.size).toBe(2);
    await send([{ type: "identify", userId: "u1", anonymousId: "a1", traits: { plan: "pro" }, ...at("10:02:00") }]);
    const p = await profiles.get("a1");
    expect(p.id).toBe("u1");
    expect(p.identities).toEqual({ userIds: ["u1"], anonymousIds: ["a1"] });
    expect(p.eventCount).toBe(4);
    expect(p.merges.map((m) => m.from)).toEqual(["a1"]);
    const owners = await store.all<{ profile_id: string }>("SELECT DISTINCT profile_id FROM events");
    expect(owners).toEqual([{ profile_id: "u1" }]);
    expect(await store.all("SELECT * FROM profiles WHERE profile_id = 'a1'")).toEqual([]);
  });

  it("alias merges previousId into userId, also within one batch", async () => {
    await send([
      { type: "track", anonymousId: "anon-9", event: "Product Added", ...at("08:00:00") },
      { type: "alias", previousId: "anon-9", userId: "user-9", ...at("08:05:00") },
      { type: "track", userId: "user-9", event: "Order Completed", ...at("08:06:00") },
    ]);
    const p = await profiles.get("user-9");
    expect(p.eventCount).toBe(3);
    expect(p.identities.anonymousIds).toEqual(["anon-9"]);
    expect(ingestor.identities.size).toBe(1);
  });

  it("chains identities across visits to one surviving profile", async () => {
    await send([{ type: "track", anonymousId: "x1", event: "E", ...at("01:00:00") }]);
    await send([{ type: "track", anonymousId: "x2", event: "E", ...at("01:00:01") }]);
    await send([{ type: "identify", userId: "ux", anonymousId: "x1", ...at("01:00:02") }]);
    await send([{ type: "identify", userId: "ux", anonymousId: "x2", ...at("01:00:03") }]);
    // The first profile keeps its id (ids are stable once issued); the user id joined it, x2 merged into it.
    const p = await profiles.get("x2");
    expect(p.id).toBe("x1");
    expect((await profiles.get("ux")).id).toBe("x1");
    expect(p.eventCount).toBe(4);
    expect(p.identities).toEqual({ userIds: ["ux"], anonymousIds: ["x1", "x2"] });
    expect(p.merges.map((m) => m.from)).toEqual(["x2"]);
  });

  it("folds traits by event time, not arrival time; later wins per key", async () => {
    await send([{ type: "identify", userId: "t1", traits: { plan: "pro", city: "Berlin" }, ...at("12:00:00") }]);
    // A late identify with an older timestamp must not override the newer plan.
    await send([{ type: "identify", userId: "t1", traits: { plan: "free", age: 30 }, ...at("11:00:00") }]);
    expect(await profiles.traitsOf("t1")).toEqual({ plan: "pro", city: "Berlin", age: 30 });
    expect(await profiles.traitsOf("t1", Date.parse("2026-01-01T11:30:00Z"))).toEqual({ plan: "free", age: 30 });
    await send([{ type: "identify", userId: "t1", traits: { city: null }, ...at("13:00:00") }]);
    expect(await profiles.traitsOf("t1")).toEqual({ plan: "pro", age: 30 });
  });

  it("keeps group traits under the group key", async () => {
    await send([
      {
        type: "group",
        userId: "g",
        groupId: "acme",
        traits: { industry: "retail", employees: 120 },
        ...at("10:00:00"),
      },
    ]);
    expect(await profiles.traitsOf("g")).toEqual({ group: { id: "acme", industry: "retail", employees: 120 } });
  });

  it("a failed commit leaves no identity trace behind", async () => {
    await store.run("DROP TABLE merges");
    await send([{ type: "track", anonymousId: "r1", event: "E" }]);
    await send([{ type: "track", userId: "r-user", event: "E" }]);
    await expect(
      send([
        { type: "identify", userId: "r-user", anonymousId: "r1" },
        { type: "track", anonymousId: "r2", event: "E" },
      ]),
    ).rejects.toThrow();
    expect(ingestor.identities.profileOfKey("anon:r1")).toBe("r1");
    expect(ingestor.identities.profileOfKey("anon:r2")).toBeUndefined();
    expect(await store.all("SELECT * FROM events WHERE anonymous_id = 'r2'")).toEqual([]);
  });
});
