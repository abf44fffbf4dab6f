import type { Command } from "commander";
import { startServer } from "../../server/index.js";
import { resolveDataDir } from "../../store/index.js";
import { action, log } from "../cli-output.js";
import { withDataOptions } from "../data-options.js";

export function registerServeCommand(program: Command): void {
  withDataOptions(program.command("serve").description("run the HTTP server (ingestion, API, Segment Maps UI)"))
    .option("--port <n>", "port", "3000")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .action(
      action(async (opts: { data?: string; port: string; host: string }) => {
        const dataDir = resolveDataDir(opts.data);
        const server = await startServer({ dataDir, port: Number(opts.port), host: opts.host });
        log(`Tessera listening on ${server.url} (data: ${dataDir})`);
        const stop = async (): Promise<void> => {
          log("shutting down…");
          await server.close();
          process.exit(0);
        };
        process.once("SIGINT", () => void stop());
        process.once("SIGTERM", () => void stop());
      }),
    );
}
