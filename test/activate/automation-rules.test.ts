import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActivationService, type DeliveryWorker, ManualClock, type RuleInput } from "../../src/activate/index.js";
import { Ingestor } from "../../src/ingest/index.js";
import { bucketOf } from "../../src/model/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { identify, type Receiver, recordChange, SECRET_A, startReceiver } from "./activation-helpers.js";

const T0 = Date.parse("2024-01-15T12:00:00Z");
const H = 3_600_000;

let store: DuckDBStore;
let rx: Receiver;
let clock: ManualClock;
let svc: ActivationService;
let worker: DeliveryWorker;
let ingestor: Ingestor;

beforeEach(async () => {
  store = await DuckDBStore.open({ dataDir: null });
  ingestor = await Ingestor.create(store);
  rx = await startReceiver();
  clock = new ManualClock(T0);
  svc = new ActivationService(store, clock.now);
  await svc.destinations.put({ id: "journey", kind: "webhook", config: { url: rx.url, secrets: [SECRET_A] } });
  worker = svc.createWorker({ random: () => 0.5 });
});
afterEach(async () => {
  await worker.stop();
  await rx.close();
  await store.close();
});

const rule = (r: Partial<RuleInput> & Pick<RuleInput, "id" | "trigger">): Promise<unknown> =>
  svc.rules.put({ action: { destination: "journey" }, ...r } as RuleInput);

const change = (segment: string, profile: string, c: "entered" | "exited") =>
  recordChange(store, { segment, profile, change: c, at: clock.now() }, clock.now());

const sentTo = (): string[] => rx.requests.map((r) => String(r.json["profile"]));
const outcomes = async (ruleId: string): Promise<Record<string, string[]>> => {
  const out: Record<string, string[]> = {};
  for (const e of (await svc.rules.log({ rule: ruleId, limit: 1000 })).reverse()) {
    out[e.profile] = [...(out[e.profile] ?? []), e.outcome];
  }
  return out;
};

