import type { Catalog, Condition } from "../api/types";
import {
  CMP_OPS,
  NEW_KINDS,
  type NewKind,
  newNode,
  OP_LABEL,
  PROP_OPS,
  parseValue,
  TRAIT_OPS,
  valueForOp,
  valueText,
} from "./node-templates";

export interface EditorEnv {
  catalog: Catalog | undefined;
  segments: { id: string; name: string }[];
}
interface Props {
  node: Condition;
  env: EditorEnv;
  onChange: (c: Condition) => void;
  onRemove?: () => void;
  label: string;
}
type Obj = Record<string, unknown>;

const has = (c: Condition, k: string): boolean => Object.hasOwn(c, k);

/** One node of the visual condition tree; groups recurse. Every edit produces a new AST (the source of truth). */
export function ConditionEditor(props: Props) {
  const { node, onChange } = props;
  if (has(node, "all") || has(node, "any")) return <GroupEditor {...props} />;
  if (has(node, "not")) {
    return (
      <fieldset className="cond not" aria-label={`${props.label}: not`}>
        <div className="cond-head">
          <span className="cond-kind">Not</span>
          <span className="muted small">none of this holds</span>
          <Remove {...props} />
        </div>
        <div className="cond-children">
          <ConditionEditor
            node={node["not"] as Condition}
            env={props.env}
            label={`${props.label}.not`}
            onChange={(c) => onChange({ not: c })}
            onRemove={() => onChange({ all: [] })}
          />
        </div>
      </fieldset>
    );
  }
  return (
    <fieldset className="cond" aria-label={props.label}>
      <div className="cond-head">
        <LeafEditor {...props} />
        <Remove {...props} />
      </div>
    </fieldset>
  );
}

function Remove(props: Props) {
  if (!props.onRemove) return null;
  return (
    <button
      type="button"
      className="icon-btn"
      style={{ marginLeft: "auto" }}
      aria-label={`Remove ${props.label}`}
      title="Remove"
      onClick={props.onRemove}
    >
      ✕
    </button>
  );
}

