import type { Command } from "commander";
import { sentiment, summarizeSentiment } from "../../discover/index.js";
import { action, printResult } from "../cli-output.js";
import { columnIndex, readCsvTable } from "../csv-table.js";

interface SentimentFlags {
  textCol: string;
  idCol?: string;
  lang: string;
  json?: boolean;
}

export function registerSentimentCommand(program: Command): void {
  program
    .command("sentiment")
    .description("score the sentiment of a text column with a valence lexicon (negation and intensifiers handled)")
    .argument("<file>", "CSV file with a header row")
    .requiredOption("--text-col <col>", "column holding the text")
    .option("--id-col <col>", "column identifying each row (default: the row number)")
    .option("--lang <code>", "lexicon language", "en")
    .option("--data <dir>", "data directory (unused: works on the file)")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string, flags: SentimentFlags) => {
        const table = await readCsvTable(file);
        const t = columnIndex(table, flags.textCol, "--text-col");
        const id = flags.idCol === undefined ? null : columnIndex(table, flags.idCol, "--id-col");
        const scored = table.rows.map((r) => sentiment(r[t] ?? "", flags.lang));
        const rows = scored.map((s, i) => ({
          id: id === null ? i + 1 : (table.rows[i]![id] ?? ""),
          score: s.score,
          comparative: s.comparative,
          label: s.label,
        }));
        const summary = summarizeSentiment(scored);
        printResult(flags, { rows, summary }, () =>
          [
            ...rows.map((r) => `${String(r.id).padEnd(12)} ${r.label.padEnd(8)} ${String(r.score).padStart(6)}`),
            `${summary.count} texts: ${summary.positive} positive, ${summary.negative} negative, ${summary.neutral} neutral; mean score ${summary.meanScore.toFixed(3)}`,
          ].join("\n"),
        );
      }),
    );
}
