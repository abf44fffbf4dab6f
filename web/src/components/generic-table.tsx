import { fmt } from "./states";

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") return Number.isInteger(v) ? fmt.format(v) : v.toFixed(4).replace(/0+$/, "");
  if (typeof v === "string") return v;
  return JSON.stringify(v);
};

/** A table of plain objects whose columns are the union of their keys (for lists whose shape another module owns). */
export function GenericTable(props: { rows: Record<string, unknown>[]; label: string; columns?: string[] }) {
  const cols = props.columns ?? [...new Set(props.rows.flatMap((r) => Object.keys(r)))].slice(0, 10);
  if (!props.rows.length) return <p className="muted">Nothing here yet.</p>;
  return (
    <div className="table-wrap">
      <table className="data" aria-label={props.label}>
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no stable id in general
            <tr key={i}>
              {cols.map((c) => (
                <td key={c} className={typeof r[c] === "number" ? "num" : ""}>
                  <span title={cell(r[c])}>{cell(r[c]).slice(0, 160)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
