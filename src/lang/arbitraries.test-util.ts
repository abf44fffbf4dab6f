import fc from "fast-check";
import {
  AGG_FNS,
  type Condition,
  type EventRef,
  PROP_OPS,
  type PropFilter,
  type PropOp,
  TRAIT_OPS,
  type TraitOp,
} from "../model/index.js";

/** fast-check arbitraries for canonical ASTs of every node kind (empty where-lists omitted, bare refs as strings). */
const name = fc.oneof(
  fc.constantFrom("Order Completed", "Product Added", "Page Viewed", 'say "hi"', "naïve ☃", "and", "in"),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const path = fc.oneof(
  fc.constantFrom("plan", "address.city", "$rfm.score", "$clv", "first", "in", "a b", "x.y.z"),
  fc.string({ minLength: 1, maxLength: 10 }),
);
const num = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const scalar = fc.oneof(fc.string({ maxLength: 8 }), num, fc.boolean());
const duration = fc
  .tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom("ms", "s", "m", "h", "d", "w"))
  .map(([n, u]) => `${n}${u}`);
const iso = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString());
const pair = fc.tuple(num, num);

const opValue = (op: TraitOp): fc.Arbitrary<unknown> | undefined => {
  switch (op) {
    case "eq":
    case "neq":
      return scalar;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return num;
    case "between":
      return pair;
    case "in":
    case "notIn":
      return fc.array(scalar, { minLength: 1, maxLength: 4 });
    case "contains":
    case "notContains":
    case "startsWith":
    case "endsWith":
    case "matches":
      return fc.string({ maxLength: 10 });
    case "exists":
    case "missing":
      return undefined;
    case "before":
    case "after":
      return iso;
    case "withinLast":
    case "olderThan":
      return duration;
    case "near":
      return fc.record({
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        lon: fc.double({ min: -180, max: 180, noNaN: true }),
        km: fc.double({ min: 0.001, max: 20000, noNaN: true }),
      });
    case "topPercent":
    case "bottomPercent":
      return fc.double({ min: 0.01, max: 100, noNaN: true });
  }
};

const opAndValue = <O extends TraitOp>(ops: readonly O[]): fc.Arbitrary<{ op: O; value?: unknown }> =>
  fc.constantFrom(...ops).chain((op) => {
    const v = opValue(op);
    return v ? v.map((value) => ({ op, value })) : fc.constant({ op });
  });

const filter: fc.Arbitrary<PropFilter> = fc
  .tuple(path, opAndValue<PropOp>(PROP_OPS))
  .map(([property, ov]) => ({ property, ...ov }) as PropFilter);
const where = fc.array(filter, { minLength: 1, maxLength: 3 });
const eventRef: fc.Arbitrary<EventRef> = fc.oneof(name, fc.record({ event: name, where }));
const cmp = fc.oneof(
  fc.record({ op: fc.constantFrom("eq", "neq", "gt", "gte", "lt", "lte"), value: num }),
  fc.record({ op: fc.constant("between"), value: pair }),
);

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.tuple(path, opAndValue(TRAIT_OPS)).map(([trait, ov]) => ({ trait, ...ov }) as Condition),
  fc.record(
    {
      performed: name,
      where,
      within: duration,
      count: cmp,
      agg: fc.tuple(fc.constantFrom(...AGG_FNS), path, cmp).map(([fn, property, c]) => ({ fn, property, ...c })),
    },
    { requiredKeys: ["performed"] },
  ) as fc.Arbitrary<Condition>,
  fc.record({ performed: name, between: fc.tuple(iso, iso) }) as fc.Arbitrary<Condition>,
  fc.record({ first: name, where, within: duration }, { requiredKeys: ["first", "within"] }) as fc.Arbitrary<Condition>,
  fc.record(
    { last: name, where, olderThan: duration, within: duration },
    { requiredKeys: ["last"] },
  ) as fc.Arbitrary<Condition>,
  fc.record(
    { did: eventRef, thenNot: eventRef, for: duration, within: duration },
    { requiredKeys: ["did", "thenNot", "for"] },
  ),
  fc.record(
    { sequence: fc.array(eventRef, { minLength: 1, maxLength: 4 }), within: duration, lookback: duration },
    { requiredKeys: ["sequence", "within"] },
  ),
  fc.record({ inSegment: name }),
  fc.record({
    bucket: fc.record({
      salt: fc.string({ maxLength: 8 }),
      from: fc.integer({ min: 0, max: 100 }),
      to: fc.integer({ min: 0, max: 100 }),
    }),
  }),
);

export const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("c"), { maxLength: 4 }) }),
    fc.record({ any: fc.array(tie("c"), { maxLength: 4 }) }),
    fc.record({ not: tie("c") }),
  ),
})).c;
