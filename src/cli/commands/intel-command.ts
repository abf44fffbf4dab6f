import type { Command } from "commander";
import { IntelEngine, type IntelRefreshSummary } from "../../intel/index.js";
import { parseInstant, TesseraError } from "../../model/index.js";
import { action, log, printResult } from "../cli-output.js";
import { callServer, type DataOpts, openStore, runningServer, withDataOptions } from "../data-options.js";

function asOfFlag(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = parseInstant(v);
  if (ms === undefined)
    throw new TesseraError({
      code: "bad_option",
      path: ["--as-of"],
      message: `--as-of must be an ISO 8601 instant or YYYY-MM-DD, got "${v}"`,
    });
  return ms;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

function human(s: IntelRefreshSummary): string {
  const lines = [`refreshed ${s.population} profiles as of ${s.asOf} in ${s.ms} ms`];
  for (const [name, m] of Object.entries(s.models)) {
    const auc = m.auc ? `  CV AUC ${m.auc.mean.toFixed(3)}` : "";
    lines.push(
      `  ${name.padEnd(13)} ${String(m.rows).padStart(8)} rows  ${String(m.ms).padStart(6)} ms  n=${m.n}${auc}`,
    );
  }
  const clv = s.models.clv.parameters["bgNbd"] as Record<string, number> | null;
  if (clv)
    lines.push(`  BG/NBD r=${fmt(clv["r"]!)} alpha=${fmt(clv["alpha"]!)} a=${fmt(clv["a"]!)} b=${fmt(clv["b"]!)}`);
  lines.push(`  ${s.changed} profiles changed`);
  return lines.join("\n");
}

/** `tessera intel refresh`: every intelligence model into computed traits (through the server when one runs). */
export function registerIntelCommand(program: Command): void {
  const intel = program
    .command("intel")
    .description("customer-intelligence models computed per profile from the store");
  withDataOptions(
    intel
      .command("refresh")
      .description("fit RFM, CLV, churn, in-market, lead, lifecycle, next product and channel; write computed traits"),
  )
    .option("--as-of <iso>", "compute as of this instant (default now)")
    .action(
      action(async (opts: DataOpts & { asOf?: string }) => {
        const asOf = asOfFlag(opts.asOf);
        const server = runningServer(opts);
        let summary: IntelRefreshSummary;
        if (server) {
          log(`refreshing through the server at ${server.url}`);
          summary = await callServer<IntelRefreshSummary>(
            server,
            "POST",
            "/api/intel/refresh",
            asOf === undefined ? {} : { asOf },
          );
        } else {
          const store = await openStore(opts);
          try {
            const { changedProfiles: _, ...s } = await new IntelEngine(store).refresh(
              asOf === undefined ? {} : { asOf },
            );
            summary = s;
          } finally {
            await store.close();
          }
        }
        printResult(opts, summary, () => human(summary));
      }),
    );
}
