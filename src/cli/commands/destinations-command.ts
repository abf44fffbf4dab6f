import type { Command } from "commander";
import type { DestinationInput, DestinationRecord, ResyncResult } from "../../activate/index.js";
import { TesseraError } from "../../model/index.js";
import { action, printResult } from "../cli-output.js";
import { callServer, type DataOpts, withDataOptions } from "../data-options.js";
import { intFlag, numberFlag, parseJsonText, qs, readJsonFile, viaActivation } from "./activation-cli.js";

interface AddOpts extends DataOpts {
  file?: string;
  kind?: string;
  id?: string;
  name?: string;
  config?: string;
  configFile?: string;
  segments?: string;
  purpose?: string;
  channel?: string;
  concurrency?: string;
  rate?: string;
  maxAttempts?: string;
  disabled?: boolean;
  replace?: boolean;
}

/** A destination from --file, or from flags (--kind + --config/--config-file); flags override the file. */
function inputFrom(o: AddOpts): DestinationInput {
  const base = (o.file ? readJsonFile(o.file) : {}) as Record<string, unknown>;
  if (base === null || typeof base !== "object" || Array.isArray(base)) {
    throw new TesseraError({
      code: "bad_destination",
      path: [o.file ?? "--file"],
      message: `${o.file}: expected a JSON object`,
    });
  }
  const config = o.configFile
    ? readJsonFile(o.configFile)
    : o.config
      ? parseJsonText(o.config, "--config")
      : base["config"];
  const concurrency = intFlag(o.concurrency, "--concurrency");
  const rate = numberFlag(o.rate, "--rate");
  const maxAttempts = intFlag(o.maxAttempts, "--max-attempts");
  const input = {
    ...base,
    ...(o.kind ? { kind: o.kind } : {}),
    ...(o.id ? { id: o.id } : {}),
    ...(o.name ? { name: o.name } : {}),
    ...(config !== undefined ? { config } : {}),
    ...(o.segments
      ? {
          segments: o.segments
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(o.purpose ? { purpose: o.purpose } : {}),
    ...(o.channel ? { channel: o.channel } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(rate !== undefined ? { ratePerSec: rate } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(o.disabled ? { enabled: false } : {}),
  };
  if (!("kind" in input)) {
    throw new TesseraError({
      code: "missing_flag",
      path: ["--kind"],
      message: "--kind is required (or a --file with kind)",
    });
  }
  return input as DestinationInput;
}

const describe = (d: DestinationRecord): string =>
  `${d.id}  ${d.kind}  ${d.enabled ? "enabled" : "disabled"}  segments=${d.segments.join(",") || "-"}  purpose=${d.purpose}  ${JSON.stringify(d.config)}`;

export function registerDestinationsCommand(program: Command): void {
  const dest = program.command("destinations").description("where audiences and automation messages go");

  withDataOptions(dest.command("list").description("list destinations (secrets redacted)")).action(
    action(async (o: DataOpts) => {
      const list = await viaActivation(
        o,
        async (s) =>
          (await callServer<{ destinations: DestinationRecord[] }>(s, "GET", "/api/destinations")).destinations,
        async (svc) => (await svc.destinations.list()).map((d) => svc.destinations.redacted(d)),
      );
      printResult(o, { destinations: list }, () => list.map(describe).join("\n") || "no destinations");
    }),
  );

  withDataOptions(dest.command("show <id>").description("one destination (secrets redacted)")).action(
    action(async (id: string, o: DataOpts) => {
      const d = await viaActivation(
        o,
        (s) => callServer<DestinationRecord>(s, "GET", `/api/destinations/${encodeURIComponent(id)}`),
        async (svc) => svc.destinations.redacted(await svc.destinations.get(id)),
      );
      printResult(o, d, () => describe(d));
    }),
  );

  withDataOptions(dest.command("add").description("create a destination (webhook | segment | file | postgres)"))
    .option("--file <f.json>", "the whole destination as JSON")
    .option("--kind <kind>", "webhook | segment | file | postgres")
    .option("--id <id>", "stable id (default: generated)")
    .option("--name <name>", "label")
    .option("--config <json>", "kind-specific config as JSON text")
    .option("--config-file <f.json>", "kind-specific config from a file")
    .option("--segments <ids>", "comma-separated segment ids, or *")
    .option("--purpose <p>", "consent purpose (default marketing)")
    .option("--channel <c>", "consent channel (default *)")
    .option("--concurrency <n>", "deliveries in flight (default 4)")
    .option("--rate <perSec>", "deliveries per second (default unlimited)")
    .option("--max-attempts <n>", "attempts before the dead-letter queue (default 10)")
    .option("--disabled", "create disabled")
    .option("--replace", "overwrite an existing destination with the same id")
    .action(
      action(async (o: AddOpts) => {
        const input = inputFrom(o);
        const d = await viaActivation(
          o,
          (s) =>
            o.replace && input.id
              ? callServer<DestinationRecord>(s, "PUT", `/api/destinations/${encodeURIComponent(input.id)}`, input)
              : callServer<DestinationRecord>(s, "POST", "/api/destinations", input),
          async (svc) => svc.destinations.redacted(await svc.destinations.put(input, o.replace ?? false)),
        );
        printResult(o, d, () => `created ${describe(d)}`);
      }),
    );

  withDataOptions(
    dest.command("remove <id>").description("delete a destination; its pending rows are closed as dead"),
  ).action(
    action(async (id: string, o: DataOpts) => {
      await viaActivation(
        o,
        (s) => callServer(s, "DELETE", `/api/destinations/${encodeURIComponent(id)}`),
        (svc) => svc.destinations.remove(id),
      );
      printResult(o, { deleted: id }, () => `deleted ${id}`);
    }),
  );

  withDataOptions(
    dest.command("resync <id>").description("diff current members against what the destination acknowledged"),
  )
    .option("--full", "re-send every member (full snapshot), not only the difference")
    .action(
      action(async (id: string, o: DataOpts & { full?: boolean }) => {
        const r = await viaActivation(
          o,
          (s) =>
            callServer<ResyncResult>(
              s,
              "POST",
              `/api/destinations/${encodeURIComponent(id)}/resync${qs({ full: o.full ? "true" : undefined })}`,
            ),
          (svc) => svc.resync(id, o.full ?? false),
        );
        printResult(
          o,
          r,
          () => `${id}: ${r.entered} to enter, ${r.exited} to exit (desired ${r.desired}, acknowledged ${r.held})`,
        );
      }),
    );

  withDataOptions(
    dest.command("rotate-secret <id>").description("webhook: new signing secret; the old one keeps signing"),
  ).action(
    action(async (id: string, o: DataOpts) => {
      const r = await viaActivation(
        o,
        (s) => callServer<{ secret: string }>(s, "POST", `/api/destinations/${encodeURIComponent(id)}/rotate-secret`),
        async (svc) => ({ secret: (await svc.destinations.rotateSecret(id)).secret }),
      );
      printResult(o, { id, secret: r.secret }, () => `new secret for ${id} (shown once):\n${r.secret}`);
    }),
  );
}
