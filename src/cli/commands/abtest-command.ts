import type { Command } from "commander";
import {
  analyzeExperiment,
  type ExperimentResult,
  type MetricKind,
  meanSampleSize,
  proportionSampleSize,
  type VariantSample,
} from "../../measure/index.js";
import { TesseraError } from "../../model/index.js";
import { action, printResult } from "../cli-output.js";
import { type CsvTable, columnIndex, numberCell, readCsvTable } from "../csv-table.js";

interface AbtestOptions {
  variantCol?: string;
  metricCol?: string;
  kind?: string;
  control?: string;
  alpha: string;
  expectedSplit?: string;
  json?: boolean;
}

interface SizeOptions {
  baseline?: string;
  target?: string;
  sd?: string;
  delta?: string;
  alpha: string;
  power: string;
  json?: boolean;
}

const TRUE = new Set(["true", "1", "yes"]);
const FALSE = new Set(["false", "0", "no"]);

/** A numeric flag in an open or closed range, or an error naming the flag. */
function numberFlag(text: string | undefined, flag: string, min: number, max: number, open = true): number {
  const v = Number(text);
  const ok =
    text !== undefined &&
    text.trim() !== "" &&
    Number.isFinite(v) &&
    (open ? v > min && v < max : v >= min && v <= max);
  if (!ok) {
    const range = open ? `(${min}, ${max})` : `[${min}, ${max}]`;
    throw new TesseraError({
      code: "bad_flag",
      path: [flag],
      message: `${flag} must be a number in ${range}; got ${JSON.stringify(text ?? "")}`,
    });
  }
  return v;
}

function metricValues(table: CsvTable, col: number, kind: MetricKind): Float64Array {
  const out = new Float64Array(table.rows.length);
  for (let r = 0; r < table.rows.length; r++) {
    if (kind === "mean") {
      out[r] = numberCell(table, r, col);
      continue;
    }
    const text = (table.rows[r]![col] ?? "").toLowerCase();
    if (TRUE.has(text)) out[r] = 1;
    else if (FALSE.has(text)) out[r] = 0;
    else {
      throw new TesseraError({
        code: "csv_bad_boolean",
        path: [table.file, table.lines[r] ?? 0, table.columns[col] ?? col],
        message: `${table.file}:${table.lines[r]}: column "${table.columns[col]}" must be true/false, 1/0 or yes/no for a proportion metric: ${JSON.stringify(table.rows[r]![col] ?? "")}`,
      });
    }
  }
  return out;
}

const isBooleanLike = (table: CsvTable, col: number): boolean =>
  table.rows.every((row) => {
    const t = (row[col] ?? "").toLowerCase();
    return TRUE.has(t) || FALSE.has(t);
  });

function requiredFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") {
    throw new TesseraError({ code: "missing_flag", path: [flag], message: `${flag} is required` });
  }
  return value;
}

export function readExperiment(table: CsvTable, opts: AbtestOptions): { samples: VariantSample[]; kind: MetricKind } {
  const variantCol = requiredFlag(opts.variantCol, "--variant-col");
  const vc = columnIndex(table, variantCol, "--variant-col");
  const mc = columnIndex(table, requiredFlag(opts.metricCol, "--metric-col"), "--metric-col");
  if (opts.kind !== undefined && opts.kind !== "proportion" && opts.kind !== "mean") {
    throw new TesseraError({
      code: "bad_flag",
      path: ["--kind"],
      message: `--kind must be proportion or mean; got "${opts.kind}"`,
    });
  }
  if (table.rows.length === 0)
    throw new TesseraError({ code: "csv_no_rows", path: [table.file], message: `${table.file}: no data rows` });
  const kind: MetricKind = (opts.kind as MetricKind | undefined) ?? (isBooleanLike(table, mc) ? "proportion" : "mean");
  const values = metricValues(table, mc, kind);
  const groups = new Map<string, number[]>();
  for (let r = 0; r < table.rows.length; r++) {
    const name = table.rows[r]![vc] ?? "";
    if (name === "") {
      throw new TesseraError({
        code: "csv_empty_cell",
        path: [table.file, table.lines[r] ?? 0, variantCol],
        message: `${table.file}:${table.lines[r]}: column "${variantCol}" is empty`,
      });
    }
    const g = groups.get(name);
    if (g) g.push(values[r]!);
    else groups.set(name, [values[r]!]);
  }
  const samples = [...groups].map(([name, v]) => ({ name, values: Float64Array.from(v) }));
  return { samples, kind };
}

