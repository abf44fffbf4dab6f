import cliProgress from "cli-progress";
import type { Command } from "commander";
import { type DemoProgress, type DemoSummary, generateDemo } from "../../demo/index.js";
import { parseInstant, TesseraError } from "../../model/index.js";
import { readServerFile } from "../../server/index.js";
import { DuckDBStore, resolveDataDir } from "../../store/index.js";
import { action, printResult } from "../cli-output.js";

interface DemoFlags {
  profiles?: string;
  days?: string;
  seed?: string;
  end?: string;
  data?: string;
  force?: boolean;
  json?: boolean;
}

const integerFlag = (flag: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) {
    throw new TesseraError({ code: "bad_option", path: [flag], message: `${flag} must be an integer, got "${text}"` });
  }
  return Number(text);
};

const endFlag = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const ms = parseInstant(text);
  if (ms === undefined) {
    throw new TesseraError({
      code: "bad_option",
      path: ["--end"],
      message: `--end must be a date (YYYY-MM-DD) or an ISO 8601 instant, got "${text}"`,
    });
  }
  return ms;
};

/** A progress bar on stderr when it is a terminal; silent otherwise (pipes, CI, --json consumers). */
function progressReporter(): { update: (p: DemoProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "{phase} [{bar}] {percentage}% | {value}/{total}", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let phase = "";
  return {
    update: (p) => {
      if (p.phase !== phase) {
        if (phase !== "") bar.stop();
        phase = p.phase;
        const label = p.phase === "generate" ? "profiles" : "rows    ";
        bar.start(p.total, p.done, { phase: label });
      } else bar.update(p.done);
    },
    stop: () => {
      if (phase !== "") bar.stop();
      phase = "";
    },
  };
}

const human = (s: DemoSummary, dataDir: string): string =>
  [
    `demo workspace written to ${dataDir} in ${(s.ms / 1000).toFixed(1)} s`,
    `  ${s.profiles.toLocaleString("en-US")} profiles, ${s.events.toLocaleString("en-US")} events, ` +
      `${s.traits.toLocaleString("en-US")} trait values, ${s.orders.toLocaleString("en-US")} orders`,
    `  window ${s.start.slice(0, 10)} → ${s.end.slice(0, 10)} (${s.days} days), seed ${s.seed}`,
    `  experiment ${s.experiment.experiment}: orders per exposed profile ` +
      `control ${s.experiment.control.ordersPerProfile.toFixed(3)}, ` +
      `treatment ${s.experiment.treatment.ordersPerProfile.toFixed(3)} ` +
      `(${(s.experiment.relativeLift.orders * 100).toFixed(1)} %)`,
  ].join("\n");

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("create the demo workspace: a deterministic e-commerce + subscription population")
    .option("--profiles <n>", "number of profiles (default 50000)")
    .option("--days <d>", "length of the window in days (default 180)")
    .option("--seed <s>", "random seed, an integer (default 42)")
    .option("--end <date>", "end of the window, YYYY-MM-DD or ISO instant (default: today 00:00 UTC)")
    .option("--data <dir>", "data directory (default ./data or TESSERA_DATA)")
    .option("--force", "replace existing events and profiles")
    .option("--json", "print one JSON summary on stdout")
    .action(
      action(async (flags: DemoFlags) => {
        const options = {
          ...optional("profiles", integerFlag("--profiles", flags.profiles)),
          ...optional("days", integerFlag("--days", flags.days)),
          ...optional("seed", integerFlag("--seed", flags.seed)),
          ...optional("end", endFlag(flags.end)),
          force: flags.force ?? false,
        };
        const dataDir = resolveDataDir(flags.data);
        const server = readServerFile(dataDir);
        if (server) {
          // Generating a workspace rewrites every table; do not do that under a live server's feet.
          throw new TesseraError({
            code: "server_running",
            path: ["--data"],
            message: `a Tessera server (pid ${server.pid}, ${server.url}) holds ${dataDir}; stop it, then run tessera demo`,
          });
        }
        const store = await DuckDBStore.open({ dataDir });
        const progress = progressReporter();
        try {
          const summary = await generateDemo(store, options, progress.update);
          progress.stop();
          printResult(flags, summary, () => human(summary, dataDir));
        } finally {
          progress.stop();
          await store.close();
        }
      }),
    );
}

/** `{ key: value }` when defined, `{}` otherwise (exactOptionalPropertyTypes forbids explicit undefined). */
const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);
