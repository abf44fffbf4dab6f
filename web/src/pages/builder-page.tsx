import "../components/chart-kit";
import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, apiGet, apiSend, q } from "../api/client";
import type { Condition, Diagnostic, SegmentRecord } from "../api/types";
import { useCatalog, useSegments } from "../api/use-segments";
import { ConditionEditor, type EditorEnv, PickerLists } from "../builder/condition-editor";
import { ImpactPanel } from "../builder/impact-panel";
import { LiveEstimate } from "../builder/live-estimate";
import { useDebounced } from "../builder/use-debounced";
import { ErrorState, Loading } from "../components/states";
import { navigate, type Route, setQuery } from "../router";

interface ValidateAnswer {
  ok?: boolean;
  valid?: boolean;
  definition?: Condition;
  ast?: Condition;
  text?: string;
  diagnostics?: Diagnostic[];
}

const isError = (d: Diagnostic): boolean => (d.severity ?? "error") === "error";
const slug = (s: string): string =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);

function where(d: Diagnostic): string {
  const span = d.span as { line?: number; column?: number; start?: { line?: number; column?: number } } | undefined;
  const line = d.line ?? span?.line ?? span?.start?.line;
  const col = d.column ?? span?.column ?? span?.start?.column;
  if (line !== undefined) return `line ${line}${col !== undefined ? `, column ${col}` : ""}: `;
  if (d.path?.length) return `${d.path.join(".")}: `;
  return "";
}

