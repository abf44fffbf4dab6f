type Node = Record<string, unknown>;

const truthOf = (n: Node): boolean | undefined => {
  for (const k of ["result", "truth", "value", "matched", "ok", "pass"])
    if (typeof n[k] === "boolean") return n[k] as boolean;
  return undefined;
};
const childrenOf = (n: Node): Node[] => {
  for (const k of ["children", "nodes"]) if (Array.isArray(n[k])) return n[k] as Node[];
  return [];
};
const labelOf = (n: Node): string => String(n["label"] ?? n["text"] ?? n["kind"] ?? n["path"] ?? "");
const evidenceOf = (n: Node): string => {
  const e = n["detail"] || n["evidence"] || n["reason"];
  if (e === undefined || e === null) return "";
  if (typeof e === "string") return e;
  if (Array.isArray(e))
    return e
      .map((x) =>
        typeof x === "object" && x
          ? Object.values(x as Node)
              .map(String)
              .join(" ")
          : String(x),
      )
      .join("; ");
  return JSON.stringify(e);
};

/** The explain answer node by node: ✓/✗ per condition with its evidence. */
export function ExplainTree(props: { node: Node; depth?: number }) {
  const n = props.node;
  const t = truthOf(n);
  const kids = childrenOf(n);
  return (
    <div className={props.depth ? "node" : "explain"}>
      <div>
        <span
          className={t === undefined ? "muted" : t ? "ok" : "no"}
          title={t === undefined ? "" : t ? "true" : "false"}
        >
          {t === undefined ? "•" : t ? "✓" : "✗"}
        </span>{" "}
        <code>{labelOf(n)}</code> <span className="small muted">{evidenceOf(n)}</span>
      </div>
      {kids.map((k, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: explain nodes are positional
        <ExplainTree key={i} node={k} depth={(props.depth ?? 0) + 1} />
      ))}
    </div>
  );
}

/** The root node of an explain answer ({ member, tree } or the tree itself). */
export function explainRoot(body: unknown): { member?: boolean; root: Node } {
  const b = (body ?? {}) as Node;
  const root = (b["tree"] ?? b["root"] ?? b["explain"] ?? b["node"] ?? b) as Node;
  const member = typeof b["member"] === "boolean" ? (b["member"] as boolean) : truthOf(root);
  return member === undefined ? { root } : { member, root };
}
