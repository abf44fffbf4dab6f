import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastValidate } from "./message-fast-check.js";
import { MESSAGE_TYPES, type MessageType } from "./message-schema.js";
import { validateWithSchema } from "./message-validate.js";

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 6 }),
  fc.constant(""),
  fc.integer(),
  fc.double(),
  fc.constant("2026-01-02T03:04:05Z"),
  fc.constant("not a date"),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.boolean(),
);
const fields = [
  "messageId",
  "userId",
  "anonymousId",
  "timestamp",
  "sentAt",
  "context",
  "integrations",
  "traits",
  "properties",
  "event",
  "name",
  "category",
  "groupId",
  "previousId",
];
/** A valid base message with up to three fields overwritten by arbitrary values (some valid, most not). */
const message = fc
  .tuple(fc.dictionary(fc.constantFrom(...fields), anyValue, { maxKeys: 3 }), fc.boolean())
  .map(([overrides, anon]) => ({
    ...(anon ? { anonymousId: "a-1" } : { userId: "u-1" }),
    event: "Order Completed",
    groupId: "g-1",
    previousId: "old-1",
    ...overrides,
  }));

describe("fast validation path (differential against the zod schemas)", () => {
  it("accepts exactly what the schemas accept, with the same normalised output", () => {
    let accepted = 0;
    fc.assert(
      fc.property(message, fc.constantFrom(...MESSAGE_TYPES), (raw, type: MessageType) => {
        const obj = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
        const fast = fastValidate(obj, type);
        const slow = validateWithSchema(obj, type, []);
        expect(fast !== undefined, JSON.stringify({ obj, type, slow })).toBe(slow.ok);
        if (fast && slow.ok) {
          accepted++;
          expect(fast).toEqual(slow.message);
        }
      }),
      { numRuns: 5000 },
    );
    // Both sides of the comparison must be exercised, or the test proves nothing.
    expect(accepted).toBeGreaterThan(20);
  });
});
