import { Analytics } from "@segment/analytics-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe("the real @segment/analytics-node client", () => {
  it("sends identify/track/page/group/alias to Tessera and the merged profile reads back", async () => {
    const analytics = new Analytics({
      writeKey: t.writeKey,
      host: t.server.url,
      flushAt: 3,
      flushInterval: 50,
      maxRetries: 1,
    });
    const errors: unknown[] = [];
    analytics.on("error", (e) => errors.push(e));
    analytics.page({ anonymousId: "visitor-7", name: "Pricing", properties: { path: "/pricing" } });
    analytics.track({ anonymousId: "visitor-7", event: "Product Added", properties: { sku: "A1", price: 19 } });
    analytics.identify({ userId: "ada", anonymousId: "visitor-7", traits: { name: "Ada", plan: "pro" } });
    analytics.group({ userId: "ada", groupId: "acme", traits: { industry: "software", employees: 40 } });
    analytics.track({ userId: "ada", event: "Order Completed", properties: { revenue: 99.5 } });
    analytics.alias({ userId: "ada", previousId: "legacy-ada-id" });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);

    const res = await t.api("/api/profiles/visitor-7");
    expect(res.status).toBe(200);
    const p = (await res.json()) as {
      id: string;
      traits: Record<string, unknown>;
      identities: { userIds: string[]; anonymousIds: string[] };
      eventCounts: Record<string, number>;
      eventCount: number;
    };
    expect(p.traits).toMatchObject({
      name: "Ada",
      plan: "pro",
      group: { id: "acme", industry: "software", employees: 40 },
    });
    expect(p.identities.userIds).toEqual(["ada"]);
    expect(p.identities.anonymousIds).toEqual(expect.arrayContaining(["visitor-7", "legacy-ada-id"]));
    expect(p.eventCounts).toMatchObject({ "Page Viewed": 1, "Product Added": 1, "Order Completed": 1 });
    expect(p.eventCount).toBe(6);
    const byUser = (await (await t.api("/api/profiles/ada")).json()) as { id: string };
    expect(byUser.id).toBe(p.id);
    const timeline = (await (await t.api(`/api/profiles/ada/events?limit=2`)).json()) as {
      events: { type: string; context: { library?: { name: string } } }[];
      nextCursor: string;
    };
    expect(timeline.events).toHaveLength(2);
    expect(timeline.events[0]?.context.library?.name).toBe("@segment/analytics-node");
    const rest = (await (await t.api(`/api/profiles/ada/events?cursor=${timeline.nextCursor}`)).json()) as {
      events: unknown[];
    };
    expect(rest.events).toHaveLength(4);
  });
});
