import { anonTrack, at, identify, page, type Scenario, track } from "./scenario.js";

const order = "Order Completed";

/** Scenarios for event conditions: performed, first, last, did…thenNot, sequence. */
export const behaviourScenarios: Scenario[] = [
  {
    name: "performed: window (t − D, t] is exclusive at t − D and inclusive at t",
    covers: ["performed", "window-boundary"],
    messages: [track("a", order, "0d"), identify("z", { plan: "free" }, "0d")],
    segments: [{ id: "s", definition: { performed: order, within: "1d" } }],
    checks: [
      { at: at("-1ms"), expect: { s: [] } },
      { at: at("0d"), expect: { s: ["a"] } },
      { at: at("1d-1ms"), expect: { s: ["a"] } },
      { at: at("1d"), expect: { s: [] } },
    ],
  },
  {
    name: "performed: where filter and count ≥ 2 in 30d",
    covers: ["performed", "where", "count"],
    messages: [
      track("a", order, "1d", { revenue: 60 }),
      track("a", order, "2d", { revenue: 70 }),
      track("b", order, "1d", { revenue: 60 }),
      track("b", order, "2d", { revenue: 40 }),
      track("c", order, "0d", { revenue: 90 }),
      track("c", order, "29d", { revenue: 90 }),
      track("c", order, "31d", { revenue: 90 }),
      track("d", order, "3d", { revenue: "99" }),
      track("d", order, "4d", { revenue: 99 }),
    ],
    segments: [
      {
        id: "s",
        definition: {
          performed: order,
          where: [{ property: "revenue", op: "gt", value: 50 }],
          within: "30d",
          count: { op: "gte", value: 2 },
        },
      },
    ],
    checks: [
      { at: at("5d"), expect: { s: ["a"] } },
      { at: at("30d"), expect: { s: ["a"] } },
      { at: at("30d-1ms"), expect: { s: ["a", "c"] } },
      { at: at("31d"), expect: { s: ["c"] } },
      { at: at("32d"), expect: { s: ["c"] } },
    ],
  },
  {
    name: "performed: never did (count = 0, not performed) includes people with no events",
    covers: ["performed", "not", "count-zero", "missing-events"],
    messages: [track("a", order, "1d"), identify("b", { plan: "pro" }, "0d"), track("c", "Signed Up", "0d")],
    segments: [
      { id: "zero", definition: { performed: order, count: { op: "eq", value: 0 } } },
      { id: "neg", definition: { not: { performed: order } } },
    ],
    checks: [
      { at: at("0d"), expect: { zero: ["a", "b", "c"], neg: ["a", "b", "c"] } },
      { at: at("2d"), expect: { zero: ["b", "c"], neg: ["b", "c"] } },
    ],
  },
  {
    name: "performed: aggregates sum/avg/min/max/distinct; non-numbers ignored",
    covers: ["performed", "agg"],
    messages: [
      track("a", order, "1d", { revenue: 60, sku: "x" }),
      track("a", order, "2d", { revenue: 50, sku: "y" }),
      track("b", order, "1d", { revenue: 150, sku: "x" }),
      track("c", order, "1d", { revenue: "500", sku: "x" }),
      track("c", order, "2d", { revenue: 10, sku: "x" }),
    ],
    segments: [
      { id: "sum", definition: { performed: order, agg: { fn: "sum", property: "revenue", op: "gte", value: 100 } } },
      { id: "avg", definition: { performed: order, agg: { fn: "avg", property: "revenue", op: "lt", value: 56 } } },
      { id: "min", definition: { performed: order, agg: { fn: "min", property: "revenue", op: "lte", value: 50 } } },
      {
        id: "max",
        definition: { performed: order, agg: { fn: "max", property: "revenue", op: "between", value: [100, 200] } },
      },
      {
        id: "distinct",
        definition: { performed: order, agg: { fn: "distinct", property: "sku", op: "gte", value: 2 } },
      },
    ],
    checks: [
      { at: at("3d"), expect: { sum: ["a", "b"], avg: ["a", "c"], min: ["a", "c"], max: ["b"], distinct: ["a"] } },
    ],
  },
  {
    name: "performed: between [from, to) is inclusive at from, exclusive at to, and never sees events after t",
    covers: ["performed", "between", "window-boundary"],
    messages: [track("a", order, "1d"), track("b", order, "2d"), track("c", order, "1d12h")],
    segments: [{ id: "s", definition: { performed: order, between: [at("1d"), at("2d")] } }],
    checks: [
      { at: at("3d"), expect: { s: ["a", "c"] } },
      { at: at("1d"), expect: { s: ["a"] } },
    ],
  },
  {
    name: 'performed: page views as "Page Viewed" with property filters',
    covers: ["performed", "page"],
    messages: [page("a", "Pricing", "1h", { path: "/pricing" }), page("b", "Home", "1h", { path: "/" })],
    segments: [
      {
        id: "s",
        definition: { performed: "Page Viewed", where: [{ property: "path", op: "startsWith", value: "/pri" }] },
      },
    ],
    checks: [{ at: at("2h"), expect: { s: ["a"] } }],
  },
  {
    name: "first: the first-ever occurrence lies in (t − D, t]",
    covers: ["first", "window-boundary"],
    messages: [
      track("a", "Signed Up", "0d"),
      track("a", "Signed Up", "10d"),
      track("b", "Signed Up", "10d"),
      track("c", "Signed Up", "5d"),
    ],
    segments: [{ id: "s", definition: { first: "Signed Up", within: "7d" } }],
    checks: [
      { at: at("12d"), expect: { s: ["b"] } },
      { at: at("11d"), expect: { s: ["b", "c"] } },
      { at: at("12d-1ms"), expect: { s: ["b", "c"] } },
      { at: at("3d"), expect: { s: ["a"] } },
      { at: at("7d"), expect: { s: ["c"] } },
    ],
  },
  {
    name: "last: olderThan (ℓ ≤ t − D) and within (ℓ > t − D)",
    covers: ["last", "window-boundary"],
    messages: [
      track("a", order, "0d"),
      track("b", order, "0d"),
      track("b", order, "20d"),
      track("c", "Signed Up", "0d"),
    ],
    segments: [
      { id: "old", definition: { last: order, olderThan: "30d" } },
      { id: "recent", definition: { last: order, within: "7d" } },
      { id: "ever", definition: { last: order } },
    ],
    checks: [
      { at: at("30d"), expect: { old: ["a"], recent: [], ever: ["a", "b"] } },
      { at: at("30d-1ms"), expect: { old: [], recent: [], ever: ["a", "b"] } },
      { at: at("21d"), expect: { old: [], recent: ["b"], ever: ["a", "b"] } },
      { at: at("27d"), expect: { old: [], recent: [], ever: ["a", "b"] } },
    ],
  },
  {
    name: "did … thenNot … for: absence after the latest did-event",
    covers: ["did", "window-boundary"],
    messages: [
      track("a", "Product Added", "0h"),
      track("b", "Product Added", "0h"),
      track("b", order, "1h"),
      track("c", "Product Added", "0h"),
      track("c", order, "0h"),
      track("d", "Product Added", "0h"),
      track("d", order, "1h"),
      track("d", "Product Added", "3h"),
    ],
    segments: [
      { id: "s", definition: { did: "Product Added", thenNot: order, for: "2h" } },
      { id: "w", definition: { did: "Product Added", thenNot: order, for: "2h", within: "4h" } },
    ],
    checks: [
      { at: at("2h-1ms"), expect: { s: [], w: [] } },
      { at: at("2h"), expect: { s: ["a", "c"], w: ["a", "c"] } },
      { at: at("4h"), expect: { s: ["a", "c"], w: [] } },
      { at: at("5h"), expect: { s: ["a", "c", "d"], w: ["d"] } },
    ],
  },
  {
    name: "did … thenNot with property filters on both steps",
    covers: ["did", "where"],
    messages: [
      track("a", "Product Added", "0h", { sku: "x" }),
      track("a", order, "1h", { sku: "y" }),
      track("b", "Product Added", "0h", { sku: "x" }),
      track("b", order, "1h", { sku: "x" }),
    ],
    segments: [
      {
        id: "s",
        definition: {
          did: { event: "Product Added", where: [{ property: "sku", op: "eq", value: "x" }] },
          thenNot: { event: order, where: [{ property: "sku", op: "eq", value: "x" }] },
          for: "1h",
        },
      },
    ],
    checks: [{ at: at("3h"), expect: { s: ["a"] } }],
  },
  {
    name: "sequence: ordered steps within D; latest start wins; ties in time broken by arrival",
    covers: ["sequence", "out-of-order", "window-boundary"],
    messages: [
      track("a", "Product Viewed", "0m"),
      track("a", "Product Added", "10m"),
      track("a", "Checkout Started", "30m"),
      track("b", "Product Viewed", "0m"),
      track("b", "Checkout Started", "10m"),
      track("b", "Product Added", "20m"),
      track("c", "Product Viewed", "0m"),
      track("c", "Product Viewed", "20m"),
      track("c", "Product Added", "50m"),
      track("c", "Checkout Started", "70m"),
      // e: Added arrives before Viewed with the same timestamp, so Viewed is after Added.
      track("e", "Product Added", "5m"),
      track("e", "Product Viewed", "5m"),
      track("e", "Checkout Started", "6m"),
      track("f", "Product Viewed", "0m"),
      track("f", "Product Added", "30m"),
      track("f", "Checkout Started", "60m"),
    ],
    segments: [
      {
        id: "s",
        definition: { sequence: ["Product Viewed", "Product Added", "Checkout Started"], within: "1h" },
      },
      { id: "two", definition: { sequence: ["Product Added", "Product Viewed"], within: "1h" } },
      { id: "one", definition: { sequence: ["Checkout Started"], within: "1m", lookback: "1h" } },
    ],
    checks: [
      { at: at("2h"), expect: { s: ["a", "c", "f"], two: ["e"], one: ["c"] } },
      { at: at("70m"), expect: { one: ["a", "c", "f"] } },
      { at: at("65m"), expect: { s: ["a", "f"], two: ["e"], one: ["a", "b", "e", "f"] } },
      { at: at("1h6m"), expect: { s: ["a", "f"], two: ["e"], one: ["a", "b", "f"] } },
    ],
  },
  {
    name: "sequence: lookback bounds every step to (t − L, t]",
    covers: ["sequence", "lookback"],
    messages: [track("a", "A", "0h"), track("a", "B", "2h"), track("b", "A", "2h"), track("b", "B", "3h")],
    segments: [{ id: "s", definition: { sequence: ["A", "B"], within: "3h", lookback: "2h" } }],
    checks: [
      { at: at("3h"), expect: { s: ["b"] } },
      { at: at("4h-1ms"), expect: { s: ["b"] } },
      { at: at("4h"), expect: { s: [] } },
    ],
  },
  {
    name: "late events: arrival order never matters, event time does",
    covers: ["out-of-order", "did", "sequence", "performed"],
    messages: [
      // a: the order that cancels the abandoned cart arrives after later events, with an earlier timestamp.
      track("a", "Product Added", "0h"),
      track("a", "Page Viewed", "5h"),
      track("a", order, "1h"),
      // b: sequence steps arrive in reverse.
      track("b", "Checkout Started", "30m"),
      track("b", "Product Added", "10m"),
      track("b", "Product Viewed", "0m"),
      // c: an old event arrives last and falls outside the window.
      track("c", order, "10d"),
      track("c", order, "1d"),
    ],
    segments: [
      { id: "abandoned", definition: { did: "Product Added", thenNot: order, for: "2h" } },
      { id: "funnel", definition: { sequence: ["Product Viewed", "Product Added", "Checkout Started"], within: "1h" } },
      { id: "twice", definition: { performed: order, within: "5d", count: { op: "gte", value: 2 } } },
      { id: "once", definition: { performed: order, within: "5d" } },
    ],
    checks: [
      { at: at("6h"), expect: { abandoned: ["b"], funnel: ["b"], twice: [], once: ["a"] } },
      { at: at("11d"), expect: { abandoned: ["b"], funnel: ["b"], twice: [], once: ["c"] } },
    ],
  },
  {
    name: "anonymous visitors are profiles too",
    covers: ["performed", "anonymous"],
    messages: [anonTrack("anon-1", "Product Viewed", "0h")],
    segments: [{ id: "s", definition: { performed: "Product Viewed" } }],
    checks: [{ at: at("1h"), expect: { s: ["anon-1"] } }],
  },
];
