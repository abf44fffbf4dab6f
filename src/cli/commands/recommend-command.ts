import type { Command } from "commander";
import {
  als,
  buildPurchaseMatrix,
  evaluateRecommenders,
  recommendAls,
  recommendItemCosine,
  similarItemsAls,
  similarItemsCosine,
} from "../../intel/index.js";
import { TesseraError } from "../../model/index.js";
import { action, printResult } from "../cli-output.js";
import { columnIndex, readCsvTable } from "../csv-table.js";
import { instantCell, numberFlag, textCell } from "./rfm-command.js";

interface RecommendOptions {
  customerCol: string;
  itemCol: string;
  timeCol?: string;
  method: string;
  similarTo?: string;
  customer?: string;
  evaluate?: boolean;
  k: string;
  factors: string;
  iterations: string;
  regularization: string;
  alpha: string;
  seed: string;
  json?: boolean;
}

export function registerRecommendCommand(program: Command): void {
  program
    .command("recommend")
    .description("item recommendations from purchases: item-cosine or implicit ALS")
    .argument("<file>", "purchases CSV, one row per purchase")
    .requiredOption("--customer-col <name>", "customer id column")
    .requiredOption("--item-col <name>", "item id column")
    .option("--method <name>", "item-cosine or als", "item-cosine")
    .option("--similar-to <item>", "items most similar to this item")
    .option("--customer <id>", "recommendations for this customer (own items excluded)")
    .option("--evaluate", "hold out each customer's last purchase; HitRate@k and MAP@k for all methods")
    .option("--time-col <name>", "purchase time column (needed by --evaluate)")
    .option("--k <n>", "number of items", "10")
    .option("--factors <n>", "als: latent factors", "32")
    .option("--iterations <n>", "als: alternating sweeps", "15")
    .option("--regularization <x>", "als: L2 weight λ", "0.1")
    .option("--alpha <x>", "als: confidence weight α (c = 1 + α·count)", "40")
    .option("--seed <n>", "als: seed of the initial factors", "42")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string, opts: RecommendOptions) => {
        if (opts.method !== "item-cosine" && opts.method !== "als")
          throw new TesseraError({
            code: "bad_flag",
            path: ["--method"],
            message: `--method must be item-cosine or als (got "${opts.method}")`,
          });
        const modes = [opts.similarTo !== undefined, opts.customer !== undefined, opts.evaluate === true];
        if (modes.filter(Boolean).length !== 1)
          throw new TesseraError({
            code: "bad_flag",
            path: ["--similar-to"],
            message: "give exactly one of --similar-to ITEM, --customer ID or --evaluate",
          });
        const k = numberFlag(opts.k, "--k", 10, true);
        if (k < 1) throw new TesseraError({ code: "bad_flag", path: ["--k"], message: "--k must be ≥ 1" });
        const alsOptions = {
          factors: numberFlag(opts.factors, "--factors", 32, true),
          iterations: numberFlag(opts.iterations, "--iterations", 15, true),
          regularization: numberFlag(opts.regularization, "--regularization", 0.1),
          alpha: numberFlag(opts.alpha, "--alpha", 40),
          seed: numberFlag(opts.seed, "--seed", 42, true),
        };
        const table = await readCsvTable(file);
        const c = columnIndex(table, opts.customerCol, "--customer-col");
        const it = columnIndex(table, opts.itemCol, "--item-col");
        if (opts.evaluate) {
          if (opts.timeCol === undefined)
            throw new TesseraError({ code: "bad_flag", path: ["--time-col"], message: "--evaluate needs --time-col" });
          const t = columnIndex(table, opts.timeCol, "--time-col");
          const purchases = table.rows.map((_, i) => ({
            customer: textCell(table, i, c),
            item: textCell(table, i, it),
            at: instantCell(table, i, t),
          }));
          const evaluation = evaluateRecommenders(purchases, k, alsOptions);
          printResult(opts, { evaluation }, () =>
            [
              `leave-last-out on ${evaluation.customers} customers, k = ${k}`,
              ...evaluation.methods.map(
                (m) => `  ${m.method.padEnd(12)} HitRate@${k} ${m.hitRate.toFixed(4)}  MAP@${k} ${m.map.toFixed(4)}`,
              ),
            ].join("\n"),
          );
          return;
        }
        const pairs = table.rows.map((_, i) => ({ customer: textCell(table, i, c), item: textCell(table, i, it) }));
        const m = buildPurchaseMatrix(pairs);
        const model = opts.method === "als" ? als(m, alsOptions) : undefined;
        let items: { item: string; score: number }[];
        if (opts.similarTo !== undefined) {
          const idx = m.items.indexOf(opts.similarTo);
          if (idx < 0)
            throw new TesseraError({
              code: "recommend_unknown_item",
              path: ["--similar-to"],
              message: `${file}: no purchases of item "${opts.similarTo}" (--similar-to)`,
            });
          items = model ? similarItemsAls(m, model, idx, k) : similarItemsCosine(m, idx, k);
        } else {
          const idx = m.customers.indexOf(opts.customer!);
          if (idx < 0)
            throw new TesseraError({
              code: "recommend_unknown_customer",
              path: ["--customer"],
              message: `${file}: no purchases by customer "${opts.customer}" (--customer)`,
            });
          items = model ? recommendAls(m, model, idx, k) : recommendItemCosine(m, idx, k);
        }
        printResult(opts, { items }, () =>
          items.length === 0
            ? "(no recommendations: no items co-occur with the input)"
            : items.map((s) => `${s.item}\t${s.score.toFixed(4)}`).join("\n"),
        );
      }),
    );
}
