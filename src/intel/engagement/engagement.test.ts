import { describe, expect, it } from "vitest";
import { channelPreference } from "./channel-preference.js";
import { leadScore } from "./lead-score.js";
import { lifecycleStage } from "./lifecycle-stage.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 1);

describe("leadScore", () => {
  const rules = {
    events: { "Product Viewed": 1, "Product Added": 3, "Demo Requested": 20 },
    properties: [
      { property: "title", equals: ["VP", "CTO"], points: 10 },
      { property: "employees_band", equals: "1000+", points: 5 },
    ],
    halfLifeDays: 14,
  };

  it("sums event points with a half-life decay plus property points, and grades the total", () => {
    const events = [
      { event: "Product Viewed", at: NOW }, // 1
      { event: "Product Added", at: NOW - 14 * DAY }, // 3 · ½
      { event: "Demo Requested", at: NOW - 28 * DAY }, // 20 · ¼
      { event: "Newsletter Opened", at: NOW }, // unlisted: 0
      { event: "Product Viewed", at: NOW + DAY }, // in the future: ignored
    ];
    const s = leadScore(events, { title: "CTO", employees_band: "50-200" }, rules, NOW);
    expect(s.score).toBeCloseTo(1 + 1.5 + 5 + 10, 12);
    expect(s.grade).toBe("C");
    expect(leadScore([{ event: "Demo Requested", at: NOW }], { title: "VP" }, rules, NOW).grade).toBe("B");
    expect(leadScore([], {}, rules, NOW)).toEqual({ score: 0, grade: "D" });
  });

  it("does not decay without a half-life and uses custom grades", () => {
    const s = leadScore(
      [{ event: "a", at: NOW - 365 * DAY }],
      {},
      { events: { a: 7 }, grades: [{ grade: "hot", min: 5 }], fallbackGrade: "cold" },
      NOW,
    );
    expect(s).toEqual({ score: 7, grade: "hot" });
  });
});

describe("lifecycleStage", () => {
  const g = 30 * DAY;
  const stage = (daysAgo: number[], pAlive?: number) =>
    lifecycleStage({
      purchases: daysAgo.map((d) => NOW - d * DAY),
      now: NOW,
      expectedGapMs: g,
      ...(pAlive === undefined ? {} : { pAlive }),
    });

  it("follows the documented rules in order", () => {
    expect(stage([])).toBe("prospect");
    expect(stage([5])).toBe("new");
    expect(stage([10, 40, 70])).toBe("active");
    expect(stage([45, 80])).toBe("at risk");
    expect(stage([10, 40], 0.3)).toBe("at risk");
    expect(stage([75, 100])).toBe("lapsed");
    expect(stage([130, 160])).toBe("churned");
    expect(stage([10, 40], 0.05)).toBe("churned");
    expect(stage([3, 100, 130])).toBe("reactivated");
  });
});

describe("channelPreference", () => {
  it("shrinks small-sample rates towards the pooled rate (Beta prior, 10 pseudo-sends)", () => {
    const p = channelPreference([
      { channel: "sms", sends: 1, engagements: 1 },
      { channel: "email", sends: 100, engagements: 40 },
      { channel: "push", sends: 0, engagements: 0 },
    ]);
    // Pooled rate 41/101; prior α = 10·41/101, β = 10·60/101.
    const alpha = (10 * 41) / 101;
    expect(p.preferred).toBe("sms");
    const email = p.channels.find((c) => c.channel === "email")!;
    expect(email.smoothedRate).toBeCloseTo((40 + alpha) / 110, 14);
    const sms = p.channels.find((c) => c.channel === "sms")!;
    expect(sms.rawRate).toBe(1);
    expect(sms.smoothedRate).toBeCloseTo((1 + alpha) / 11, 14);
    expect(p.channels.find((c) => c.channel === "push")!.rawRate).toBeNull();
  });

  it("with an explicit weak prior, a large-sample channel beats a lucky small one", () => {
    const p = channelPreference(
      [
        { channel: "sms", sends: 2, engagements: 1 },
        { channel: "email", sends: 1000, engagements: 450 },
      ],
      { prior: { alpha: 1, beta: 9 } },
    );
    expect(p.preferred).toBe("email");
    expect(channelPreference([]).preferred).toBeNull();
  });
});
