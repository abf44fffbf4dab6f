import type { Condition } from "../api/types";
import { type EditorEnv, has, type Props } from "./editor-types";
import { LeafEditor } from "./leaf-editor";
import { NEW_KINDS, type NewKind, newNode } from "./node-templates";

export type { EditorEnv } from "./editor-types";

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
