import { describe, expect, it } from "vitest";
import { decideConsent, statementsFromTraits } from "./consent.js";
import type { TraitFact } from "./profile-facts.js";

const traits = (o: Record<string, unknown>, ts = 1000): Map<string, TraitFact> =>
  new Map(Object.entries(o).map(([k, v]) => [k, { value: v, ts }]));

describe("consent from traits and statements", () => {
  it("reads <channel>_opt_in, unsubscribed and nested consent objects", () => {
    const s = statementsFromTraits(
      traits({ email_opt_in: false, consent: { sms: { marketing: false, transactional: true }, push: true } }),
    );
    expect(decideConsent(s, "email", "marketing").granted).toBe(false);
    expect(decideConsent(s, "sms", "marketing").granted).toBe(false);
    expect(decideConsent(s, "sms", "transactional").granted).toBe(true);
    expect(decideConsent(s, "push", "marketing").granted).toBe(true);
    expect(decideConsent(s, "whatsapp", "marketing")).toEqual({
      granted: true,
      because: "no consent statement (opt-out model)",
    });
    // A destination that is not a channel hears only statements about every channel.
    expect(decideConsent(s, "*", "marketing").granted).toBe(true);
    const all = statementsFromTraits(traits({ unsubscribed: true }));
    expect(decideConsent(all, "*", "analytics").granted).toBe(false);
    expect(decideConsent(all, "sms", "marketing").because).toBe("trait unsubscribed: denied");
  });

  it("the most recent statement wins; at equal times the more specific, then a denial", () => {
    const old = { channel: "email", purpose: "*", granted: false, at: 1, source: "trait email_opt_in" };
    const api = { channel: "email", purpose: "marketing", granted: true, at: 2, source: "api" };
    expect(decideConsent([old, api], "email", "marketing").granted).toBe(true);
    expect(decideConsent([old, api], "email", "support").granted).toBe(false);
    const tieGeneral = { channel: "*", purpose: "*", granted: false, at: 5, source: "a" };
    const tieSpecific = { channel: "email", purpose: "marketing", granted: true, at: 5, source: "b" };
    expect(decideConsent([tieGeneral, tieSpecific], "email", "marketing").granted).toBe(true);
    const yes = { channel: "email", purpose: "*", granted: true, at: 7, source: "c" };
    const no = { channel: "email", purpose: "*", granted: false, at: 7, source: "d" };
    expect(decideConsent([yes, no], "email", "x").granted).toBe(false);
  });
});
