import fc from "fast-check";
import type { Condition, EventRef, PropFilter, SegmentMessage, SegmentRecord } from "../../src/model/index.js";

/**
 * fast-check arbitraries for the differential test: small worlds (few people, three event names, hour-grid times and
 * durations) so windows, absences and sequences hit their boundaries often, and segment definitions over exactly the
 * names, properties and traits the messages use, so every node kind can be both true and false.
 */
export const T0 = Date.parse("2024-05-01T00:00:00Z");
export const HOUR = 3_600_000;
const EVENTS = ["A", "B", "C"] as const;
const USERS = ["u0", "u1", "u2"];
const ANONS = ["a0", "a1"];

const hours = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });
const dur = fc.constantFrom("1h", "2h", "3h", "5h", "8h", "1d");
const eventName = fc.constantFrom<string>(...EVENTS, "Page Viewed");
const filter: fc.Arbitrary<PropFilter> = fc
  .oneof(
    fc.record({ property: fc.constant("x"), op: fc.constantFrom("gt", "lte", "eq", "neq"), value: hours(0, 4) }),
    fc.record({ property: fc.constant("s"), op: fc.constantFrom("eq", "startsWith", "in"), value: fc.constant("p") }),
    fc.record({ property: fc.constant("s"), op: fc.constantFrom("exists", "missing") }),
  )
  .map((f) => (f.op === "in" ? { ...f, value: ["p", "q"] } : f) as PropFilter);
const where = fc.option(fc.array(filter, { minLength: 1, maxLength: 2 }), { nil: undefined });
const eventRef: fc.Arbitrary<EventRef> = fc.oneof(
  eventName,
  fc.record({ event: eventName, where: fc.array(filter, { minLength: 1, maxLength: 1 }) }),
);
const cmp = fc.oneof(
  fc.record({ op: fc.constantFrom("eq", "neq", "gt", "gte", "lt", "lte"), value: hours(0, 3) }),
  fc
    .tuple(hours(0, 2), hours(0, 2))
    .map(([a, b]) => ({ op: "between" as const, value: [a, a + b] as [number, number] })),
);
const iso = (h: number) => new Date(T0 + h * HOUR).toISOString();
const omitUndef = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const traitLeaf: fc.Arbitrary<Condition> = fc
  .oneof(
    fc.record({ trait: fc.constant("plan"), op: fc.constantFrom("eq", "neq"), value: fc.constantFrom("free", "pro") }),
    fc.record({ trait: fc.constant("plan"), op: fc.constantFrom("in", "notIn"), value: fc.constant(["pro", "team"]) }),
    fc.record({ trait: fc.constant("plan"), op: fc.constantFrom("exists", "missing") }),
    fc.record({
      trait: fc.constant("plan"),
      op: fc.constantFrom("startsWith", "endsWith", "contains", "matches"),
      value: fc.constantFrom("p", "e", "^f"),
    }),
    fc.record({
      trait: fc.constant("score"),
      op: fc.constantFrom("gt", "gte", "lt", "lte", "eq"),
      value: hours(0, 10),
    }),
    fc.record({ trait: fc.constant("score"), op: fc.constant("between"), value: fc.constant([3, 7]) }),
    fc.record({
      trait: fc.constant("score"),
      op: fc.constantFrom("topPercent", "bottomPercent"),
      value: fc.constantFrom(10, 34, 50, 100),
    }),
    fc.record({ trait: fc.constant("seen"), op: fc.constantFrom("withinLast", "olderThan"), value: dur }),
    fc.record({ trait: fc.constant("seen"), op: fc.constantFrom("before", "after"), value: hours(0, 72).map(iso) }),
    fc.record({
      trait: fc.constant("tags"),
      op: fc.constantFrom("contains", "notContains"),
      value: fc.constantFrom("vip", "beta"),
    }),
    fc.record({
      trait: fc.constant("home"),
      op: fc.constant("near"),
      value: fc.constant({ lat: 48.85, lon: 2.35, km: 500 }),
    }),
    fc.record({
      trait: fc.constant("address.city"),
      op: fc.constantFrom("eq", "neq"),
      value: fc.constantFrom("Paris", "Oslo"),
    }),
    fc.record({ trait: fc.constant("group.id"), op: fc.constantFrom("eq", "exists"), value: fc.constant("g1") }),
  )
  .map((t) => omitUndef(t) as Condition);

