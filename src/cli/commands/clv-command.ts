import type { Command } from "commander";
import {
  DAYS_PER_MONTH,
  type FrequencySummary,
  fitBgNbd,
  fitGammaGamma,
  predictClv,
  summarizeTransactions,
  type TimeUnit,
  UNIT_DAYS,
} from "../../intel/index.js";
import { TesseraError } from "../../model/index.js";
import { action, printResult } from "../cli-output.js";
import { columnIndex, numberCell, readCsvTable } from "../csv-table.js";
import { dateFlag, instantCell, numberFlag, textCell } from "./rfm-command.js";

interface ClvInputOptions {
  summary?: string;
  transactions?: string;
  idCol?: string;
  frequencyCol: string;
  recencyCol: string;
  tCol: string;
  monetaryCol?: string;
  customerCol?: string;
  timeCol?: string;
  amountCol?: string;
  calibrationEnd?: string;
  unit: string;
  json?: boolean;
}

interface ClvPredictOptions extends ClvInputOptions {
  horizonMonths?: string;
  discountMonthly?: string;
}

interface ClvInput {
  ids: string[];
  summary: FrequencySummary;
  unit: TimeUnit;
  hasMonetary: boolean;
}

function parseUnit(u: string): TimeUnit {
  if (u === "week" || u === "day") return u;
  throw new TesseraError({ code: "bad_flag", path: ["--unit"], message: `--unit must be week or day (got "${u}")` });
}

/** Builds the per-customer summary from --summary (a ready summary CSV) or --transactions (raw purchases). */
async function readClvInput(opts: ClvInputOptions): Promise<ClvInput> {
  const unit = parseUnit(opts.unit);
  if ((opts.summary === undefined) === (opts.transactions === undefined))
    throw new TesseraError({
      code: "bad_flag",
      path: ["--summary"],
      message: "give exactly one of --summary FILE or --transactions FILE",
    });
  if (opts.summary !== undefined) {
    const table = await readCsvTable(opts.summary);
    const pick = (explicit: string | undefined, flag: string, defaults: string[]): number => {
      if (explicit !== undefined) return columnIndex(table, explicit, flag);
      return table.columns.findIndex((c) => defaults.includes(c));
    };
    const idc = pick(opts.idCol, "--id-col", ["id", "ID", "customer_id"]);
    const fc = columnIndex(table, opts.frequencyCol, "--frequency-col");
    const rc = columnIndex(table, opts.recencyCol, "--recency-col");
    const tc = columnIndex(table, opts.tCol, "--t-col");
    const mc = pick(opts.monetaryCol, "--monetary-col", ["monetary_value", "monetary", "M"]);
    const n = table.rows.length;
    const frequency = new Float64Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    const monetary = new Float64Array(n);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(idc >= 0 ? textCell(table, i, idc) : String(i + 1));
      frequency[i] = numberCell(table, i, fc);
      recency[i] = numberCell(table, i, rc);
      T[i] = numberCell(table, i, tc);
      if (mc >= 0) monetary[i] = numberCell(table, i, mc);
    }
    const summary: FrequencySummary = { frequency, recency, T, ...(mc >= 0 ? { monetary } : {}) };
    return { ids, summary, unit, hasMonetary: mc >= 0 };
  }
  const file = opts.transactions!;
  for (const [flag, v] of [
    ["--customer-col", opts.customerCol],
    ["--time-col", opts.timeCol],
    ["--calibration-end", opts.calibrationEnd],
  ] as const) {
    if (v === undefined)
      throw new TesseraError({ code: "bad_flag", path: [flag], message: `--transactions needs ${flag}` });
  }
  const table = await readCsvTable(file);
  const c = columnIndex(table, opts.customerCol!, "--customer-col");
  const t = columnIndex(table, opts.timeCol!, "--time-col");
  const a = opts.amountCol === undefined ? -1 : columnIndex(table, opts.amountCol, "--amount-col");
  const purchases = table.rows.map((_, i) => ({
    customer: textCell(table, i, c),
    at: instantCell(table, i, t),
    amount: a >= 0 ? numberCell(table, i, a) : 0,
  }));
  const s = summarizeTransactions(purchases, dateFlag(opts.calibrationEnd!, "--calibration-end"), unit);
  return {
    ids: s.ids,
    summary: { frequency: s.frequency, recency: s.recency, T: s.T, monetary: s.monetary },
    unit,
    hasMonetary: a >= 0,
  };
}

function fitModels(input: ClvInput) {
  const bg = fitBgNbd(input.summary);
  const m = input.summary.monetary;
  const gg = input.hasMonetary && m ? fitGammaGamma(input.summary.frequency, m) : undefined;
  return { bg, gg };
}

