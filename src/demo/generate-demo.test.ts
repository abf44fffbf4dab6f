import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTesseraError } from "../model/index.js";
import { DuckDBStore } from "../store/index.js";
import { CHANNELS, type DemoSummary, EXPERIMENT, generateDemo, resolveDemoOptions, variantOf } from "./index.js";

const END = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const SMALL = { profiles: 300, days: 30, seed: 7, end: END };

async function fingerprint(store: DuckDBStore): Promise<Record<string, unknown>> {
  const [row] = await store.all(
    `SELECT
       (SELECT count(*) FROM events) AS events,
       (SELECT count(*) FROM profiles) AS profiles,
       (SELECT count(*) FROM identities) AS identities,
       (SELECT count(*) FROM trait_values) AS traits,
       (SELECT sum(hash(message_id, ts, properties, traits, user_id, anonymous_id))::VARCHAR FROM events) AS ev,
       (SELECT sum(hash(profile_id, key, value, ts))::VARCHAR FROM trait_values) AS tv,
       (SELECT sum(hash(id_key, profile_id, created_at))::VARCHAR FROM identities) AS ids`,
  );
  return row ?? {};
}

const num = (x: unknown): number => Number(x);

describe("resolveDemoOptions", () => {
  it("fills the defaults and names the flag of an out-of-range value", () => {
    expect(resolveDemoOptions({ end: END })).toEqual({ profiles: 50_000, days: 180, seed: 42, end: END, force: false });
    for (const [flag, opts] of [
      ["--profiles", { profiles: 0 }],
      ["--days", { days: 1.5 }],
      ["--seed", { seed: -1 }],
    ] as const) {
      const err = (() => {
        try {
          resolveDemoOptions(opts);
        } catch (e) {
          return e;
        }
      })();
      expect(isTesseraError(err) && err.code).toBe("bad_option");
      expect(isTesseraError(err) && err.path).toEqual([flag]);
    }
  });
});

