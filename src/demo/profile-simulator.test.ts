import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IDS_ANON, IDS_BOTH, IDS_USER, K } from "./event-columns.js";
import { PopulationSimulator } from "./profile-simulator.js";

const DAY = 86_400_000;

/** Runs the simulator alone (no store) and groups row indexes by profile. */
function simulate(seed: number, profiles: number, days: number, end: number) {
  const start = end - days * DAY;
  const sim = new PopulationSimulator({ seed, start, end, expStart: end - Math.min(days, 60) * DAY });
  for (let i = 0; i < profiles; i++) sim.simulate(i);
  const byProfile: number[][] = Array.from({ length: profiles }, () => []);
  for (let r = 0; r < sim.events.length; r++) byProfile[sim.events.profile[r] as number]?.push(r);
  return { sim, start, byProfile };
}

describe("PopulationSimulator invariants", () => {
  it("keeps identities, windows and counters consistent for any seed, size and window", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        (seed, profiles, days, end) => {
          const { sim, start, byProfile } = simulate(seed, profiles, days, end);
          const ev = sim.events;
          let orders = 0;
          let revenue = 0;
          byProfile.forEach((rows, p) => {
            const anonymous = sim.anonymousIds[p] !== null;
            const signups = rows.filter((r) => ev.kind[r] === K.identify && ev.payload[r]?.includes('"email"'));
            expect(signups.length).toBe(1);
            const identifyAt = ev.ts[signups[0] as number] as number;
            expect(identifyAt).toBe(Math.floor(sim.identifiedAt[p] as number));
            const firstTs = Math.min(...rows.map((r) => ev.ts[r] as number));
            expect(firstTs).toBe(Math.floor(sim.createdAt[p] as number));
            let exposures = 0;
            for (const r of rows) {
              const ts = ev.ts[r] as number;
              expect(ts >= start && ts < end).toBe(true);
              const ids = ev.ids[r];
              if (!anonymous) expect(ids).toBe(IDS_USER);
              else expect(ids).toBe(ts < identifyAt ? IDS_ANON : IDS_BOTH);
              if (ev.kind[r] === K.experimentViewed) {
                exposures++;
                expect(ts).toBeGreaterThanOrEqual(sim.window.expStart);
              }
              if (ev.kind[r] === K.orderCompleted) {
                orders++;
                revenue += (JSON.parse(ev.payload[r] ?? "{}") as { revenue: number }).revenue;
              }
            }
            expect(exposures).toBeLessThanOrEqual(1);
          });
          expect(orders).toBe(sim.orders);
          expect(revenue).toBeCloseTo(sim.revenue, 6);
          const x = sim.experiment;
          expect((x.exposed[0] ?? 0) + (x.exposed[1] ?? 0)).toBe(
            byProfile.flat().filter((r) => ev.kind[r] === K.experimentViewed).length,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("orders rows by arrival: received_at never decreases, ties keep generation order", () => {
    const { sim, start } = simulate(9, 200, 30, Date.UTC(2026, 5, 1));
    const ev = sim.events;
    const order = ev.arrivalOrder(start);
    expect(new Set(order).size).toBe(ev.length);
    for (let k = 1; k < order.length; k++) {
      const a = order[k - 1] as number;
      const b = order[k] as number;
      const ra = (ev.ts[a] as number) + (ev.delay[a] as number);
      const rb = (ev.ts[b] as number) + (ev.delay[b] as number);
      expect(ra < rb || (ra === rb && a < b)).toBe(true);
    }
  });
});
