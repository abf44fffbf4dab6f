import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import { formatDiagnostic } from "../../lang/index.js";
import { type Diagnostic, isTesseraError, parseInstant, type SegmentRecord, TesseraError } from "../../model/index.js";
import { SegmentService } from "../../segments/index.js";
import { DuckDBStore, resolveDataDir } from "../../store/index.js";
import { action, log, printResult } from "../cli-output.js";
import { callServer, type DataOpts, runningServer, withDataOptions } from "../data-options.js";
import { jsonErrorPosition } from "../json-error-position.js";

interface DefOpts extends DataOpts {
  dsl?: string;
  asOf?: string;
}

/** Opens the data directory; when a server holds the write lock, opens it read-only instead of failing. */
async function openForRead(opts: DataOpts): Promise<DuckDBStore> {
  const dataDir = resolveDataDir(opts.data);
  try {
    return await DuckDBStore.open({ dataDir });
  } catch (e) {
    if (isTesseraError(e) && e.code === "store_locked") return DuckDBStore.open({ dataDir, readOnly: true });
    throw e;
  }
}

async function withService<T>(opts: DataOpts, fn: (svc: SegmentService) => Promise<T>): Promise<T> {
  const store = await openForRead(opts);
  try {
    return await fn(new SegmentService(store));
  } finally {
    await store.close();
  }
}

/** A definition from `--dsl TEXT` or a file: .json (a bare definition or a segment record) or text (.tsg). */
export function loadDefinition(
  file: string | undefined,
  dsl: string | undefined,
): { input: unknown; source: string; record?: Partial<SegmentRecord> } {
  if (dsl !== undefined) {
    if (file !== undefined)
      throw new TesseraError({
        code: "bad_arguments",
        path: ["--dsl"],
        message: "give either a definition file or --dsl, not both",
      });
    return { input: dsl, source: "--dsl" };
  }
  if (file === undefined) {
    throw new TesseraError({
      code: "bad_arguments",
      path: ["DEF"],
      message: "give a definition file (DEF.json or NAME.tsg) or --dsl TEXT",
    });
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new TesseraError({
      code: "file_not_found",
      path: [file],
      message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    });
  }
  if (extname(file).toLowerCase() !== ".json") return { input: text, source: file };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = jsonErrorPosition(text);
    const where = `:${pos.line}:${pos.column}`;
    throw new TesseraError({ code: "bad_json", path: [file], message: `${file}${where}: not valid JSON: ${msg}` });
  }
  if (typeof data === "object" && data !== null && !Array.isArray(data) && "definition" in data) {
    const record = data as Partial<SegmentRecord> & { definition: unknown };
    return { input: record.definition, source: file, record };
  }
  return { input: data, source: file };
}

/** Rethrows definition errors with every diagnostic formatted against its source (file:line:col, caret). */
async function reportingDiagnostics<T>(
  src: { input: unknown; source: string },
  fn: () => Promise<T>,
  json = process.argv.includes("--json"),
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isTesseraError(e) && e.code === "invalid_definition") {
      const ds = ((e.details as { diagnostics?: Diagnostic[] } | undefined)?.diagnostics ?? []) as Diagnostic[];
      const text = typeof src.input === "string" ? src.input : undefined;
      const lines = ds.map((d) => formatDiagnostic(d.span ? d : { ...d, path: d.path }, text, src.source));
      const where =
        typeof src.input === "string"
          ? ""
          : ` in ${src.source}${ds[0]?.path.length ? ` at ${ds[0].path.join(".")}` : ""}`;
      // Humans get the carets in the message; --json gets the diagnostics as data.
      throw new TesseraError({
        code: e.code,
        path: [src.source, ...(ds[0]?.path ?? [])],
        message: `invalid definition${where}\n${lines.join("\n")}`,
        ...(json ? { details: e.details } : {}),
      });
    }
    throw e;
  }
}

function instant(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = parseInstant(v);
  if (ms === undefined)
    throw new TesseraError({
      code: "bad_instant",
      path: ["--as-of"],
      message: `--as-of must be an ISO 8601 instant, got "${v}"`,
    });
  return ms;
}

const warn = (ds: readonly Diagnostic[], src: { input: unknown; source: string }): void => {
  for (const d of ds) log(formatDiagnostic(d, typeof src.input === "string" ? src.input : undefined, src.source));
};

