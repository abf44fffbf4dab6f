import type { Command } from "commander";
import { ActivationService, type OutboxEntry } from "../../activate/index.js";
import { TesseraError } from "../../model/index.js";
import { action, log, printResult } from "../cli-output.js";
import { callServer, type DataOpts, openStore, runningServer, withDataOptions } from "../data-options.js";
import { instantFlag, intFlag, qs, seqArgs, viaActivation } from "./activation-cli.js";

const line = (r: OutboxEntry): string =>
  [
    String(r.seq).padStart(6),
    r.status.padEnd(10),
    `att=${r.attempts}`,
    r.destination,
    r.profile,
    r.latencyMs !== null ? `${r.latencyMs}ms` : (r.nextAttemptAt ?? ""),
    r.lastError ? `! ${r.lastError}` : "",
  ]
    .filter(Boolean)
    .join("  ");

export function registerOutboxCommand(program: Command): void {
  const outbox = program.command("outbox").description("delivery log: inspect, retry the dead-letter queue, replay");

  withDataOptions(outbox.command("list").description("list outbox rows (deliveries), oldest first"))
    .option("--status <status>", "pending | dispatched | delivered | dead | held_out | suppressed | skipped")
    .option("--destination <id>", "a destination id, rule:<id>, or * for producer rows")
    .option("--profile <id>", "one profile")
    .option("--limit <n>", "rows per page", "100")
    .option("--cursor <seq>", "rows after this seq (from nextCursor)")
    .action(
      action(
        async (
          o: DataOpts & { status?: string; destination?: string; profile?: string; limit: string; cursor?: string },
        ) => {
          const f = {
            ...(o.status ? { status: o.status } : {}),
            ...(o.destination ? { destination: o.destination } : {}),
            ...(o.profile ? { profile: o.profile } : {}),
            limit: intFlag(o.limit, "--limit")!,
            ...(o.cursor ? { after: intFlag(o.cursor, "--cursor")! } : {}),
          };
          const page = await viaActivation(
            o,
            (s) =>
              callServer<{ rows: OutboxEntry[]; nextCursor: number | null }>(
                s,
                "GET",
                `/api/outbox${qs({ status: f.status, destination: f.destination, profile: f.profile, limit: f.limit, cursor: f.after })}`,
              ),
            (svc) => svc.outbox.list(f),
          );
          printResult(o, page, () =>
            [...page.rows.map(line), page.nextCursor !== null ? `… more: --cursor ${page.nextCursor}` : ""]
              .join("\n")
              .trim(),
          );
        },
      ),
    );

  withDataOptions(outbox.command("show <seq>").description("one row with its attempt history")).action(
    action(async (seq: string, o: DataOpts) => {
      const n = intFlag(seq, "<seq>")!;
      const row = await viaActivation(
        o,
        (s) => callServer<OutboxEntry & { history: Record<string, unknown>[] }>(s, "GET", `/api/outbox/${n}`),
        (svc) => svc.outbox.get(n),
      );
      printResult(o, row, () => `${line(row)}\n${row.history.map((h) => `  ${JSON.stringify(h)}`).join("\n")}`);
    }),
  );

  withDataOptions(outbox.command("stats").description("counts and latency per destination and status")).action(
    action(async (o: DataOpts) => {
      const stats = await viaActivation(
        o,
        async (s) => (await callServer<{ stats: Record<string, unknown>[] }>(s, "GET", "/api/outbox/stats")).stats,
        (svc) => svc.outbox.stats(),
      );
      printResult(
        o,
        { stats },
        () =>
          stats
            .map(
              (r) =>
                `${r["destination"]}  ${r["status"]}  ${r["n"]}  p50=${r["p50_ms"] ?? "-"}ms  p99=${r["p99_ms"] ?? "-"}ms`,
            )
            .join("\n") || "the outbox is empty",
      );
    }),
  );

  withDataOptions(outbox.command("retry [seqs...]").description("send dead-letter rows again (all, or the given seqs)"))
    .option("--destination <id>", "only this destination's dead rows")
    .action(
      action(async (seqs: string[], o: DataOpts & { destination?: string }) => {
        const body = {
          ...(seqs.length ? { seqs: seqArgs(seqs) } : {}),
          ...(o.destination ? { destination: o.destination } : {}),
        };
        const n = await viaActivation(
          o,
          async (s) => (await callServer<{ requeued: number }>(s, "POST", "/api/outbox/retry", body)).requeued,
          (svc) => svc.outbox.retry(body),
        );
        printResult(o, { requeued: n }, () => `${n} dead-letter row(s) queued again`);
      }),
    );

  withDataOptions(
    outbox.command("replay [seqs...]").description("send delivered rows again, with the same idempotency keys"),
  )
    .option("--destination <id>", "this destination's delivered rows")
    .option("--since <iso>", "changes created at or after")
    .option("--until <iso>", "changes created before")
    .action(
      action(async (seqs: string[], o: DataOpts & { destination?: string; since?: string; until?: string }) => {
        const since = instantFlag(o.since, "--since");
        const until = instantFlag(o.until, "--until");
        const opts = {
          ...(seqs.length ? { seqs: seqArgs(seqs) } : {}),
          ...(o.destination ? { destination: o.destination } : {}),
          ...(since !== undefined ? { since } : {}),
          ...(until !== undefined ? { until } : {}),
        };
        const n = await viaActivation(
          o,
          async (s) =>
            (
              await callServer<{ requeued: number }>(s, "POST", "/api/outbox/replay", {
                ...opts,
                ...(o.since ? { since: o.since } : {}),
                ...(o.until ? { until: o.until } : {}),
              })
            ).requeued,
          (svc) => svc.outbox.replay(opts),
        );
        printResult(o, { requeued: n }, () => `${n} delivered row(s) queued for replay`);
      }),
    );

  withDataOptions(outbox.command("work").description("run the delivery worker in the foreground (Ctrl-C stops)"))
    .option("--poll-ms <n>", "idle poll interval", "100")
    .option("--until-idle", "exit once nothing is due")
    .action(
      action(async (o: DataOpts & { pollMs: string; untilIdle?: boolean }) => {
        if (runningServer(o)) {
          throw new TesseraError({
            code: "server_running",
            path: ["--data"],
            message: "a server holds this data directory and runs the delivery worker itself",
          });
        }
        const store = await openStore(o);
        const svc = new ActivationService(store);
        const worker = svc.createWorker({ pollMs: intFlag(o.pollMs, "--poll-ms")!, log });
        if (o.untilIdle) {
          await worker.drain();
          await worker.stop();
          const stats = await svc.outbox.stats();
          await store.close();
          printResult(o, { stats }, () => "outbox drained");
          return;
        }
        log(`delivery worker running on ${store.dataDir}`);
        worker.start();
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            log("stopping delivery worker…");
            resolve();
          };
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
        await worker.stop();
        await store.close();
      }),
    );
}