/** Builder: the visual tree and the text form edit one AST; live size, diagnostics, edit impact, save. */
export function BuilderPage(props: { route: Route }) {
  const editId = props.route.query.get("id") ?? "";
  const [loaded, setLoaded] = useState<{ record?: SegmentRecord; error?: Error; done: boolean }>({ done: !editId });
  const [def, setDef] = useState<Condition>(() => initialDef(props.route));
  const [text, setText] = useState("");
  const [mode, setMode] = useState<"text" | "json">("text");
  const [diags, setDiags] = useState<Diagnostic[]>([]);
  const [textError, setTextError] = useState("");
  const [meta, setMeta] = useState({
    name: props.route.query.get("name") ?? "",
    id: "",
    tags: "",
    parent: "",
    refresh: "realtime",
    description: "",
  });
  const [saving, setSaving] = useState<{ busy: boolean; error?: Error }>({ busy: false });
  const textFocused = useRef(false);
  const lastTextDef = useRef<string>("");
  const catalog = useCatalog();
  const { rows: segments } = useSegments();
  const env = useMemo<EditorEnv>(
    () => ({ catalog: catalog.data, segments: (segments ?? []).map((s) => ({ id: s.id, name: s.name })) }),
    [catalog.data, segments],
  );

  // Editing an existing segment: load it once (a shared draft in ?def= wins over the saved definition).
  const defInUrl = useRef(props.route.query.get("def") !== null);
  useEffect(() => {
    if (!editId) return;
    apiGet<{ segment: SegmentRecord }>(`/api/segments/${q(editId)}`).then(
      ({ segment: r }) => {
        setLoaded({ record: r, done: true });
        if (!defInUrl.current) setDef(r.definition);
        setMeta({
          name: r.name,
          id: r.id,
          tags: (r.tags ?? []).join(", "),
          parent: r.parent ?? "",
          refresh: r.refresh ?? "realtime",
          description: r.description ?? "",
        });
      },
      (e: unknown) => setLoaded({ error: e as Error, done: true }),
    );
  }, [editId]);

  // The AST changed (tree edit, or a parsed text edit): validate it and reprint the text form.
  const defKey = JSON.stringify(def);
  const debouncedDef = useDebounced(defKey, 150);
  useEffect(() => {
    setQuery({ def: debouncedDef });
    if (debouncedDef === lastTextDef.current) return;
    let live = true;
    const definition = JSON.parse(debouncedDef) as Condition;
    const printed = apiSend<{ text: string }>("POST", "/api/segments/print", { definition }).catch(() => null);
    apiSend<ValidateAnswer>("POST", "/api/segments/validate", { definition }).then(
      async (r) => {
        if (!live) return;
        setDiags(r.diagnostics ?? []);
        const text = r.text ?? (await printed)?.text;
        if (live && typeof text === "string" && !textFocused.current) {
          setText(text);
          setTextError("");
        }
      },
      (e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.notAvailable) setMode("json");
        else if (e instanceof ApiError && e.details) setDiags(diagnosticsOf(e));
      },
    );
    return () => {
      live = false;
    };
  }, [debouncedDef]);

  // The text changed: parse it on the server; a clean parse replaces the AST.
  const debouncedText = useDebounced(text, 250);
  useEffect(() => {
    if (!textFocused.current || mode !== "text") return;
    let live = true;
    apiSend<ValidateAnswer>("POST", "/api/segments/validate", { dsl: debouncedText }).then(
      (r) => {
        if (!live) return;
        const d = r.diagnostics ?? [];
        setDiags(d);
        const ast = r.definition ?? r.ast;
        if (ast && !d.some(isError)) {
          lastTextDef.current = JSON.stringify(ast);
          setDef(ast);
          setTextError("");
        } else setTextError(d.length ? "" : "The text does not parse.");
      },
      (e: unknown) => {
        if (!live) return;
        setDiags(diagnosticsOf(e));
        setTextError(e instanceof ApiError && !e.details ? e.message : "");
      },
    );
    return () => {
      live = false;
    };
  }, [debouncedText, mode]);

  const jsonText = useMemo(() => JSON.stringify(def, null, 2), [def]);
  const [jsonDraft, setJsonDraft] = useState<string | null>(null);
  const hasErrors = diags.some(isError) || textError !== "";

  const save = async (): Promise<void> => {
    const id = editId || meta.id || slug(meta.name);
    const tags = meta.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const body = {
      id,
      name: meta.name.trim() || id,
      definition: def,
      refresh: meta.refresh,
      ...(tags.length ? { tags } : {}),
      ...(meta.parent ? { parent: meta.parent } : {}),
      ...(meta.description ? { description: meta.description } : {}),
    };
    setSaving({ busy: true });
    try {
      const saved = editId
        ? await apiSend<{ segment?: SegmentRecord }>("PUT", `/api/segments/${q(editId)}`, body)
        : await apiSend<{ segment?: SegmentRecord }>("POST", "/api/segments", body);
      setSaving({ busy: false });
      navigate(["segments", saved?.segment?.id ?? id]);
    } catch (e) {
      setSaving({ busy: false, error: e as Error });
      if (e instanceof ApiError && e.details) setDiags(diagnosticsOf(e));
    }
  };

  if (loaded.error) return <ErrorState error={loaded.error} what="Segment" />;
  if (!loaded.done) return <Loading label="Loading segment…" />;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{editId ? `Edit ${loaded.record?.name ?? editId}` : "New segment"}</h1>
          <div className="muted">Build visually or type the definition: both edit the same segment.</div>
        </div>
      </div>
      <PickerLists env={env} />
      <div className="builder">
        <section className="card" aria-label="Visual condition tree">
          <h2>Conditions</h2>
          <ConditionEditor node={def} env={env} label="root" onChange={(c) => setDef(c)} />
        </section>
        <div className="page">
          <section className="card" aria-label="Live size estimate">
            <h3>Live size</h3>
            <LiveEstimate definition={def} valid={!hasErrors} {...(meta.parent ? { parent: meta.parent } : {})} />
          </section>
          <section className="card" aria-label="Definition text">
            <div className="row" style={{ justifyContent: "space-between" }}>
              <h3>Definition</h3>
              <div className="tabs" role="tablist" aria-label="Definition format">
                <button type="button" role="tab" aria-selected={mode === "text"} onClick={() => setMode("text")}>
                  Text
                </button>
                <button type="button" role="tab" aria-selected={mode === "json"} onClick={() => setMode("json")}>
                  JSON
                </button>
              </div>
            </div>
            {mode === "text" ? (
              <textarea
                className="code"
                aria-label="Segment definition (text form)"
                spellCheck={false}
                value={text}
                onFocus={() => {
                  textFocused.current = true;
                }}
                onBlur={() => {
                  textFocused.current = false;
                }}
                onChange={(e) => setText(e.target.value)}
              />
            ) : (
              <textarea
                className="code"
                aria-label="Segment definition (JSON AST)"
                spellCheck={false}
                value={jsonDraft ?? jsonText}
                onChange={(e) => {
                  setJsonDraft(e.target.value);
                  try {
                    setDef(JSON.parse(e.target.value) as Condition);
                    setTextError("");
                  } catch (err) {
                    setTextError(`JSON: ${(err as Error).message}`);
                  }
                }}
                onBlur={() => setJsonDraft(null)}
              />
            )}
            <ul className="diag" aria-label="Diagnostics" data-testid="diagnostics">
              {textError && <li>{textError}</li>}
              {diags.map((d, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: diagnostics have no id
                <li key={i} className={d.severity ?? "error"}>
                  {where(d)}
                  {d.message}
                  {d.code ? <span className="muted"> ({d.code})</span> : null}
                </li>
              ))}
            </ul>
          </section>
          {editId && <ImpactPanel id={editId} definition={def} disabled={hasErrors} />}
          <section className="card" aria-label="Save segment">
            <h3>Save</h3>
            <div className="grid-2">
              <label className="field">
                <span>Name</span>
                <input
                  aria-label="Segment name"
                  value={meta.name}
                  onChange={(e) => setMeta({ ...meta, name: e.target.value })}
                />
              </label>
              <label className="field">
                <span>Id</span>
                <input
                  aria-label="Segment id"
                  disabled={!!editId}
                  placeholder={slug(meta.name)}
                  value={editId || meta.id}
                  onChange={(e) => setMeta({ ...meta, id: e.target.value })}
                />
              </label>
              <label className="field">
                <span>Tags (comma separated)</span>
                <input
                  aria-label="Segment tags"
                  value={meta.tags}
                  onChange={(e) => setMeta({ ...meta, tags: e.target.value })}
                />
              </label>
              <label className="field">
                <span>Parent segment</span>
                <select
                  aria-label="Parent segment"
                  value={meta.parent}
                  onChange={(e) => setMeta({ ...meta, parent: e.target.value })}
                >
                  <option value="">(none)</option>
                  {env.segments
                    .filter((s) => s.id !== editId)
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                </select>
              </label>
              <label className="field">
                <span>Refresh</span>
                <select
                  aria-label="Refresh mode"
                  value={meta.refresh}
                  onChange={(e) => setMeta({ ...meta, refresh: e.target.value })}
                >
                  <option value="realtime">realtime</option>
                  <option value="hourly">hourly</option>
                  <option value="daily">daily</option>
                </select>
              </label>
              <label className="field">
                <span>Description</span>
                <input
                  aria-label="Segment description"
                  value={meta.description}
                  onChange={(e) => setMeta({ ...meta, description: e.target.value })}
                />
              </label>
            </div>
            <div className="row" style={{ marginTop: 12 }}>
              <button
                type="button"
                className="btn primary"
                disabled={saving.busy || hasErrors || !(meta.name.trim() || meta.id)}
                onClick={() => void save()}
              >
                {saving.busy ? "Saving…" : editId ? "Save new version" : "Save segment"}
              </button>
              {saving.error && (
                <span className="small" style={{ color: "var(--bad)" }} role="alert">
                  {saving.error.message}
                </span>
              )}
            </div>
          </section>
        </div>
      </div>
    </div>
  );
}

function initialDef(route: Route): Condition {
  const raw = route.query.get("def");
  if (raw) {
    try {
      return JSON.parse(raw) as Condition;
    } catch {
      // a mangled shared link: start empty
    }
  }
  return { all: [] };
}

function diagnosticsOf(e: unknown): Diagnostic[] {
  if (e instanceof ApiError) {
    const d = e.details as { diagnostics?: Diagnostic[] } | Diagnostic[] | undefined;
    const list = Array.isArray(d) ? d : d?.diagnostics;
    return list?.length ? list : [{ message: e.message, code: e.code }];
  }
  return [{ message: (e as Error).message }];
}