const fmt = (x: number | null | undefined): string =>
  x === null || x === undefined ? "—" : Number.isInteger(x) ? String(x) : x.toPrecision(4);

function human(r: ExperimentResult): string {
  const lines = [`metric kind: ${r.kind}, control: ${r.control}, alpha: ${r.alpha}`];
  for (const v of r.variants) lines.push(`  ${v.name.padEnd(16)} n=${v.n}  mean=${fmt(v.mean)}`);
  lines.push(`sample ratio: chi2=${fmt(r.srm.chi2)} p=${fmt(r.srm.pValue)}`);
  if (r.proportion) {
    const p = r.proportion;
    lines.push(
      `diff (treatment − control) = ${fmt(p.diff.value)}  95% CI [${fmt(p.diff.ci95[0])}, ${fmt(p.diff.ci95[1])}]  lift ${fmt(p.relativeLift)}`,
    );
    lines.push(
      `z=${fmt(p.z.statistic)} p=${fmt(p.z.pValue)} · chi2=${fmt(p.chi2.statistic)} p=${fmt(p.chi2.pValue)} · Yates p=${fmt(p.chi2Yates.pValue)}`,
    );
  }
  if (r.mean) {
    const m = r.mean;
    lines.push(
      `diff (treatment − control) = ${fmt(m.diff.value)}  95% CI [${fmt(m.diff.ci95[0])}, ${fmt(m.diff.ci95[1])}]`,
    );
    lines.push(
      `Welch t=${fmt(m.welch.t)} df=${fmt(m.welch.df)} p=${fmt(m.welch.pValue)} · Student p=${fmt(m.student.pValue)} · Mann-Whitney U=${fmt(m.mannWhitney.u)} p=${fmt(m.mannWhitney.pValue)}`,
    );
  }
  if (r.omnibus)
    lines.push(`omnibus ${r.omnibus.test}: statistic=${fmt(r.omnibus.statistic)} p=${fmt(r.omnibus.pValue)}`);
  for (const p of r.pairwise ?? [])
    lines.push(
      `  ${p.variant} vs ${p.control}: p=${fmt(p.pValue)} Holm p=${fmt(p.adjustedPValue)} power=${fmt(p.power)}`,
    );
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join("\n");
}

