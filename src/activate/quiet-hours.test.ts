import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localSecondsOfDay, quietUntil } from "./quiet-hours.js";

const at = (iso: string): number => Date.parse(iso);

describe("quiet hours (Intl, IANA zones)", () => {
  it("reads local time of day in the person's zone", () => {
    // 2024-01-15T03:00Z is 22:00 EST (UTC−5) the day before and 12:00 JST (UTC+9).
    expect(localSecondsOfDay(at("2024-01-15T03:00:00Z"), "America/New_York")).toBe(22 * 3600);
    expect(localSecondsOfDay(at("2024-01-15T03:00:00Z"), "Asia/Tokyo")).toBe(12 * 3600);
    // Kathmandu is UTC+5:45.
    expect(localSecondsOfDay(at("2024-01-15T00:00:00Z"), "Asia/Kathmandu")).toBe(5 * 3600 + 45 * 60);
  });

  it("wrapping windows: 21:00–08:00 holds late evening and early morning, ends at 08:00 local", () => {
    const q = { start: "21:00", end: "08:00" };
    expect(quietUntil(at("2024-01-15T03:00:00Z"), q, "America/New_York")).toBe(at("2024-01-15T13:00:00Z"));
    expect(quietUntil(at("2024-01-15T12:59:59Z"), q, "America/New_York")).toBe(at("2024-01-15T13:00:00Z"));
    expect(quietUntil(at("2024-01-15T13:00:00Z"), q, "America/New_York")).toBeNull();
    expect(quietUntil(at("2024-01-15T01:59:59Z"), q, "America/New_York")).toBeNull(); // 20:59:59 local
    expect(quietUntil(at("2024-01-15T03:00:00Z"), q, "Asia/Tokyo")).toBeNull();
  });

  it("daytime windows and empty windows", () => {
    expect(quietUntil(at("2024-06-01T12:30:00Z"), { start: "12:00", end: "14:00" }, "UTC")).toBe(
      at("2024-06-01T14:00:00Z"),
    );
    expect(quietUntil(at("2024-06-01T12:30:00Z"), { start: "09:00", end: "09:00" }, "UTC")).toBeNull();
  });

  it("across the spring-forward switch (New York, 2024-03-10) the worker's re-check lands outside the window", () => {
    const q = { start: "01:00", end: "04:00" };
    // 06:30Z = 01:30 EST; the clocks jump 02:00 → 03:00, so 04:00 EDT is 08:00Z, an hour earlier than
    // the offset at 06:30Z predicts (09:00Z). The first answer may be late, never early; re-checking there is free.
    const first = quietUntil(at("2024-03-10T06:30:00Z"), q, "America/New_York")!;
    expect(first).toBeGreaterThanOrEqual(at("2024-03-10T08:00:00Z"));
    expect(quietUntil(first, q, "America/New_York")).toBeNull();
  });

  it("property: the returned instant is outside the window and never more than 24 h away", () => {
    const zones = ["UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(...zones),
        (t, sh, eh, tz) => {
          const q = { start: `${String(sh).padStart(2, "0")}:00`, end: `${String(eh).padStart(2, "0")}:00` };
          const until = quietUntil(t, q, tz);
          if (until === null) return;
          expect(until).toBeGreaterThan(t - 1000);
          expect(until - t).toBeLessThanOrEqual(24 * 3600 * 1000);
          // At most one more wait (a DST switch inside the window), and that one ends the window.
          const again = quietUntil(until, q, tz);
          if (again !== null) expect(quietUntil(again, q, tz)).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});
