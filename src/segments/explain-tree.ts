import { type CompiledMembership, type NodeResult, pathText } from "../compile/index.js";
import { type Cmp, eventRefName, formatDuration, tryParseDuration } from "../model/index.js";
import type { Row } from "../store/index.js";

/** One node of an explanation: its truth for the profile and the evidence behind it. */
export interface ExplainNode {
  path: string;
  kind: string;
  label: string;
  value: boolean;
  evidence: Record<string, unknown>;
  /** The node's one-line reason, e.g. `count 3 in 30d ≥ 2`. */
  detail: string;
  children: ExplainNode[];
}

const CMP_SYMBOL = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" } as const;
const cmpText = (c: Cmp): string =>
  c.op === "between" ? `between ${c.value[0]} and ${c.value[1]}` : `${CMP_SYMBOL[c.op]} ${c.value}`;

function evidenceValues(n: NodeResult, row: Row, compiled: CompiledMembership): Record<string, unknown> {
  const cols = compiled.explainColumns.get(n);
  const out: Record<string, unknown> = {};
  n.evidence.forEach((e, i) => {
    const raw = cols ? row[cols.evidence[i]!] : undefined;
    let v: unknown = raw ?? null;
    if (raw !== null && raw !== undefined) {
      if (e.format === "time") v = new Date(Number(raw)).toISOString();
      else if (e.format === "number") v = Number(raw);
      else if (e.format === "json") {
        try {
          v = JSON.parse(String(raw));
        } catch {
          v = String(raw);
        }
      }
    }
    out[e.label] = v;
  });
  return out;
}

const show = (v: unknown): string =>
  v === null || v === undefined ? "none" : typeof v === "string" ? v : JSON.stringify(v);

/** The evidence of a node as a short phrase (`count 3 in 30d ≥ 2`). */
function detailOf(n: NodeResult, ev: Record<string, unknown>, value: boolean): string {
  const c = n.node;
  if (!c) return value ? "member" : "not a member";
  if ("performed" in c) {
    const window =
      c.within !== undefined ? ` in ${c.within}` : c.between ? ` in [${c.between[0]}, ${c.between[1]})` : "";
    let s = `count ${show(ev["count"])}${window} ${cmpText(c.count ?? { op: "gte", value: 1 })}`;
    if (c.agg) s += `, ${c.agg.fn}(${c.agg.property}) ${show(ev[`${c.agg.fn}(${c.agg.property})`])} ${cmpText(c.agg)}`;
    return s;
  }
  if ("first" in c) return `first at ${show(ev["first at"])}, window ${c.within}`;
  if ("last" in c) {
    const parts = [c.olderThan && `older than ${c.olderThan}`, c.within && `in last ${c.within}`].filter(Boolean);
    return `last at ${show(ev["last at"])}${parts.length ? `, needs ${parts.join(" and ")}` : ""}`;
  }
  if ("did" in c) {
    return `"${eventRefName(c.did)}" at ${show(ev["did at"])}, "${eventRefName(c.thenNot)}" last at ${show(ev["then-not last at"])}, wait ${c.for}`;
  }
  if ("sequence" in c) {
    const span = ev["shortest span ms"];
    const within = formatDuration(tryParseDuration(c.within) ?? 0);
    return `shortest span ${typeof span === "number" ? formatDuration(span) : "none"} (≤ ${within})`;
  }
  if ("trait" in c)
    return `${c.trait} is ${ev[c.trait] === null || ev[c.trait] === undefined ? "missing" : JSON.stringify(ev[c.trait])}`;
  if ("bucket" in c) return `bucket ${show(ev["bucket"])} in [${c.bucket.from}, ${c.bucket.to})`;
  if ("inSegment" in c) return value ? "member" : "not a member";
  return value ? "true" : "false";
}

/** The explanation tree of one profile's row from an explain-mode membership query. */
export function explainNode(n: NodeResult, row: Row, compiled: CompiledMembership): ExplainNode {
  const cols = compiled.explainColumns.get(n);
  const value = cols ? row[cols.truth] === true : false;
  const evidence = evidenceValues(n, row, compiled);
  const leaf = !["all", "any", "not", "segment"].includes(n.kind);
  return {
    path: pathText(n.path) || "(root)",
    kind: n.kind,
    label: n.label,
    value,
    evidence,
    detail: detailOf(n, evidence, value),
    children: leaf ? [] : n.children.map((c) => explainNode(c, row, compiled)),
  };
}

/** The leaves that decide the outcome (all true parts of a true `all`, the false ones of a false `all`, …). */
function decisive(e: ExplainNode): ExplainNode[] {
  if (e.kind === "all" || e.kind === "segment") {
    const kids = e.value ? e.children : e.children.filter((k) => !k.value);
    return kids.flatMap(decisive);
  }
  if (e.kind === "any") {
    const kids = e.value ? e.children.filter((k) => k.value).slice(0, 1) : e.children;
    return kids.flatMap(decisive);
  }
  if (e.kind === "not") return e.children.flatMap(decisive);
  return [e];
}

/** The reason string of a membership change: `all[1].performed "Order Completed": count 3 in 30d ≥ 2`. */
export function reasonOf(e: ExplainNode, max = 3): string {
  const leaves = decisive(e);
  const text = leaves.slice(0, max).map((l) => `${l.path === "(root)" ? "" : `${l.path}.`}${l.label}: ${l.detail}`);
  if (leaves.length > max) text.push(`and ${leaves.length - max} more`);
  return text.join("; ") || (e.value ? "empty all() is always true" : "empty any() is never true");
}

/** Kinds of the deciding leaves, for the cause of a change. */
export const decidingKinds = (e: ExplainNode): string[] => decisive(e).map((l) => l.kind);
