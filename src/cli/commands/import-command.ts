import { resolve } from "node:path";
import type { Command } from "commander";
import { type ImportSummary, Ingestor, importEventsFile, importTransactionsFile } from "../../ingest/index.js";
import { action, printResult } from "../cli-output.js";
import { callServer, type DataOpts, openStore, runningServer, withDataOptions } from "../data-options.js";
import { progressBar } from "../progress-bar.js";

const human = (s: ImportSummary): string => {
  const lines = [
    `${s.file}: read ${s.read}, stored ${s.stored}, duplicates ${s.duplicates}, rejected ${s.rejected} in ${s.ms} ms`,
  ];
  for (const e of s.errors.slice(0, 20))
    lines.push(`  line ${e.line}: [${e.code}]${e.field ? ` ${e.field}:` : ""} ${e.message}`);
  if (s.rejected > 20) lines.push(`  … ${s.rejected - 20} more rejections (see --json)`);
  return lines.join("\n");
};

type ImportRequest =
  | { kind: "events"; file: string }
  | {
      kind: "transactions";
      file: string;
      customerCol: string;
      timeCol: string;
      amountCol: string;
      orderCol?: string;
      event?: string;
    };

async function runImport(opts: DataOpts, req: ImportRequest): Promise<ImportSummary> {
  const server = runningServer(opts);
  // A running server owns the database file: hand it the path (same machine) instead of failing on the lock.
  if (server) return callServer<ImportSummary>(server, "POST", "/api/import", req);
  const store = await openStore(opts);
  try {
    const ingestor = await Ingestor.create(store);
    const bar = progressBar("import");
    const onProgress = (p: { bytesRead: number; bytesTotal: number }): void => bar.update(p.bytesRead, p.bytesTotal);
    const summary =
      req.kind === "events"
        ? await importEventsFile(ingestor, req.file, onProgress)
        : await importTransactionsFile(ingestor, req.file, req, onProgress);
    bar.stop();
    return summary;
  } finally {
    await store.close();
  }
}

export function registerImportCommand(program: Command): void {
  const imp = program.command("import").description("bulk-import Segment messages or a transactions CSV");
  withDataOptions(
    imp.command("events <file>").description("import Segment messages (.ndjson streamed, or .json)"),
  ).action(
    action(async (file: string, opts: DataOpts) => {
      const s = await runImport(opts, { kind: "events", file: resolve(file) });
      printResult(opts, s, () => human(s));
      if (s.stored === 0 && s.rejected > 0) process.exitCode = 1;
    }),
  );
  withDataOptions(imp.command("transactions <file>").description("import a CSV: each row → a track event"))
    .requiredOption("--customer-col <col>", "customer id column")
    .requiredOption("--time-col <col>", "time column (ISO, YYYY-MM-DD or YYYYMMDD)")
    .requiredOption("--amount-col <col>", "amount column → properties.revenue")
    .option("--order-col <col>", "order id column → properties.order_id")
    .option("--event <name>", "event name", "Order Completed")
    .action(
      action(
        async (
          file: string,
          opts: DataOpts & {
            customerCol: string;
            timeCol: string;
            amountCol: string;
            orderCol?: string;
            event: string;
          },
        ) => {
          const s = await runImport(opts, {
            kind: "transactions",
            file: resolve(file),
            customerCol: opts.customerCol,
            timeCol: opts.timeCol,
            amountCol: opts.amountCol,
            ...(opts.orderCol ? { orderCol: opts.orderCol } : {}),
            event: opts.event,
          });
          printResult(opts, s, () => human(s));
          if (s.stored === 0 && s.rejected > 0) process.exitCode = 1;
        },
      ),
    );
}