const leaf = (segments: number): fc.Arbitrary<Condition> => {
  const kinds: fc.Arbitrary<Condition>[] = [
    traitLeaf,
    fc
      .record({
        performed: eventName,
        where,
        within: fc.option(dur, { nil: undefined }),
        count: fc.option(cmp, { nil: undefined }),
        agg: fc.option(
          fc
            .tuple(fc.constantFrom("sum", "avg", "min", "max", "distinct" as const), cmp)
            .map(([fn, c]) => ({ fn, property: "x", ...c })),
          { nil: undefined },
        ),
      })
      .map((n) => omitUndef(n) as Condition),
    fc
      .record({
        performed: eventName,
        between: fc.tuple(hours(0, 24), hours(1, 12)).map(([a, b]) => [iso(a), iso(a + b)]),
      })
      .map((n) => n as Condition),
    fc
      .record({ first: eventName, where, within: fc.constantFrom("12h", "20h", "1d", "28h") })
      .map((n) => omitUndef(n) as Condition),
    fc
      .record({
        last: eventName,
        where,
        olderThan: fc.option(dur, { nil: undefined }),
        within: fc.option(fc.constantFrom("4h", "1d"), { nil: undefined }),
      })
      .map((n) => omitUndef(n) as Condition),
    fc
      .record({
        did: eventRef,
        thenNot: eventRef,
        for: dur,
        within: fc.option(fc.constantFrom("6h", "1d"), { nil: undefined }),
      })
      .map((n) => omitUndef(n) as Condition),
    fc
      .record({
        sequence: fc.array(eventRef, { minLength: 1, maxLength: 3 }),
        within: dur,
        lookback: fc.option(fc.constantFrom("6h", "1d"), { nil: undefined }),
      })
      .map((n) => omitUndef(n) as Condition),
    fc.record({ bucket: fc.record({ salt: fc.constantFrom("s1", "s2"), from: hours(0, 50), to: hours(50, 100) }) }),
  ];
  if (segments > 0) kinds.push(fc.integer({ min: 0, max: segments - 1 }).map((i) => ({ inSegment: `s${i}` })));
  return fc.oneof(...kinds);
};

const condition = (segments: number): fc.Arbitrary<Condition> =>
  fc.letrec<{ c: Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: "small", maxDepth: 3 },
      leaf(segments),
      fc.record({ all: fc.array(tie("c"), { maxLength: 3 }) }),
      fc.record({ any: fc.array(tie("c"), { maxLength: 3 }) }),
      fc.record({ not: tie("c") }),
    ),
  })).c;

/** Three segments; later ones may read earlier ones through inSegment or parent (never a cycle). */
export const segmentsArb: fc.Arbitrary<SegmentRecord[]> = fc
  .tuple(condition(0), condition(1), condition(2), fc.boolean(), fc.boolean())
  .map(([c0, c1, c2, p1, p2]) => [
    { id: "s0", name: "s0", definition: c0, refresh: "realtime", version: 1 },
    { id: "s1", name: "s1", definition: c1, refresh: "realtime", version: 1, ...(p1 ? { parent: "s0" } : {}) },
    { id: "s2", name: "s2", definition: c2, refresh: "realtime", version: 1, ...(p2 ? { parent: "s1" } : {}) },
  ]);

const props = fc.record(
  { x: fc.oneof(hours(0, 4), fc.constant("3")), s: fc.constantFrom("p", "q", "pp") },
  { requiredKeys: [] },
);
const traits = fc.record(
  {
    plan: fc.constantFrom("free", "pro", "team", null),
    score: fc.oneof(hours(0, 10), fc.constant("7")),
    seen: hours(0, 30).map(iso),
    tags: fc.constantFrom(["vip"], ["beta", "vip"], []),
    home: fc.constantFrom({ lat: 48.8, lon: 2.3 }, { lat: 59.9, lon: 10.7 }),
    address: fc.constantFrom({ city: "Paris" }, { city: "Oslo" }, {}),
  },
  { requiredKeys: [] },
);

/** One message at an hour on the grid, with a few ms jitter-free times so ties in time happen. */
const message: fc.Arbitrary<SegmentMessage> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ user: fc.constantFrom(...USERS), event: fc.constantFrom(...EVENTS), h: hours(0, 30), p: props })
      .map(
        (m) =>
          ({ type: "track", userId: m.user, event: m.event, timestamp: iso(m.h), properties: m.p }) as SegmentMessage,
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ anon: fc.constantFrom(...ANONS), event: fc.constantFrom(...EVENTS), h: hours(0, 30), p: props })
      .map(
        (m) =>
          ({
            type: "track",
            anonymousId: m.anon,
            event: m.event,
            timestamp: iso(m.h),
            properties: m.p,
          }) as SegmentMessage,
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ user: fc.constantFrom(...USERS), h: hours(0, 30), p: props })
      .map(
        (m) => ({ type: "page", userId: m.user, name: "Home", timestamp: iso(m.h), properties: m.p }) as SegmentMessage,
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ user: fc.constantFrom(...USERS), h: hours(0, 30), t: traits })
      .map((m) => ({ type: "identify", userId: m.user, traits: m.t, timestamp: iso(m.h) }) as SegmentMessage),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ user: fc.constantFrom(...USERS), h: hours(0, 30), g: fc.constantFrom("g1", "g2") })
      .map((m) => ({ type: "group", userId: m.user, groupId: m.g, traits: {}, timestamp: iso(m.h) }) as SegmentMessage),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ user: fc.constantFrom(...USERS), anon: fc.constantFrom(...ANONS), h: hours(0, 30) })
      .map((m) => ({ type: "alias", userId: m.user, previousId: m.anon, timestamp: iso(m.h) }) as SegmentMessage),
  },
);

/**
 * Messages in arrival order: sorted by event time, then each displaced by a random number of places (out-of-order
 * and late arrival), split into commits.
 */
export const streamArb = fc
  .array(fc.tuple(message, fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 60 })
  .map((pairs) => {
    const sorted = pairs.map(([m, jitter], i) => ({
      m: { ...m, messageId: `m${i}` },
      key: Date.parse(String(m.timestamp)) / HOUR - jitter,
    }));
    sorted.sort((a, b) => a.key - b.key);
    return sorted.map((x) => x.m as SegmentMessage);
  });
