import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  type ChurnModel,
  type ChurnModelName,
  crossValidateChurn,
  type EncodedFeatures,
  encodeFeatures,
  type FeatureEncoding,
  fitEncoding,
  predictChurn,
  trainChurnModel,
} from "../../intel/index.js";
import { TesseraError } from "../../model/index.js";
import { action, log, printResult } from "../cli-output.js";
import { type CsvTable, columnIndex, readCsvTable } from "../csv-table.js";
import { numberFlag } from "./rfm-command.js";

interface TrainOptions {
  target: string;
  positive: string;
  idCol?: string;
  folds: string;
  seed: string;
  model: string;
  save?: string;
  trees: string;
  depth: string;
  learningRate: string;
  json?: boolean;
}

/** What `--save` writes and `churn score` reads. */
interface SavedChurnModel {
  format: "tessera-churn-model";
  version: 1;
  target: string;
  positive: string;
  idColumn: string | null;
  encoding: FeatureEncoding;
  model: ChurnModel;
}

/** Encodes the table's feature columns, logging (and returning) a warning per numeric column with blank cells. */
function encodeTable(
  table: CsvTable,
  enc: FeatureEncoding,
  columns: string[],
  rows: string[][],
): {
  encoded: EncodedFeatures;
  warnings: string[];
} {
  const encoded = encodeFeatures(
    enc,
    columns,
    rows,
    (row, column) => `${table.file}:${table.lines[row]}: column "${column}"`,
  );
  const warnings = encoded.blanks.map(({ column, rows: r }) => {
    const lines = r.map((i) => table.lines[i]);
    const shown = lines.slice(0, 20).join(", ") + (lines.length > 20 ? `, … (${lines.length} rows)` : "");
    return `${table.file}: blank numeric cells in column "${column}" read as 0 at lines ${shown}`;
  });
  for (const w of warnings) log(`warning: ${w}`);
  return { encoded, warnings };
}

/** The table without the target and id columns: names and row cells. */
function featureColumns(table: CsvTable, skip: number[]): { columns: string[]; rows: string[][] } {
  const keep = table.columns.map((_, k) => k).filter((k) => !skip.includes(k));
  return {
    columns: keep.map((k) => table.columns[k]!),
    rows: table.rows.map((row) => keep.map((k) => row[k] ?? "")),
  };
}

