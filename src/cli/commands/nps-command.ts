import type { Command } from "commander";
import { nps } from "../../discover/index.js";
import { TesseraError } from "../../model/index.js";
import { action, log, printResult } from "../cli-output.js";
import { columnIndex, readCsvTable } from "../csv-table.js";
import { intFlag } from "./discover-flags.js";

interface NpsFlags {
  scoreCol: string;
  textCol?: string;
  lang: string;
  top: string;
  json?: boolean;
}

export function registerNpsCommand(program: Command): void {
  program
    .command("nps")
    .description("Net Promoter Score of a 0–10 score column, with each group's most frequent terms")
    .argument("<file>", "CSV file with a header row")
    .requiredOption("--score-col <col>", "column of 0–10 scores (blank cells are skipped)")
    .option("--text-col <col>", "free-text answers to extract terms from")
    .option("--lang <code>", "stopword language", "en")
    .option("--top <n>", "terms per group", "10")
    .option("--data <dir>", "data directory (unused: works on the file)")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string, flags: NpsFlags) => {
        const table = await readCsvTable(file);
        const s = columnIndex(table, flags.scoreCol, "--score-col");
        const t = flags.textCol === undefined ? null : columnIndex(table, flags.textCol, "--text-col");
        const top = intFlag(flags.top, "--top", 0);
        const scores: number[] = [];
        const texts: string[] = [];
        let skipped = 0;
        table.rows.forEach((r, i) => {
          const cell = (r[s] ?? "").trim();
          if (cell === "") {
            skipped++;
            return;
          }
          const v = Number(cell);
          if (!Number.isInteger(v) || v < 0 || v > 10) {
            throw new TesseraError({
              code: "nps_bad_score",
              path: [file, table.lines[i] ?? 0, flags.scoreCol],
              message: `${file}:${table.lines[i]}: column "${flags.scoreCol}" must be an integer 0..10, got ${JSON.stringify(cell)}`,
            });
          }
          scores.push(v);
          texts.push(t === null ? "" : (r[t] ?? ""));
        });
        if (skipped) log(`${file}: ${skipped} rows without a score skipped`);
        const result = {
          ...nps(scores, t === null ? undefined : texts, { languageCode: flags.lang, topTerms: top }),
          skipped,
        };
        const list = (g: "promoters" | "passives" | "detractors") =>
          result.terms[g].map((x) => `${x.term} (${x.count})`).join(", ");
        printResult(flags, result, () =>
          [
            `NPS ${result.nps === null ? "n/a" : result.nps.toFixed(1)} from ${result.responses} responses: ${result.promoters} promoters, ${result.passives} passives, ${result.detractors} detractors`,
            ...(t === null
              ? []
              : [
                  `promoters: ${list("promoters")}`,
                  `passives: ${list("passives")}`,
                  `detractors: ${list("detractors")}`,
                ]),
          ].join("\n"),
        );
      }),
    );
}