function GroupEditor(props: Props) {
  const key = has(props.node, "all") ? "all" : "any";
  const kids = (props.node[key] as Condition[]) ?? [];
  const set = (k: string, list: Condition[]): void => props.onChange({ [k]: list });
  const add = (kind: NewKind): void =>
    set(key, [
      ...kids,
      newNode(
        kind,
        props.env.catalog,
        props.env.segments.map((s) => s.id),
      ),
    ]);
  return (
    <fieldset className={`cond group ${key}`} aria-label={`${props.label}: ${key === "all" ? "all of" : "any of"}`}>
      <div className="cond-head">
        <select aria-label={`${props.label} combinator`} value={key} onChange={(e) => set(e.target.value, kids)}>
          <option value="all">ALL of</option>
          <option value="any">ANY of</option>
        </select>
        <span className="small muted">
          {kids.length} condition{kids.length === 1 ? "" : "s"}
        </span>
        <button
          type="button"
          className="btn small"
          onClick={() => props.onChange({ not: props.node })}
          aria-label={`Negate ${props.label}`}
        >
          Negate
        </button>
        <select
          aria-label={`Add a condition to ${props.label}`}
          value=""
          onChange={(e) => {
            if (e.target.value) add(e.target.value as NewKind);
          }}
        >
          <option value="">+ Add condition…</option>
          {NEW_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        <Remove {...props} />
      </div>
      <div className="cond-children">
        {kids.map((c, i) => (
          <ConditionEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: children are positional in the AST
            key={i}
            node={c}
            env={props.env}
            label={`${props.label}.${key}[${i}]`}
            onChange={(n) =>
              set(
                key,
                kids.map((x, j) => (j === i ? n : x)),
              )
            }
            onRemove={() =>
              set(
                key,
                kids.filter((_, j) => j !== i),
              )
            }
          />
        ))}
        {kids.length === 0 && (
          <span className="small muted">
            {key === "all" ? "Empty ALL: everyone matches." : "Empty ANY: nobody matches."}
          </span>
        )}
      </div>
    </fieldset>
  );
}

function EventPick(props: { value: string; env: EditorEnv; label: string; onChange: (v: string) => void }) {
  return (
    <input
      className="w-m"
      list="tessera-events"
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

function Duration(props: {
  value: unknown;
  label: string;
  onChange: (v: string | undefined) => void;
  optional?: boolean;
}) {
  return (
    <input
      className="w-s"
      aria-label={props.label}
      placeholder={props.optional ? "any" : "30d"}
      value={typeof props.value === "string" ? props.value : ""}
      onChange={(e) => props.onChange(e.target.value || undefined)}
      pattern="\d+[smhdw]"
      title="a duration: 90s, 15m, 2h, 30d, 4w"
    />
  );
}

const setKey = (o: Obj, k: string, v: unknown): Obj => {
  const next: Obj = { ...o };
  if (v === undefined) delete next[k];
  else next[k] = v;
  return next;
};

function ValueInput(props: {
  narrow?: boolean;
  op: string;
  value: unknown;
  label: string;
  listId?: string;
  onChange: (v: unknown) => void;
}) {
  const { op, value } = props;
  if (op === "exists" || op === "missing") return null;
  if (op === "between") {
    const [lo, hi] = (Array.isArray(value) ? value : [0, 0]) as [number, number];
    return (
      <>
        <input
          className="w-s"
          type="number"
          aria-label={`${props.label} from`}
          value={lo}
          onChange={(e) => props.onChange([Number(e.target.value), hi])}
        />
        <span className="muted">and</span>
        <input
          className="w-s"
          type="number"
          aria-label={`${props.label} to`}
          value={hi}
          onChange={(e) => props.onChange([lo, Number(e.target.value)])}
        />
      </>
    );
  }
  if (op === "near") {
    const v = (value ?? {}) as { lat?: number; lon?: number; km?: number };
    return (
      <>
        {(["lat", "lon", "km"] as const).map((k) => (
          <input
            key={k}
            className="w-s"
            type="number"
            step="any"
            aria-label={`${props.label} ${k}`}
            placeholder={k}
            value={v[k] ?? ""}
            onChange={(e) => props.onChange({ ...v, [k]: Number(e.target.value) })}
          />
        ))}
      </>
    );
  }
  return (
    <input
      className={props.narrow ? "w-s" : "w-m"}
      aria-label={`${props.label} value`}
      list={props.listId}
      value={valueText(value)}
      onChange={(e) => props.onChange(parseValue(op, e.target.value))}
    />
  );
}

function Filters(props: { node: Obj; event: string; env: EditorEnv; label: string; onChange: (n: Obj) => void }) {
  const where = (props.node["where"] as Obj[] | undefined) ?? [];
  const keys = props.env.catalog?.events.find((e) => e.name === props.event)?.properties ?? [];
  const set = (list: Obj[]): void => props.onChange(setKey(props.node, "where", list.length ? list : undefined));
  return (
    <>
      {where.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: filters are positional
        <span className="row" key={i}>
          <span className="muted small">where</span>
          <select
            aria-label={`${props.label} filter ${i + 1} property`}
            value={String(f["property"] ?? "")}
            onChange={(e) => set(where.map((x, j) => (j === i ? { ...x, property: e.target.value } : x)))}
          >
            {[...new Set([String(f["property"] ?? ""), ...keys.map((k) => k.key)])].map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <select
            aria-label={`${props.label} filter ${i + 1} operator`}
            value={String(f["op"])}
            onChange={(e) =>
              set(
                where.map((x, j) =>
                  j === i ? setKey({ ...x, op: e.target.value }, "value", valueForOp(e.target.value, x["value"])) : x,
                ),
              )
            }
          >
            {PROP_OPS.map((o) => (
              <option key={o} value={o}>
                {OP_LABEL[o]}
              </option>
            ))}
          </select>
          <ValueInput
            op={String(f["op"])}
            value={f["value"]}
            label={`${props.label} filter ${i + 1}`}
            onChange={(v) => set(where.map((x, j) => (j === i ? setKey(x, "value", v) : x)))}
          />
          <button
            type="button"
            className="icon-btn"
            aria-label={`Remove filter ${i + 1}`}
            onClick={() => set(where.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </span>
      ))}
      <button
        type="button"
        className="btn small"
        aria-label={`Add a property filter to ${props.label}`}
        onClick={() => set([...where, { property: keys[0]?.key ?? "", op: "eq", value: "" }])}
      >
        + where
      </button>
    </>
  );
}

function CmpEditor(props: { value: Obj | undefined; label: string; onChange: (v: Obj | undefined) => void }) {
  const v = props.value ?? { op: "gte", value: 1 };
  return (
    <>
      <select
        aria-label={`${props.label} count operator`}
        value={String(v["op"])}
        onChange={(e) =>
          props.onChange({
            op: e.target.value,
            value: e.target.value === "between" ? [1, 5] : Array.isArray(v["value"]) ? 1 : v["value"],
          })
        }
      >
        {CMP_OPS.map((o) => (
          <option key={o} value={o}>
            {OP_LABEL[o]}
          </option>
        ))}
      </select>
      <ValueInput
        narrow
        op={String(v["op"]) === "between" ? "between" : "gte"}
        value={v["value"]}
        label={`${props.label} count`}
        onChange={(x) => props.onChange({ op: v["op"], value: x })}
      />
      <span className="muted small">times</span>
    </>
  );
}

function LeafEditor(props: Props) {
  const n = props.node as Obj;
  const up = (k: string, v: unknown): void => props.onChange(setKey(n, k, v) as Condition);
  const L = props.label;
  if (has(n, "trait")) {
    const op = String(n["op"]);
    const t = String(n["trait"]);
    const tv = props.env.catalog?.traits.find((x) => x.key === t);
    const listId = tv?.topValues.length ? `tv-${t}` : undefined;
    return (
      <>
        <span className="cond-kind">Trait</span>
        <input
          className="w-m"
          list="tessera-traits"
          aria-label={`${L} trait`}
          value={t}
          onChange={(e) => up("trait", e.target.value)}
        />
        <select
          aria-label={`${L} operator`}
          value={op}
          onChange={(e) =>
            props.onChange(
              setKey({ ...n, op: e.target.value }, "value", valueForOp(e.target.value, n["value"])) as Condition,
            )
          }
        >
          {TRAIT_OPS.map((o) => (
            <option key={o} value={o}>
              {OP_LABEL[o]}
            </option>
          ))}
        </select>
        <ValueInput
          op={op}
          value={n["value"]}
          label={L}
          {...(listId ? { listId } : {})}
          onChange={(v) => up("value", v)}
        />
        {listId && (
          <datalist id={listId}>
            {tv?.topValues.map((x) => (
              <option key={String(x.value)} value={String(x.value)} />
            ))}
          </datalist>
        )}
      </>
    );
  }
  if (has(n, "performed")) {
    return (
      <>
        <span className="cond-kind">Did</span>
        <EventPick
          value={String(n["performed"])}
          env={props.env}
          label={`${L} event`}
          onChange={(v) => up("performed", v)}
        />
        <CmpEditor
          value={n["count"] as Obj | undefined}
          label={L}
          onChange={(v) => up("count", v && v["op"] === "gte" && v["value"] === 1 ? undefined : v)}
        />
        <span className="muted small">in last</span>
        <Duration value={n["within"]} label={`${L} within`} optional onChange={(v) => up("within", v)} />
        <Filters
          node={n}
          event={String(n["performed"])}
          env={props.env}
          label={L}
          onChange={(x) => props.onChange(x as Condition)}
        />
      </>
    );
  }
  if (has(n, "first") || has(n, "last")) {
    const k = has(n, "first") ? "first" : "last";
    return (
      <>
        <span className="cond-kind">{k === "first" ? "First" : "Last"}</span>
        <EventPick value={String(n[k])} env={props.env} label={`${L} event`} onChange={(v) => up(k, v)} />
        {k === "last" && (
          <>
            <span className="muted small">older than</span>
            <Duration value={n["olderThan"]} label={`${L} older than`} optional onChange={(v) => up("olderThan", v)} />
          </>
        )}
        <span className="muted small">within</span>
        <Duration value={n["within"]} label={`${L} within`} optional={k === "last"} onChange={(v) => up("within", v)} />
        <Filters
          node={n}
          event={String(n[k])}
          env={props.env}
          label={L}
          onChange={(x) => props.onChange(x as Condition)}
        />
      </>
    );
  }
  if (has(n, "did")) {
    const name = (r: unknown): string => (typeof r === "string" ? r : String((r as Obj)["event"] ?? ""));
    return (
      <>
        <span className="cond-kind">Did</span>
        <EventPick value={name(n["did"])} env={props.env} label={`${L} did event`} onChange={(v) => up("did", v)} />
        <span className="muted small">then not</span>
        <EventPick
          value={name(n["thenNot"])}
          env={props.env}
          label={`${L} then-not event`}
          onChange={(v) => up("thenNot", v)}
        />
        <span className="muted small">for</span>
        <Duration value={n["for"]} label={`${L} for`} onChange={(v) => up("for", v ?? "1h")} />
        <span className="muted small">within</span>
        <Duration value={n["within"]} label={`${L} within`} optional onChange={(v) => up("within", v)} />
      </>
    );
  }
  if (has(n, "sequence")) {
    const steps = (n["sequence"] as unknown[]).map((s) =>
      typeof s === "string" ? s : String((s as Obj)["event"] ?? ""),
    );
    return (
      <>
        <span className="cond-kind">Sequence</span>
        {steps.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
          <span className="row" key={i}>
            {i > 0 && <span className="muted">→</span>}
            <EventPick
              value={s}
              env={props.env}
              label={`${L} step ${i + 1}`}
              onChange={(v) =>
                up(
                  "sequence",
                  steps.map((x, j) => (j === i ? v : x)),
                )
              }
            />
          </span>
        ))}
        <button
          type="button"
          className="btn small"
          aria-label={`Add a step to ${L}`}
          onClick={() => up("sequence", [...steps, steps[steps.length - 1] ?? ""])}
        >
          + step
        </button>
        {steps.length > 1 && (
          <button
            type="button"
            className="btn small"
            aria-label={`Remove the last step of ${L}`}
            onClick={() => up("sequence", steps.slice(0, -1))}
          >
            − step
          </button>
        )}
        <span className="muted small">within</span>
        <Duration value={n["within"]} label={`${L} within`} onChange={(v) => up("within", v ?? "7d")} />
      </>
    );
  }
  if (has(n, "inSegment")) {
    return (
      <>
        <span className="cond-kind">Segment</span>
        <select
          aria-label={`${L} segment`}
          value={String(n["inSegment"])}
          onChange={(e) => up("inSegment", e.target.value)}
        >
          {[...new Set([String(n["inSegment"]), ...props.env.segments.map((s) => s.id)])].map((id) => (
            <option key={id} value={id}>
              {props.env.segments.find((s) => s.id === id)?.name ?? id}
            </option>
          ))}
        </select>
      </>
    );
  }
  if (has(n, "bucket")) {
    const b = n["bucket"] as { salt: string; from: number; to: number };
    return (
      <>
        <span className="cond-kind">Bucket</span>
        <input
          className="w-m"
          aria-label={`${L} salt`}
          value={b.salt}
          onChange={(e) => up("bucket", { ...b, salt: e.target.value })}
        />
        <input
          className="w-s"
          type="number"
          aria-label={`${L} from`}
          value={b.from}
          onChange={(e) => up("bucket", { ...b, from: Number(e.target.value) })}
        />
        <span className="muted">to</span>
        <input
          className="w-s"
          type="number"
          aria-label={`${L} to`}
          value={b.to}
          onChange={(e) => up("bucket", { ...b, to: Number(e.target.value) })}
        />
      </>
    );
  }
  return <code className="small">{JSON.stringify(n)}</code>;
}

/** Datalists shared by every picker in the tree. */
export function PickerLists(props: { env: EditorEnv }) {
  return (
    <>
      <datalist id="tessera-events">
        {props.env.catalog?.events.map((e) => (
          <option key={e.name} value={e.name}>{`${e.count} events`}</option>
        ))}
      </datalist>
      <datalist id="tessera-traits">
        {props.env.catalog?.traits.map((t) => (
          <option key={t.key} value={t.key}>{`${t.type} · ${t.profiles} profiles`}</option>
        ))}
        {props.env.catalog?.computedTraits.map((t) => (
          <option key={t.name} value={`$${t.name}`}>{`computed · ${t.profiles} profiles`}</option>
        ))}
      </datalist>
    </>
  );
}
