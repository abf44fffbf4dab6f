import { q } from "../../api/client";
import type { SegmentRecord } from "../../api/types";
import { useApi } from "../../api/use-api";
import { Async, fmt } from "../../components/states";

/** KPIs are the measure module's (GET /api/segments/:id/kpis); absent until it ships. */
export interface SegmentKpis {
  conversion?: number;
  revenuePerMember?: number;
  aov?: number;
  churnRate?: number;
  meanClv?: number;
  [k: string]: unknown;
}

const CARDS: { key: keyof SegmentKpis & string; label: string; format: (v: number) => string }[] = [
  { key: "conversion", label: "Conversion", format: (v) => `${(v * 100).toFixed(1)} %` },
  { key: "revenuePerMember", label: "Revenue / member", format: (v) => money(v) },
  { key: "aov", label: "Avg. order value", format: (v) => money(v) },
  { key: "churnRate", label: "Churn rate", format: (v) => `${(v * 100).toFixed(1)} %` },
  { key: "meanClv", label: "Mean CLV", format: (v) => money(v) },
];
const money = (v: number): string => `${fmt.format(Math.round(v * 100) / 100)}`;

export function KpiCards(props: { segment: SegmentRecord }) {
  const kpis = useApi<SegmentKpis>(`/api/segments/${q(props.segment.id)}/kpis`);
  return (
    <section aria-label="KPIs">
      <Async state={kpis} what="KPIs">
        {(k) => (
          <div className="kpis">
            {CARDS.map((c) => {
              const v = k[c.key];
              return (
                <div className="kpi" key={c.key}>
                  <div className="v">{typeof v === "number" ? c.format(v) : "–"}</div>
                  <div className="l">{c.label}</div>
                </div>
              );
            })}
          </div>
        )}
      </Async>
    </section>
  );
}
