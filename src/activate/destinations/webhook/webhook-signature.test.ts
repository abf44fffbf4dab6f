import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "./webhook-signature.js";

describe("webhook signatures", () => {
  it('v1 is the HMAC-SHA256 of "<t>.<body>" in hex (checked with node:crypto directly)', () => {
    const body = '{"id":"k","change":"entered"}';
    const header = signBody(body, ["whsec_0123456789abcdef"], 1_700_000_000);
    const expected = createHmac("sha256", "whsec_0123456789abcdef").update(`1700000000.${body}`).digest("hex");
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it("property: verifies with each active secret; any change to body, time or secret fails", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 16 }),
        fc.string({ minLength: 16 }),
        fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }),
        (body, s1, s2, t) => {
          fc.pre(s1 !== s2);
          const h = signBody(body, [s1, s2], t);
          expect(verifySignature(h, body, s1, t).ok).toBe(true);
          expect(verifySignature(h, body, s2, t + 299).ok).toBe(true);
          expect(verifySignature(h, `${body}x`, s1, t).ok).toBe(false);
          expect(verifySignature(h, body, `${s1}x`, t).ok).toBe(false);
          expect(verifySignature(h, body, s1, t + 301).reason).toBe("stale");
          expect(verifySignature(h.replace(/^t=\d+/, `t=${t + 1}`), body, s1, t).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("malformed headers are rejected, not thrown", () => {
    expect(verifySignature("garbage", "b", "s", 0).reason).toBe("malformed");
    expect(verifySignature("t=1", "b", "s", 1).reason).toBe("malformed");
  });
});