export function registerSegmentCommand(program: Command): void {
  const seg = program.command("segment").description("define, evaluate and inspect segments (batch engine)");

  withDataOptions(
    seg.command("eval [def]").description("evaluate a definition (DEF.json, NAME.tsg or --dsl) at an instant"),
  )
    .option("--dsl <text>", "the definition in the text form")
    .option("--as-of <iso>", "evaluate at this instant (default now)")
    .option("--members", "also list the member profile ids")
    .action(
      action(async (file: string | undefined, opts: DefOpts & { members?: boolean }) => {
        const src = loadDefinition(file, opts.dsl);
        const asOf = instant(opts.asOf);
        const r = await withService(opts, (svc) =>
          reportingDiagnostics(src, () =>
            svc.evaluate(src.input, {
              ...(asOf === undefined ? {} : { asOf }),
              ...(src.record?.parent === undefined ? {} : { parent: src.record.parent }),
              members: opts.members === true,
            }),
          ),
        );
        warn(r.diagnostics, src);
        const out: { size: number; population: number; members?: string[] } = {
          size: r.size,
          population: r.population,
        };
        if (r.members) out.members = r.members;
        printResult(opts, out, () => {
          const share = r.population ? ((100 * r.size) / r.population).toFixed(2) : "0";
          return [`${r.size} of ${r.population} profiles (${share}%) at ${r.asOf}`, ...(r.members ?? [])].join("\n");
        });
      }),
    );

  withDataOptions(seg.command("create [def]").description("create a segment from a record/definition file or --dsl"))
    .option("--dsl <text>", "the definition in the text form")
    .option("--id <id>", "segment id (default: from the name)")
    .option("--name <name>", "display name")
    .option("--parent <id>", "parent segment (membership = parent ∧ definition)")
    .action(
      action(async (file: string | undefined, opts: DefOpts & { id?: string; name?: string; parent?: string }) => {
        const src = loadDefinition(file, opts.dsl);
        const body: Record<string, unknown> = { ...(src.record ?? {}) };
        delete body["version"];
        if (typeof src.input === "string") {
          delete body["definition"];
          body["dsl"] = src.input;
        } else body["definition"] = src.input;
        if (opts.id) body["id"] = opts.id;
        if (opts.name) body["name"] = opts.name;
        if (opts.parent) body["parent"] = opts.parent;
        if (!body["name"] && !body["id"] && file) body["name"] = file.replace(/^.*\//, "").replace(/\.[^.]+$/, "");
        const server = runningServer(opts);
        const r = await reportingDiagnostics(src, async () => {
          if (server)
            return callServer<{ segment: SegmentRecord; diagnostics: Diagnostic[] }>(
              server,
              "POST",
              "/api/segments",
              body,
            );
          const store = await DuckDBStore.open({ dataDir: resolveDataDir(opts.data) });
          try {
            return await new SegmentService(store).create(body);
          } finally {
            await store.close();
          }
        });
        warn(r.diagnostics, src);
        printResult(opts, r, () => `created segment ${r.segment.id} (version ${r.segment.version})`);
      }),
    );

  withDataOptions(seg.command("list").description("list segments"))
    .option("--sizes", "also evaluate every segment's size now")
    .action(
      action(async (opts: DataOpts & { sizes?: boolean }) => {
        const r = await withService(opts, async (svc) => {
          const segments = await svc.list();
          if (!opts.sizes) return { segments };
          const s = await svc.sizes();
          return { segments: segments.map((x) => ({ ...x, size: s.sizes[x.id] ?? 0 })), population: s.population };
        });
        printResult(
          opts,
          r,
          () =>
            r.segments.map((s) => `${s.id}  v${s.version}  ${"size" in s ? `${s.size}  ` : ""}${s.name}`).join("\n") ||
            "(no segments)",
        );
      }),
    );

  withDataOptions(seg.command("show <id>").description("show a segment record and its text form")).action(
    action(async (id: string, opts: DataOpts) => {
      const { printCondition } = await import("../../lang/index.js");
      const s = await withService(opts, (svc) => svc.get(id));
      printResult(
        opts,
        { segment: s, text: printCondition(s.definition) },
        () =>
          `${s.id} (version ${s.version}) ${s.name}${s.parent ? `\nparent: ${s.parent}` : ""}\n${printCondition(s.definition)}`,
      );
    }),
  );

  withDataOptions(
    seg.command("preview [def]").description("size, share and sample of a definition (with the min-size flag)"),
  )
    .option("--dsl <text>", "the definition in the text form")
    .option("--as-of <iso>", "evaluate at this instant")
    .action(
      action(async (file: string | undefined, opts: DefOpts) => {
        const src = loadDefinition(file, opts.dsl);
        const asOf = instant(opts.asOf);
        const p = await withService(opts, (svc) =>
          reportingDiagnostics(src, () => svc.preview(src.input, asOf === undefined ? {} : { asOf })),
        );
        warn(p.diagnostics, src);
        printResult(
          opts,
          p,
          () =>
            `${p.size} of ${p.population} (${p.share.toFixed(2)}%)${p.belowMinSize ? `  below the ${p.minSizePercent}% minimum` : ""}\nsample: ${p.sample.join(", ")}`,
        );
      }),
    );

  withDataOptions(
    seg.command("impact <id> [def]").description("who would enter and leave if segment <id> had this definition"),
  )
    .option("--dsl <text>", "the proposed definition in the text form")
    .option("--as-of <iso>", "evaluate at this instant")
    .action(
      action(async (id: string, file: string | undefined, opts: DefOpts) => {
        const src = loadDefinition(file, opts.dsl);
        const asOf = instant(opts.asOf);
        const r = await withService(opts, (svc) =>
          reportingDiagnostics(src, () => svc.impact(id, src.input, asOf === undefined ? {} : { asOf })),
        );
        printResult(
          opts,
          r,
          () =>
            `current ${r.current} → proposed ${r.proposed}: +${r.entering} entering, −${r.leaving} leaving, ${r.staying} staying\nentering e.g. ${r.sampleEntering.join(", ")}\nleaving e.g. ${r.sampleLeaving.join(", ")}`,
        );
      }),
    );

  withDataOptions(
    seg.command("explain <id> <profile>").description("why a profile is or is not in a segment, node by node"),
  )
    .option("--as-of <iso>", "evaluate at this instant")
    .action(
      action(async (id: string, profile: string, opts: DefOpts) => {
        const asOf = instant(opts.asOf);
        const r = await withService(opts, (svc) => svc.explain(id, profile, asOf));
        const lines: string[] = [`${profile} is ${r.member ? "" : "NOT "}in ${id} (version ${r.version}) at ${r.asOf}`];
        const walk = (n: typeof r.tree, depth: number): void => {
          lines.push(`${"  ".repeat(depth)}${n.value ? "✓" : "✗"} ${n.path} ${n.label}: ${n.detail}`);
          for (const c of n.children) walk(c, depth + 1);
        };
        walk(r.tree, 0);
        printResult(opts, r, () => lines.join("\n"));
      }),
    );

  withDataOptions(seg.command("members <id>").description("members of a segment now (cursor paging) or as CSV"))
    .option("--cursor <profile>", "continue after this profile id")
    .option("--limit <n>", "page size", "100")
    .option("--csv", "print every member as CSV")
    .option("--as-of <iso>", "evaluate at this instant")
    .action(
      action(async (id: string, opts: DefOpts & { cursor?: string; limit: string; csv?: boolean }) => {
        const asOf = instant(opts.asOf);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) {
          throw new TesseraError({
            code: "bad_arguments",
            path: ["--limit"],
            message: `--limit must be a positive integer, got "${opts.limit}"`,
          });
        }
        if (opts.csv) {
          const csv = await withService(opts, (svc) => svc.membersCsv(id, asOf));
          process.stdout.write(csv);
          return;
        }
        const page = await withService(opts, (svc) =>
          svc.members(id, {
            limit,
            ...(opts.cursor ? { cursor: opts.cursor } : {}),
            ...(asOf === undefined ? {} : { asOf }),
          }),
        );
        printResult(opts, page, () =>
          [
            ...page.members.map((m) => `${m.profileId}${m.heldOut ? "  (held out)" : ""}`),
            ...(page.nextCursor ? [`next: --cursor ${page.nextCursor}`] : []),
          ].join("\n"),
        );
      }),
    );
}
