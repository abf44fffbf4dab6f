import { q } from "../../api/client";
import type { SegmentRecord } from "../../api/types";
import { useApi } from "../../api/use-api";
import { Async, fmt } from "../../components/states";

/** GET /api/segments/:id/kpis (measure module): totals over the default range for the current members. */
export interface SegmentKpis {
  members: number;
  from: string;
  to: string;
  totals: {
    conversionRate: number | null;
    revenuePerMember: number | null;
    averageOrderValue: number | null;
    churnRate: number | null;
    meanClv: number | null;
    retention?: number | null;
    orders?: number;
    revenue?: number;
  };
}
type Totals = SegmentKpis["totals"];

const money = (v: number): string => fmt.format(Math.round(v * 100) / 100);
const rate = (v: number): string => `${(v * 100).toFixed(1)} %`;
const CARDS: { key: keyof Totals; label: string; format: (v: number) => string }[] = [
  { key: "conversionRate", label: "Conversion", format: rate },
  { key: "revenuePerMember", label: "Revenue / member", format: money },
  { key: "averageOrderValue", label: "Avg. order value", format: money },
  { key: "churnRate", label: "Churn rate", format: rate },
  { key: "meanClv", label: "Mean CLV", format: money },
];

export function KpiCards(props: { segment: SegmentRecord }) {
  const kpis = useApi<SegmentKpis>(`/api/segments/${q(props.segment.id)}/kpis`);
  return (
    <section aria-label="KPIs">
      <Async state={kpis} what="KPIs">
        {(k) => (
          <>
            <div className="kpis">
              {CARDS.map((c) => {
                const v = k.totals[c.key];
                return (
                  <div className="kpi" key={c.key}>
                    <div className="v">{typeof v === "number" ? c.format(v) : "–"}</div>
                    <div className="l">{c.label}</div>
                  </div>
                );
              })}
            </div>
            <p className="small muted">
              {fmt.format(k.members)} members, {k.from.slice(0, 10)} to {k.to.slice(0, 10)}
            </p>
          </>
        )}
      </Async>
    </section>
  );
}
