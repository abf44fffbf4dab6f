import { at, identify, type Scenario } from "./scenario.js";

const ms = (iso: string): number => Date.parse(iso);

/** Scenarios for trait conditions: every operator, nested paths, unset values, fold order, near, top/bottom %. */
export const traitScenarios: Scenario[] = [
  {
    name: "trait: every operator, strict typing, nested paths, unset by null, missing traits",
    covers: ["trait", "missing-trait", "nested-path", "type-strictness"],
    messages: [
      identify(
        "a",
        {
          plan: "pro",
          age: 34,
          tags: ["vip", "beta"],
          email: "a@acme.com",
          address: { city: "Berlin" },
          active: true,
          signup: "2024-02-01T00:00:00Z",
        },
        "0d",
      ),
      identify(
        "b",
        {
          plan: "free",
          age: "34",
          tags: "vip-ish",
          email: "b@other.org",
          address: { city: "Hamburg" },
          active: false,
          signup: ms("2024-02-25T00:00:00Z"),
        },
        "0d",
      ),
      identify("c", { plan: "pro" }, "0d"),
      identify("c", { plan: null }, "2d"),
      identify("d", { name: "D" }, "0d"),
    ],
    segments: [
      { id: "eq", definition: { trait: "plan", op: "eq", value: "pro" } },
      { id: "neq", definition: { trait: "plan", op: "neq", value: "pro" } },
      { id: "gt", definition: { trait: "age", op: "gt", value: 30 } },
      { id: "between", definition: { trait: "age", op: "between", value: [34, 40] } },
      { id: "in", definition: { trait: "plan", op: "in", value: ["pro", "team"] } },
      { id: "notIn", definition: { trait: "plan", op: "notIn", value: ["pro"] } },
      { id: "contains", definition: { trait: "tags", op: "contains", value: "vip" } },
      { id: "notContains", definition: { trait: "tags", op: "notContains", value: "vip" } },
      { id: "startsWith", definition: { trait: "email", op: "startsWith", value: "a@" } },
      { id: "endsWith", definition: { trait: "email", op: "endsWith", value: ".org" } },
      { id: "matches", definition: { trait: "email", op: "matches", value: "^[ab]@acme\\.com$" } },
      { id: "exists", definition: { trait: "address", op: "exists" } },
      { id: "missing", definition: { trait: "address", op: "missing" } },
      { id: "nested", definition: { trait: "address.city", op: "eq", value: "Berlin" } },
      { id: "bool", definition: { trait: "active", op: "eq", value: true } },
      { id: "before", definition: { trait: "signup", op: "before", value: "2024-02-10T00:00:00Z" } },
      { id: "after", definition: { trait: "signup", op: "after", value: "2024-02-10T00:00:00Z" } },
      { id: "withinLast", definition: { trait: "signup", op: "withinLast", value: "7d" } },
      { id: "olderThan", definition: { trait: "signup", op: "olderThan", value: "20d" } },
    ],
    checks: [
      {
        at: at("1d"),
        expect: {
          eq: ["a", "c"],
          neq: ["b", "d"],
          gt: ["a"],
          between: ["a"],
          in: ["a", "c"],
          notIn: ["b", "d"],
          contains: ["a", "b"],
          notContains: ["c", "d"],
          startsWith: ["a"],
          endsWith: ["b"],
          matches: ["a"],
          exists: ["a", "b"],
          missing: ["c", "d"],
          nested: ["a"],
          bool: ["a"],
          before: ["a"],
          after: ["b"],
          withinLast: ["b"],
          olderThan: ["a"],
        },
      },
      { at: at("3d"), expect: { eq: ["a"], neq: ["b", "c", "d"], in: ["a"], notIn: ["b", "c", "d"] } },
      { at: at("-1ms"), expect: { eq: [], neq: ["a", "b", "c", "d"], missing: ["a", "b", "c", "d"] } },
    ],
  },
  {
    name: "trait fold: by event time, not arrival; equal times broken by arrival",
    covers: ["trait", "out-of-order"],
    messages: [
      identify("u", { plan: "pro" }, "2d"),
      identify("u", { plan: "free" }, "1d"),
      identify("v", { plan: "a" }, "1d"),
      identify("v", { plan: "b" }, "1d"),
    ],
    segments: [
      { id: "pro", definition: { trait: "plan", op: "eq", value: "pro" } },
      { id: "free", definition: { trait: "plan", op: "eq", value: "free" } },
      { id: "b", definition: { trait: "plan", op: "eq", value: "b" } },
    ],
    checks: [
      { at: at("3d"), expect: { pro: ["u"], free: [], b: ["v"] } },
      { at: at("1d12h"), expect: { pro: [], free: ["u"], b: ["v"] } },
    ],
  },
  {
    name: "near: haversine distance with R = 6371.0088 km from a {lat, lon} trait",
    covers: ["trait", "near"],
    messages: [
      identify("berlin", { location: { lat: 52.52, lon: 13.405 } }, "0d"),
      identify("potsdam", { location: { lat: 52.3906, lon: 13.0645 } }, "0d"),
      identify("hamburg", { location: { lat: 53.5511, lon: 9.9937 } }, "0d"),
      identify("text", { location: "Berlin" }, "0d"),
      identify("none", { plan: "x" }, "0d"),
    ],
    segments: [
      { id: "k50", definition: { trait: "location", op: "near", value: { lat: 52.52, lon: 13.4, km: 50 } } },
      { id: "k10", definition: { trait: "location", op: "near", value: { lat: 52.52, lon: 13.4, km: 10 } } },
      { id: "k300", definition: { trait: "location", op: "near", value: { lat: 52.52, lon: 13.4, km: 300 } } },
    ],
    checks: [
      { at: at("1d"), expect: { k50: ["berlin", "potsdam"], k10: ["berlin"], k300: ["berlin", "hamburg", "potsdam"] } },
    ],
  },
  {
    name: "near: from top-level lat/lon traits when the named trait is not a {lat, lon} object; lat/lon moving later",
    covers: ["trait", "near"],
    messages: [
      identify("berlin", { city: "Berlin", lat: 52.52, lon: 13.405 }, "0d"),
      identify("hamburg", { city: "Hamburg", lat: 53.5511, lon: 9.9937 }, "0d"),
      // Its own {lat, lon} wins over the top-level pair.
      identify("own", { city: { lat: 52.3906, lon: 13.0645 }, lat: 48.1, lon: 11.6 }, "0d"),
      identify("halfway", { city: "Munich", lat: 48.1 }, "0d"),
      identify("textual", { city: "Berlin", lat: "52.5", lon: "13.4" }, "0d"),
      // Moves: a lat/lon update alone (the city trait unchanged) brings hamburg in.
      identify("hamburg", { lat: 52.5, lon: 13.3 }, "2d"),
    ],
    segments: [
      { id: "k50", definition: { trait: "city", op: "near", value: { lat: 52.52, lon: 13.4, km: 50 } } },
      // A trait nobody has: the top-level pair alone decides.
      { id: "zone", definition: { trait: "zone", op: "near", value: { lat: 52.52, lon: 13.4, km: 50 } } },
    ],
    checks: [
      { at: at("1d"), expect: { k50: ["berlin", "own"], zone: ["berlin"] } },
      { at: at("3d"), expect: { k50: ["berlin", "hamburg", "own"], zone: ["berlin", "hamburg"] } },
    ],
  },
  {
    name: "topPercent / bottomPercent: k = ceil(p·N/100) among profiles with a numeric value, ties included",
    covers: ["trait", "topPercent", "bottomPercent", "ties"],
    messages: [
      ...Array.from({ length: 10 }, (_, i) => identify(`p${i + 1}`, { score: 10 * (i + 1) }, "0d")),
      identify("q1", { ltv: 100 }, "0d"),
      identify("q2", { ltv: 50 }, "0d"),
      identify("q3", { ltv: 50 }, "0d"),
      identify("q4", { ltv: 50 }, "0d"),
      identify("q5", { ltv: 10 }, "0d"),
      identify("q6", { ltv: "high" }, "0d"),
    ],
    segments: [
      { id: "top20", definition: { trait: "score", op: "topPercent", value: 20 } },
      { id: "top25", definition: { trait: "score", op: "topPercent", value: 25 } },
      { id: "bottom10", definition: { trait: "score", op: "bottomPercent", value: 10 } },
      { id: "ltvTop40", definition: { trait: "ltv", op: "topPercent", value: 40 } },
      { id: "ltvTop20", definition: { trait: "ltv", op: "topPercent", value: 20 } },
      { id: "ltvBottom20", definition: { trait: "ltv", op: "bottomPercent", value: 20 } },
      { id: "ltvBottom100", definition: { trait: "ltv", op: "bottomPercent", value: 100 } },
    ],
    checks: [
      {
        at: at("1d"),
        expect: {
          top20: ["p10", "p9"],
          top25: ["p10", "p8", "p9"],
          bottom10: ["p1"],
          ltvTop40: ["q1", "q2", "q3", "q4"],
          ltvTop20: ["q1"],
          ltvBottom20: ["q5"],
          ltvBottom100: ["q1", "q2", "q3", "q4", "q5"],
        },
      },
      { at: at("-1ms"), expect: { top20: [], ltvTop40: [] } },
    ],
  },
];