export function registerAbtestCommand(program: Command): void {
  const cmd = program
    .command("abtest")
    .description("A/B/n test read-out from a CSV of units (one row per unit), or `abtest size` for sample sizes")
    .argument("<file>", "CSV with one row per unit")
    .enablePositionalOptions()
    .option("--variant-col <col>", "column holding the variant name (required)")
    .option("--metric-col <col>", "column holding the metric (true/false, 1/0, yes/no or a number)")
    .option("--kind <kind>", "proportion | mean (detected from the values when omitted)")
    .option("--control <name>", "control variant (default: first in sorted order)")
    .option("--alpha <a>", "significance level", "0.05")
    .option("--expected-split <weights>", "expected traffic weights per variant in sorted order, e.g. 50,50")
    .option("--data <dir>", "data directory (unused: reads the CSV only)")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string, opts: AbtestOptions) => {
        const alpha = numberFlag(opts.alpha, "--alpha", 0, 1);
        requiredFlag(opts.variantCol, "--variant-col");
        requiredFlag(opts.metricCol, "--metric-col");
        const table = await readCsvTable(file);
        const { samples, kind } = readExperiment(table, opts);
        if (samples.length < 2) {
          throw new TesseraError({
            code: "too_few_variants",
            path: [file, "--variant-col"],
            message: `${file}: column "${opts.variantCol}" has ${samples.length} variant(s); need at least 2`,
          });
        }
        let expectedSplit: number[] | undefined;
        if (opts.expectedSplit !== undefined) {
          expectedSplit = opts.expectedSplit
            .split(",")
            .map((w) => numberFlag(w, "--expected-split", 0, Number.POSITIVE_INFINITY));
          if (expectedSplit.length !== samples.length) {
            throw new TesseraError({
              code: "bad_flag",
              path: ["--expected-split"],
              message: `--expected-split has ${expectedSplit.length} weights for ${samples.length} variants`,
            });
          }
        }
        if (opts.control !== undefined && !samples.some((s) => s.name === opts.control)) {
          throw new TesseraError({
            code: "unknown_control",
            path: ["--control"],
            message: `--control "${opts.control}" is not a variant in ${file}; variants are ${samples
              .map((s) => s.name)
              .sort()
              .join(", ")}`,
          });
        }
        const result = analyzeExperiment(samples, {
          kind,
          alpha,
          ...(opts.control !== undefined ? { control: opts.control } : {}),
          ...(expectedSplit ? { expectedSplit } : {}),
        });
        printResult(opts, result, () => human(result));
      }),
    );
  cmd
    .command("size")
    .description(
      "per-group sample size for a two-sided test of two proportions (--baseline/--target) or means (--sd/--delta)",
    )
    .option("--baseline <p1>", "baseline conversion rate")
    .option("--target <p2>", "target conversion rate")
    .option("--sd <sd>", "standard deviation of the metric (mean difference)")
    .option("--delta <d>", "mean difference to detect")
    .option("--alpha <a>", "significance level (two-sided)", "0.05")
    .option("--power <p>", "power", "0.8")
    .option("--json", "print one JSON document")
    .action(
      action((opts: SizeOptions) => {
        const alpha = numberFlag(opts.alpha, "--alpha", 0, 1);
        const power = numberFlag(opts.power, "--power", 0, 1);
        if (opts.baseline !== undefined || opts.target !== undefined) {
          const p1 = numberFlag(opts.baseline, "--baseline", 0, 1);
          const p2 = numberFlag(opts.target, "--target", 0, 1);
          if (p1 === p2)
            throw new TesseraError({
              code: "bad_flag",
              path: ["--target"],
              message: "--target must differ from --baseline",
            });
          const r = proportionSampleSize(p1, p2, alpha, power);
          printResult(
            opts,
            r,
            () =>
              `per group: ${Math.ceil(r.perGroup)} (pooled) · ${Math.ceil(r.unpooled)} (unpooled) · ${Math.ceil(r.cohensH)} (Cohen's h)`,
          );
          return;
        }
        if (opts.sd === undefined && opts.delta === undefined) {
          throw new TesseraError({
            code: "missing_flag",
            path: ["--baseline"],
            message: "give --baseline and --target (proportions) or --sd and --delta (means)",
          });
        }
        const sd = numberFlag(opts.sd, "--sd", 0, Number.POSITIVE_INFINITY);
        const delta = Number(opts.delta);
        if (opts.delta === undefined || !Number.isFinite(delta) || delta === 0) {
          throw new TesseraError({
            code: "bad_flag",
            path: ["--delta"],
            message: `--delta must be a non-zero number; got ${JSON.stringify(opts.delta ?? "")}`,
          });
        }
        const r = meanSampleSize(sd, delta, alpha, power);
        printResult(opts, r, () => `per group: ${Math.ceil(r.perGroup)}`);
      }),
    );
}