function inputOptions(cmd: Command): Command {
  return cmd
    .option("--summary <file>", "summary CSV: one row per customer with frequency, recency, T (and monetary)")
    .option(
      "--id-col <name>",
      "summary: customer id column (default: id, ID or customer_id if present, else the row number)",
    )
    .option("--frequency-col <name>", "summary: repeat purchases column", "frequency")
    .option("--recency-col <name>", "summary: time from first to last purchase column", "recency")
    .option("--t-col <name>", "summary: time from first purchase to the end of calibration column", "T")
    .option(
      "--monetary-col <name>",
      "summary: mean repeat purchase value (default: monetary_value, monetary or M if present)",
    )
    .option("--transactions <file>", "transactions CSV, one row per purchase")
    .option("--customer-col <name>", "transactions: customer id column")
    .option("--time-col <name>", "transactions: purchase time column")
    .option("--amount-col <name>", "transactions: purchase amount column (enables the Gamma-Gamma model)")
    .option("--calibration-end <date>", "transactions: last day of the calibration period (inclusive)")
    .option("--unit <unit>", "time unit of recency and T: week or day", "week")
    .option("--json", "print one JSON document");
}

export function registerClvCommand(program: Command): void {
  const clv = program.command("clv").description("customer lifetime value: BG/NBD + Gamma-Gamma");
  inputOptions(clv.command("fit").description("fit BG/NBD (and Gamma-Gamma when monetary values are present)")).action(
    action(async (opts: ClvInputOptions) => {
      const input = await readClvInput(opts);
      const { bg, gg } = fitModels(input);
      const out = {
        customers: input.ids.length,
        unit: input.unit,
        bgnbd: { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, logLikelihood: bg.logLikelihood },
        ...(gg ? { gammaGamma: { p: gg.p, q: gg.q, v: gg.v, logLikelihood: gg.logLikelihood } } : {}),
      };
      printResult(opts, out, () =>
        [
          `BG/NBD on ${out.customers} customers (time unit: ${input.unit})`,
          `  r ${bg.r.toFixed(4)}  alpha ${bg.alpha.toFixed(4)}  a ${bg.a.toFixed(4)}  b ${bg.b.toFixed(4)}  LL ${bg.logLikelihood.toFixed(2)}`,
          gg
            ? `Gamma-Gamma on ${gg.customers} repeat customers\n  p ${gg.p.toFixed(4)}  q ${gg.q.toFixed(4)}  v ${gg.v.toFixed(4)}  LL ${gg.logLikelihood.toFixed(2)}`
            : "Gamma-Gamma: no monetary values given",
        ].join("\n"),
      );
    }),
  );
  inputOptions(clv.command("predict").description("per-customer P(alive), expected purchases and discounted CLV"))
    .option("--horizon-months <n>", "months to project", "12")
    .option("--discount-monthly <rate>", "monthly discount rate", "0.01")
    .action(
      action(async (opts: ClvPredictOptions) => {
        const horizonMonths = numberFlag(opts.horizonMonths, "--horizon-months", 12, true);
        const discountMonthly = numberFlag(opts.discountMonthly, "--discount-monthly", 0.01);
        if (horizonMonths < 1 || discountMonthly <= -1)
          throw new TesseraError({
            code: "bad_flag",
            path: ["--horizon-months"],
            message: "--horizon-months must be ≥ 1 and --discount-monthly > -1",
          });
        const input = await readClvInput(opts);
        const { bg, gg } = fitModels(input);
        const predictions = predictClv(bg, gg, input.summary, {
          horizonMonths,
          discountMonthly,
          unitsPerMonth: DAYS_PER_MONTH / UNIT_DAYS[input.unit],
        });
        const customers = predictions.map((p, i) => ({ id: input.ids[i]!, ...p }));
        printResult(opts, { customers }, () => {
          const top = [...customers].sort((x, y) => (y.clv ?? y.expectedPurchases) - (x.clv ?? x.expectedPurchases));
          return [
            `${customers.length} customers, ${horizonMonths} months, discount ${discountMonthly}/month; top 10:`,
            ...top
              .slice(0, 10)
              .map(
                (c) =>
                  `  ${c.id.padEnd(12)} P(alive) ${c.pAlive.toFixed(3)}  purchases ${c.expectedPurchases.toFixed(2)}  CLV ${c.clv === null ? "-" : c.clv.toFixed(2)}`,
              ),
          ].join("\n");
        });
      }),
    );
}
