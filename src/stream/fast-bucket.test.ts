import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketOf } from "../model/index.js";
import { fastBucketOf } from "./fast-bucket.js";

describe("fastBucketOf", () => {
  it("equals the shared bucketOf for any salt and id (ASCII fast path and Unicode fallback)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "grapheme" })),
        fc.string({ unit: "grapheme" }),
        (salt, id) => {
          expect(fastBucketOf(salt, id)).toBe(bucketOf(salt, id));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
