import { bucketOf } from "../src/model/index.js";
import { alias, anonTrack, at, identify, type Scenario, track } from "./scenario.js";

const order = "Order Completed";
const people = Array.from({ length: 40 }, (_, i) => `u${i}`);

/** Scenarios for composition: all/any/not, inSegment, parent, bucket, identity merges. */
export const structureScenarios: Scenario[] = [
  {
    name: "composition: all/any/not, empty all/any, inSegment, parent hierarchy",
    covers: ["all", "any", "not", "inSegment", "parent"],
    messages: [
      track("a", order, "0d"),
      identify("a", { plan: "pro" }, "0d"),
      track("b", order, "0d"),
      identify("b", { plan: "free" }, "0d"),
      identify("c", { plan: "pro" }, "0d"),
      identify("d", { plan: "free" }, "0d"),
    ],
    segments: [
      { id: "buyers", definition: { performed: order } },
      { id: "vip", parent: "buyers", definition: { trait: "plan", op: "eq", value: "pro" } },
      { id: "nonBuyers", definition: { not: { inSegment: "buyers" } } },
      {
        id: "proOrVip",
        definition: { any: [{ trait: "plan", op: "eq", value: "pro" }, { inSegment: "vip" }] },
      },
      { id: "freeBuyers", definition: { all: [{ inSegment: "buyers" }, { not: { inSegment: "vip" } }] } },
      { id: "everyone", definition: { all: [] } },
      { id: "nobody", definition: { any: [] } },
    ],
    checks: [
      {
        at: at("1d"),
        expect: {
          buyers: ["a", "b"],
          vip: ["a"],
          nonBuyers: ["c", "d"],
          proOrVip: ["a", "c"],
          freeBuyers: ["b"],
          everyone: ["a", "b", "c", "d"],
          nobody: [],
        },
      },
    ],
  },
  {
    name: "bucket: FNV-1a bucketOf(salt, id) ∈ [from, to), identical in every engine",
    covers: ["bucket"],
    messages: people.map((u) => identify(u, { n: 1 }, "0d")),
    segments: [
      { id: "half", definition: { bucket: { salt: "exp-1", from: 0, to: 50 } } },
      { id: "slice", definition: { bucket: { salt: "exp-2", from: 12.5, to: 37.25 } } },
    ],
    checks: [
      {
        at: at("1d"),
        expect: {
          half: people.filter((u) => bucketOf("exp-1", u) < 50),
          slice: people.filter((u) => bucketOf("exp-2", u) >= 12.5 && bucketOf("exp-2", u) < 37.25),
        },
      },
    ],
  },
  {
    name: "identity: anonymous history joins the user on identify and alias",
    covers: ["merge", "performed", "sequence"],
    needsMerges: true,
    messages: [
      anonTrack("anon-1", "Product Viewed", "0h"),
      identify("u1", { plan: "pro" }, "1h", "anon-1"),
      track("u1", "Product Added", "2h"),
      anonTrack("anon-2", "Product Viewed", "0h"),
      alias("u2", "anon-2", "1h"),
      track("u2", "Product Added", "3h"),
    ],
    segments: [
      { id: "viewed", definition: { performed: "Product Viewed" } },
      { id: "seq", definition: { sequence: ["Product Viewed", "Product Added"], within: "4h" } },
      {
        id: "proViewers",
        definition: { all: [{ performed: "Product Viewed" }, { trait: "plan", op: "eq", value: "pro" }] },
      },
    ],
    checks: [{ at: at("4h"), expect: { viewed: ["u1", "u2"], seq: ["u1", "u2"], proViewers: ["u1"] } }],
  },
];