export function registerChurnCommand(program: Command): void {
  const churn = program.command("churn").description("churn propensity models on a customer table");
  churn
    .command("train")
    .description("cross-validate logistic regression and gradient-boosted trees; report AUC, log-loss, importance")
    .argument("<file>", "CSV with one row per customer, a target column and feature columns")
    .requiredOption("--target <column>", "target column")
    .requiredOption("--positive <value>", "target value that means churned (positive class)")
    .option("--id-col <column>", "customer id column (excluded from the features)")
    .option("--folds <n>", "stratified cross-validation folds", "5")
    .option("--seed <n>", "seed for fold assignment and permutation importance", "1")
    .option("--model <name>", "logistic, gbt or all", "all")
    .option("--save <file>", "train the best model on all rows and save it as JSON")
    .option("--trees <n>", "gbt: number of trees", "100")
    .option("--depth <n>", "gbt: tree depth", "3")
    .option("--learning-rate <x>", "gbt: learning rate", "0.1")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string, opts: TrainOptions) => {
        if (!["logistic", "gbt", "all"].includes(opts.model))
          throw new TesseraError({
            code: "bad_flag",
            path: ["--model"],
            message: `--model must be logistic, gbt or all (got "${opts.model}")`,
          });
        const models: ChurnModelName[] = opts.model === "all" ? ["logistic", "gbt"] : [opts.model as ChurnModelName];
        const folds = numberFlag(opts.folds, "--folds", 5, true);
        const seed = numberFlag(opts.seed, "--seed", 1, true);
        const gbt = {
          trees: numberFlag(opts.trees, "--trees", 100, true),
          depth: numberFlag(opts.depth, "--depth", 3, true),
          learningRate: numberFlag(opts.learningRate, "--learning-rate", 0.1),
        };
        const table = await readCsvTable(file);
        const tc = columnIndex(table, opts.target, "--target");
        const ic = opts.idCol === undefined ? -1 : columnIndex(table, opts.idCol, "--id-col");
        const y = Uint8Array.from(table.rows, (row) => (row[tc] === opts.positive ? 1 : 0));
        const { columns, rows } = featureColumns(table, ic >= 0 ? [tc, ic] : [tc]);
        if (columns.length === 0)
          throw new TesseraError({ code: "churn_no_features", path: [file], message: `${file}: no feature columns` });
        const enc = fitEncoding(columns, rows);
        const { encoded, warnings } = encodeTable(table, enc, columns, rows);
        const cv = crossValidateChurn(encoded.matrix, y, enc.features, { folds, seed, models, gbt });
        if (opts.save !== undefined) {
          const saved: SavedChurnModel = {
            format: "tessera-churn-model",
            version: 1,
            target: opts.target,
            positive: opts.positive,
            idColumn: opts.idCol ?? null,
            encoding: enc,
            model: trainChurnModel(cv.best, encoded.matrix, y, { gbt }),
          };
          writeFileSync(opts.save, `${JSON.stringify(saved)}\n`);
          log(`saved the ${cv.best} model trained on all ${y.length} rows to ${opts.save}`);
        }
        const out = {
          rows: y.length,
          features: enc.features.length,
          featureNames: enc.features,
          models: cv.models,
          best: cv.best,
          importance: cv.importance,
          ...(warnings.length ? { warnings } : {}),
        };
        printResult(opts, out, () =>
          [
            `${out.rows} rows, ${out.features} features, ${folds}-fold stratified CV`,
            ...cv.models.map(
              (m) =>
                `  ${m.name.padEnd(9)} AUC ${m.auc.mean.toFixed(4)} (${m.auc.folds.map((a) => a.toFixed(3)).join(" ")})  log-loss ${m.logLoss.toFixed(4)}`,
            ),
            `permutation importance (${cv.best}):`,
            ...cv.importance.slice(0, 10).map((f) => `  ${f.feature.padEnd(24)} ${f.importance.toFixed(4)}`),
          ].join("\n"),
        );
      }),
    );
  churn
    .command("score")
    .description("score a customer table with a model saved by `churn train --save`")
    .argument("<model>", "model JSON written by --save")
    .argument("<file>", "CSV with the training feature columns")
    .option("--json", "print one JSON document")
    .action(
      action(async (modelFile: string, file: string, opts: { json?: boolean }) => {
        const saved = readModel(modelFile);
        const table = await readCsvTable(file);
        const ic = saved.idColumn === null ? -1 : table.columns.indexOf(saved.idColumn);
        const { encoded } = encodeTable(table, saved.encoding, table.columns, table.rows);
        const p = predictChurn(saved.model, encoded.matrix);
        const scores = Array.from(p, (score, i) => ({
          id: ic >= 0 ? (table.rows[i]![ic] ?? "") : String(i + 1),
          score,
        }));
        printResult(opts, { scores }, () => scores.map((s) => `${s.id}\t${s.score.toFixed(4)}`).join("\n"));
      }),
    );
}

function readModel(file: string): SavedChurnModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new TesseraError({
      code: "churn_bad_model",
      path: [file],
      message: `${file}: cannot read the model (${e instanceof Error ? e.message : String(e)})`,
    });
  }
  const m = parsed as Partial<SavedChurnModel> | null;
  if (m?.format !== "tessera-churn-model" || m.version !== 1 || !m.encoding || !m.model)
    throw new TesseraError({
      code: "churn_bad_model",
      path: [file],
      message: `${file}: not a model written by \`tessera churn train --save\``,
    });
  return m as SavedChurnModel;
}