describe("automation rules (manual clock)", () => {
  it("a delayed action re-checks membership at send time: a person who left meanwhile never gets it", async () => {
    await rule({ id: "vip", trigger: { on: "entered", segment: "high_ltv" }, delay: "2h" });
    await change("high_ltv", "stays", "entered");
    await change("high_ltv", "leaves", "entered");
    await worker.drain();
    expect(rx.requests).toHaveLength(0);
    const pending = (await svc.outbox.list({ destination: "rule:vip" })).rows;
    expect(pending.map((r) => [r.status, r.nextAttemptAt])).toEqual([
      ["pending", new Date(T0 + 2 * H).toISOString()],
      ["pending", new Date(T0 + 2 * H).toISOString()],
    ]);
    clock.advance(H);
    await change("high_ltv", "leaves", "exited");
    await worker.drain();
    expect(rx.requests).toHaveLength(0);
    clock.advance(H);
    await worker.drain();
    expect(sentTo()).toEqual(["stays"]);
    expect(rx.requests[0]!.json).toMatchObject({ type: "action", rule: { id: "vip" }, trigger: { type: "entered" } });
    expect(await outcomes("vip")).toEqual({ stays: ["sent"], leaves: ["stale"] });
  });

  it("frequency cap: at most max sends per person per rule per period", async () => {
    await rule({ id: "nudge", trigger: { on: "entered", segment: "browsers" }, frequencyCap: { max: 2, per: "1d" } });
    for (let i = 0; i < 3; i++) {
      await change("browsers", "p", "entered");
      await worker.drain();
      clock.advance(60_000);
      await change("browsers", "p", "exited");
      await worker.drain();
      clock.advance(H);
    }
    expect(rx.requests).toHaveLength(2);
    expect(await outcomes("nudge")).toEqual({ p: ["sent", "sent", "capped"] });
    clock.set(T0 + 24 * H + 60_000);
    await change("browsers", "p", "entered");
    await worker.drain();
    expect(rx.requests).toHaveLength(3);
  });

  it("quiet hours in the person's time zone postpone the send to the end of the quiet window", async () => {
    clock.set(Date.parse("2024-01-15T03:00:00Z")); // 22:00 in New York, 12:00 in Tokyo, 03:00 UTC
    const ny = await identify(ingestor, store, "ny", { timezone: "America/New_York" }, clock.now() - H);
    const tokyo = await identify(ingestor, store, "tokyo", { timezone: "Asia/Tokyo" }, clock.now() - H);
    const utc = await identify(ingestor, store, "nozone", { timezone: "Mars/Olympus" }, clock.now() - H);
    await rule({
      id: "quiet",
      trigger: { on: "entered", segment: "s" },
      quietHours: { start: "21:00", end: "08:00" },
    });
    for (const p of [ny, tokyo, utc]) await change("s", p, "entered");
    await worker.drain();
    expect(sentTo()).toEqual([tokyo]);
    const waiting = (await svc.outbox.list({ destination: "rule:quiet", status: "pending" })).rows;
    expect(Object.fromEntries(waiting.map((r) => [r.profile, r.nextAttemptAt]))).toEqual({
      [ny]: "2024-01-15T13:00:00.000Z",
      [utc]: "2024-01-15T08:00:00.000Z",
    });
    clock.set(Date.parse("2024-01-15T07:59:59Z"));
    await worker.drain();
    expect(rx.requests).toHaveLength(1);
    clock.set(Date.parse("2024-01-15T08:00:00Z"));
    await worker.drain();
    expect(sentTo()).toEqual([tokyo, utc]);
    clock.set(Date.parse("2024-01-15T12:59:00Z"));
    await worker.drain();
    expect(rx.requests).toHaveLength(2);
    clock.set(Date.parse("2024-01-15T13:00:00Z"));
    await worker.drain();
    expect(sentTo()).toEqual([tokyo, utc, ny]);
  });

  it("consent and channel preference choose the channel; no consented channel suppresses", async () => {
    const before = T0 - 24 * H;
    const p1 = await identify(ingestor, store, "u1", { preferred_channel: "sms" }, before);
    const p2 = await identify(ingestor, store, "u2", { email_opt_in: false }, before);
    const p3 = await identify(
      ingestor,
      store,
      "u3",
      { consent: { email: { marketing: false }, sms: false, push: { marketing: false } } },
      before,
    );
    const p4 = await identify(ingestor, store, "u4", { unsubscribed: true }, before);
    const p5 = await identify(ingestor, store, "u5", { email_opt_in: true }, before);
    const p6 = await identify(ingestor, store, "u6", { plan: "pro" }, before);
    // A later API statement overrides an older trait.
    await svc.consent.set({ profile: "u5", channel: "email", purpose: "marketing", granted: false });
    await rule({
      id: "msg",
      trigger: { on: "entered", segment: "s" },
      action: { destination: "journey", channels: ["email", "sms", "push"] },
    });
    for (const p of [p1, p2, p3, p4, p5, p6]) await change("s", p, "entered");
    await worker.drain();
    const channelOf = Object.fromEntries(rx.requests.map((r) => [r.json["profile"], r.json["channel"]]));
    expect(channelOf).toEqual({ [p1]: "sms", [p2]: "sms", [p5]: "sms", [p6]: "email" });
    const log = await outcomes("msg");
    expect(log[p3]).toEqual(["suppressed"]);
    expect(log[p4]).toEqual(["suppressed"]);
  });

  it("consent is re-checked at send time, and suppression applies to audience destinations too", async () => {
    const p1 = await identify(ingestor, store, "a1", { email: "a1@example.com" }, T0 - H);
    const p2 = await identify(ingestor, store, "a2", { opt_out: true }, T0 - H);
    await svc.destinations.put({
      id: "audience",
      kind: "webhook",
      config: { url: rx.url, secrets: [SECRET_A] },
      segments: ["s"],
    });
    await rule({ id: "later", trigger: { on: "entered", segment: "s" }, delay: "1h" });
    await change("s", p1, "entered");
    await change("s", p2, "entered");
    await worker.drain();
    // The audience sync got p1 only; p2 (opted out of everything) is suppressed, visibly.
    expect(sentTo()).toEqual([p1]);
    const aud = (await svc.outbox.list({ destination: "audience" })).rows;
    expect(aud.map((r) => [r.profile, r.status])).toEqual([
      [p1, "delivered"],
      [p2, "suppressed"],
    ]);
    clock.advance(30 * 60_000);
    await svc.consent.set({ profile: "a1", granted: false });
    clock.advance(30 * 60_000);
    await worker.drain();
    expect(sentTo()).toEqual([p1]);
    expect(await outcomes("later")).toEqual({ [p1]: ["suppressed"], [p2]: ["suppressed"] });
    // p2 never reached the audience destination, so its exit is not sent either.
    await change("s", p2, "exited");
    await worker.drain();
    expect((await svc.outbox.list({ destination: "audience", profile: p2 })).rows.map((r) => r.status)).toEqual([
      "suppressed",
      "skipped",
    ]);
  });

  it("holdout members are logged as 'would have been sent' and not sent", async () => {
    const holdout = { percent: 50, salt: "winback-2024" };
    await store.run("INSERT INTO definitions VALUES ('segment', 'winback', 1, 'Win-back', $1, $2, false)", [
      JSON.stringify({
        id: "winback",
        name: "Win-back",
        definition: { trait: "x", op: "exists" },
        holdout,
        refresh: "realtime",
        version: 1,
      }),
      T0,
    ]);
    await svc.destinations.put({
      id: "audience",
      kind: "webhook",
      config: { url: rx.url, secrets: [SECRET_A] },
      segments: ["winback"],
    });
    await rule({ id: "wb", trigger: { on: "entered", segment: "winback" } });
    const people = Array.from({ length: 20 }, (_, i) => `c${i}`);
    for (const p of people) await change("winback", p, "entered");
    await worker.drain();
    const held = people.filter((p) => bucketOf(holdout.salt, p) < holdout.percent);
    const treated = people.filter((p) => bucketOf(holdout.salt, p) >= holdout.percent);
    expect(held.length).toBeGreaterThan(0);
    expect(treated.length).toBeGreaterThan(0);
    const actions = rx.requests.filter((r) => r.json["type"] === "action").map((r) => String(r.json["profile"]));
    expect(actions.sort()).toEqual([...treated].sort());
    const audience = rx.requests.filter((r) => r.json["type"] === "membership").map((r) => String(r.json["profile"]));
    expect(audience.sort()).toEqual([...treated].sort());
    const log = await svc.rules.log({ rule: "wb", limit: 100 });
    const heldLog = log.filter((e) => e.outcome === "held_out");
    expect(heldLog.map((e) => e.profile).sort()).toEqual([...held].sort());
    expect(heldLog.every((e) => e.detail?.includes("would have been sent"))).toBe(true);
  });

  it("trait-change and event triggers (lifecycle active → lapse_risk; a tracked event with a condition)", async () => {
    await rule({ id: "lapse", trigger: { on: "trait", trait: "lifecycle", from: "active", to: "lapse_risk" } });
    await rule({
      id: "cart",
      trigger: { on: "event", event: "Cart Abandoned", where: [{ property: "value", op: "gt", value: 100 }] },
      conditions: [{ trait: "plan", op: "neq", value: "internal" }],
    });
    const p = await identify(ingestor, store, "l1", { lifecycle: "new" }, T0 - 3 * H);
    await worker.drain(); // the scan starts from here: history never fires rules
    await identify(ingestor, store, "l1", { lifecycle: "active" }, T0 - 2 * H);
    await identify(ingestor, store, "l1", { lifecycle: "lapse_risk" }, T0 - H);
    const track = (value: number) =>
      ingestor.ingest(
        [
          {
            type: "track",
            userId: "l1",
            event: "Cart Abandoned",
            properties: { value },
            timestamp: new Date(T0).toISOString(),
          } as never,
        ],
        { source: "test" },
      );
    await track(50);
    await track(150);
    await worker.drain();
    const got = rx.requests.map((r) => ({
      rule: (r.json["rule"] as { id: string }).id,
      trigger: r.json["trigger"] as Record<string, unknown>,
    }));
    expect(got.map((g) => g.rule).sort()).toEqual(["cart", "lapse"]);
    const lapse = got.find((g) => g.rule === "lapse")!.trigger;
    expect(lapse).toMatchObject({ type: "trait", trait: "lifecycle", from: "active", to: "lapse_risk" });
    expect(rx.requests.every((r) => r.json["profile"] === p)).toBe(true);
  });

  it("computed-trait change ($lifecycle active → lapse_risk) fires once, with $-conditions checked at send time", async () => {
    await rule({
      id: "lapse-msg",
      trigger: { on: "trait", trait: "$lifecycle", from: "active", to: "lapse_risk" },
      conditions: [{ trait: "$lifecycle", op: "eq", value: "lapse_risk" }],
    });
    const refresh = async (values: Record<string, string>) => {
      await store.run("DELETE FROM computed_traits WHERE name = 'lifecycle'");
      for (const [p, v] of Object.entries(values)) {
        await store.run("INSERT INTO computed_traits VALUES ($1, 'lifecycle', $2, 1, $3)", [p, JSON.stringify(v), T0]);
      }
    };
    await refresh({ a: "active", b: "new", c: "active" });
    await worker.drain(); // first sight of $lifecycle: primed, nothing fires
    await refresh({ a: "lapse_risk", b: "lapse_risk", c: "active" });
    await worker.drain();
    expect(rx.requests).toHaveLength(0); // scans run at most every 5 s of the worker's clock
    clock.advance(5000);
    await worker.drain();
    expect(sentTo()).toEqual(["a"]);
    expect(rx.requests[0]!.json["trigger"]).toMatchObject({ type: "trait", trait: "$lifecycle", from: "active" });
    clock.advance(5000);
    await worker.drain();
    expect(rx.requests).toHaveLength(1);
  });
});