describe("generateDemo: small workspace", () => {
  let a: DuckDBStore;
  let b: DuckDBStore;
  let summary: DemoSummary;

  beforeAll(async () => {
    a = await DuckDBStore.open({ dataDir: null });
    b = await DuckDBStore.open({ dataDir: null });
    summary = await generateDemo(a, SMALL);
    await generateDemo(b, SMALL);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("is deterministic: two runs with the same options write identical rows", async () => {
    const fa = await fingerprint(a);
    expect(fa).toEqual(await fingerprint(b));
    expect(num(fa["events"])).toBe(summary.events);
    expect(num(fa["profiles"])).toBe(300);
    expect(num(fa["traits"])).toBe(summary.traits);
  });

  it("depends on the seed", async () => {
    const c = await DuckDBStore.open({ dataDir: null });
    await generateDemo(c, { ...SMALL, seed: 8 });
    expect((await fingerprint(c))["ev"]).not.toBe((await fingerprint(a))["ev"]);
    await c.close();
  });

  it("refuses a store that already has events unless forced, then replaces them", async () => {
    const err = await generateDemo(a, SMALL).catch((e: unknown) => e);
    expect(isTesseraError(err) && err.code).toBe("demo_exists");
    const again = await generateDemo(a, { ...SMALL, force: true });
    expect(again.events).toBe(summary.events);
    expect(await fingerprint(a)).toEqual(await fingerprint(b));
    // seq never goes back: the replacement rows come after the deleted ones.
    const [s] = await a.all<{ lo: number }>("SELECT min(seq) AS lo FROM events");
    expect(s?.lo).toBe(summary.events + 1);
  });

  it("keeps every event inside the window, owned by an existing profile, in arrival order", async () => {
    const [r] = await a.all(
      `SELECT count(*) FILTER (WHERE profile_id NOT IN (SELECT profile_id FROM profiles)) AS orphans,
              count(*) FILTER (WHERE ts < $1 OR ts >= $2) AS outside,
              count(*) FILTER (WHERE received_at < ts) AS early,
              count(DISTINCT message_id) AS ids, count(*) AS n, count(DISTINCT seq) AS seqs
       FROM events`,
      [END - 30 * DAY, END],
    );
    expect(num(r?.["orphans"])).toBe(0);
    expect(num(r?.["outside"])).toBe(0);
    expect(num(r?.["early"])).toBe(0);
    expect(num(r?.["ids"])).toBe(num(r?.["n"]));
    expect(num(r?.["seqs"])).toBe(num(r?.["n"]));
    const [inv] = await a.all(
      `SELECT count(*) AS n FROM (SELECT received_at, lag(received_at) OVER (ORDER BY seq) AS prev FROM events)
       WHERE received_at < prev`,
    );
    expect(num(inv?.["n"])).toBe(0);
  });

  it("writes the documented event shapes", async () => {
    const kinds = await a.all<{ type: string; event: string | null; n: number }>(
      "SELECT type, event, count(*) AS n FROM events GROUP BY ALL",
    );
    const names = new Set(kinds.map((k) => k.event ?? k.type));
    for (const e of ["identify", "Page Viewed", "Campaign Touch", "Product Viewed", "Product Added", "Message Sent"]) {
      expect(names).toContain(e);
    }
    for (const e of ["Checkout Started", "Order Completed", "Subscription Started", "Experiment Viewed"]) {
      expect(names).toContain(e);
    }
    const [shape] = await a.all(
      `SELECT
         count(*) FILTER (WHERE type = 'page' AND (event <> 'Page Viewed' OR name IS NULL)) AS bad_pages,
         count(*) FILTER (WHERE type = 'identify' AND (event IS NOT NULL OR traits IS NULL)) AS bad_identifies,
         count(*) FILTER (WHERE event = 'Order Completed' AND NOT (
           json_extract_string(properties, '$.order_id') IS NOT NULL AND (json_extract_string(properties, '$.revenue'))::DOUBLE > 0
           AND (json_extract_string(properties, '$.items'))::INTEGER >= 1 AND json_extract_string(properties, '$.currency') = 'USD'
           AND json_array_length(json_extract(properties, '$.products')) >= 1)) AS bad_orders,
         count(*) FILTER (WHERE event = 'Campaign Touch'
           AND json_extract_string(properties, '$.channel') NOT IN (${CHANNELS.map((c) => `'${c}'`).join(", ")})) AS bad_touches,
         count(*) FILTER (WHERE event LIKE 'Message %'
           AND json_extract_string(properties, '$.channel') NOT IN ('email', 'sms', 'push')) AS bad_messages,
         count(*) FILTER (WHERE event = 'NPS Answered'
           AND NOT (json_extract_string(properties, '$.score'))::INTEGER BETWEEN 0 AND 10) AS bad_nps
       FROM events`,
    );
    expect(shape).toEqual({
      bad_pages: 0,
      bad_identifies: 0,
      bad_orders: 0,
      bad_touches: 0,
      bad_messages: 0,
      bad_nps: 0,
    });
  });

  it("writes one trait value per key per identify; later rows carry plan changes", async () => {
    const [r] = await a.all(
      `SELECT (SELECT count(*) FROM trait_values) AS tv,
              (SELECT sum(json_array_length(json_keys(traits::JSON))) FROM events WHERE type = 'identify')
              + (SELECT count(*) FROM events WHERE type = 'group') AS expected,
              (SELECT count(*) FROM trait_values WHERE kind = 'group'
                 AND json_extract_string(value, '$.industry') IS NOT NULL AND json_extract_string(value, '$.id') LIKE 'g%') AS groups,
              (SELECT count(*) FROM events WHERE type = 'group') AS group_events,
              (SELECT count(DISTINCT profile_id) FROM trait_values WHERE key = 'email') AS with_email`,
    );
    expect(num(r?.["tv"])).toBe(num(r?.["expected"]));
    expect(num(r?.["groups"])).toBe(num(r?.["group_events"]));
    expect(num(r?.["with_email"])).toBe(300);
    const upgrades = await a.all(
      `SELECT t.profile_id FROM trait_values t JOIN events e ON e.seq = t.seq
       WHERE t.key = 'plan' AND t.value <> '"free"' AND e.type = 'identify'`,
    );
    expect(upgrades.length).toBeGreaterThan(0);
  });

  it("merges anonymous-first visitors: anonymous events, then an identify carrying both ids", async () => {
    const rows = await a.all<{ profile_id: string; anon_only: number; first_anon: number; identified: number }>(
      `SELECT i.profile_id,
              count(*) FILTER (WHERE e.user_id IS NULL AND e.anonymous_id IS NOT NULL) AS anon_only,
              min(e.ts) FILTER (WHERE e.user_id IS NULL) AS first_anon,
              min(e.ts) FILTER (WHERE e.type = 'identify' AND e.user_id IS NOT NULL
                                AND e.anonymous_id IS NOT NULL) AS identified
       FROM identities i JOIN events e ON e.profile_id = i.profile_id
       WHERE i.id_key LIKE 'anon:%' AND e.anonymous_id = substr(i.id_key, 6)
       GROUP BY i.profile_id`,
    );
    const [{ n } = { n: 0 }] = await a.all<{ n: number }>(
      "SELECT count(*) AS n FROM identities WHERE id_key LIKE 'anon:%'",
    );
    expect(n).toBeGreaterThan(50);
    expect(rows.length).toBe(n);
    for (const r of rows) {
      expect(r.anon_only).toBeGreaterThan(0);
      expect(r.first_anon).toBeLessThan(r.identified);
    }
  });

  it("writes reviews whose wording agrees with the rating", async () => {
    const reviews = await a.all<{ rating: number; text: string }>(
      `SELECT (json_extract_string(properties, '$.rating'))::INTEGER AS rating, json_extract_string(properties, '$.text') AS text
       FROM events WHERE event = 'Review Submitted'`,
    );
    expect(reviews.length).toBeGreaterThan(0);
    for (const r of reviews) {
      if (r.rating >= 4)
        expect(r.text).toMatch(/love|excellent|great|fantastic|perfect|wonderful|recommend|happy|exceeded|beautiful/i);
      if (r.rating <= 2)
        expect(r.text).toMatch(/disappoint|terrible|waste|awful|broke|poor|never|refund|damaged|worse|do not buy/i);
    }
  });
});

describe("generateDemo: the checkout_v2 experiment", () => {
  let store: DuckDBStore;
  beforeAll(async () => {
    store = await DuckDBStore.open({ dataDir: null });
    await generateDemo(store, { profiles: 5000, days: 60, seed: 3, end: END });
  });
  afterAll(async () => store.close());

  const exposures = `SELECT profile_id, min(ts) AS at, any_value(json_extract_string(properties, '$.variant')) AS variant
                     FROM events WHERE event = 'Experiment Viewed' GROUP BY profile_id`;

  it("assigns variants by the stable hash of the profile id, about 50/50", async () => {
    const rows = await store.all<{ profile_id: string; variant: string; n: number }>(
      `SELECT profile_id, any_value(json_extract_string(properties, '$.variant')) AS variant, count(*) AS n
       FROM events WHERE event = 'Experiment Viewed' AND json_extract_string(properties, '$.experiment') = '${EXPERIMENT}'
       GROUP BY profile_id`,
    );
    expect(rows.length).toBeGreaterThan(3000);
    for (const r of rows) {
      expect(r.variant).toBe(variantOf(r.profile_id));
      expect(r.n).toBe(1);
    }
    // Binomial(n, 1/2): the treatment count is within 4 standard deviations of n/2.
    const t = rows.filter((r) => r.variant === "treatment").length;
    expect(Math.abs(t - rows.length / 2)).toBeLessThan(4 * Math.sqrt(rows.length / 4));
  });

  it("has a real effect: treatment completes more checkouts and converts more profiles", async () => {
    const arms = await store.all<{ variant: string; exposed: number; converted: number; co: number; orders: number }>(
      `WITH x AS (${exposures}),
       after AS (SELECT x.variant, e.profile_id, e.event FROM events e JOIN x USING (profile_id) WHERE e.ts >= x.at)
       SELECT x.variant, count(DISTINCT x.profile_id) AS exposed,
              (SELECT count(DISTINCT profile_id) FROM after a WHERE a.variant = x.variant
                 AND a.event = 'Order Completed') AS converted,
              (SELECT count(*) FROM after a WHERE a.variant = x.variant AND a.event = 'Checkout Started') AS co,
              (SELECT count(*) FROM after a WHERE a.variant = x.variant AND a.event = 'Order Completed') AS orders
       FROM x GROUP BY x.variant ORDER BY x.variant`,
    );
    const [c, t] = arms;
    if (!c || !t) throw new Error("both arms must be present");
    expect([c.variant, t.variant]).toEqual(["control", "treatment"]);
    expect(t.converted / t.exposed).toBeGreaterThan(c.converted / c.exposed);
    // P(order | checkout) carries the designed ×1.2: a two-proportion z statistic well past 3.
    const pc = c.orders / c.co;
    const pt = t.orders / t.co;
    const se = Math.sqrt((pc * (1 - pc)) / c.co + (pt * (1 - pt)) / t.co);
    expect((pt - pc) / se).toBeGreaterThan(3);
    // Ratio within about 3 standard errors of the designed 1.2.
    expect(pt / pc).toBeGreaterThan(1.08);
    expect(pt / pc).toBeLessThan(1.34);
  });
});
