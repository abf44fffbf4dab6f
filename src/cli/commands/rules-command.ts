import type { Command } from "commander";
import type { Rule, RuleInput, RuleLogEntry } from "../../activate/index.js";
import { action, printResult } from "../cli-output.js";
import { callServer, type DataOpts, withDataOptions } from "../data-options.js";
import { intFlag, qs, readJsonFile, viaActivation } from "./activation-cli.js";

const describe = (r: Rule): string =>
  `${r.id}  ${r.enabled ? "enabled" : "disabled"}  on ${JSON.stringify(r.trigger)} → ${r.action.destination}${r.delay ? ` after ${r.delay}` : ""}`;

export function registerRulesCommand(program: Command): void {
  const rules = program.command("rules").description("automation rules: on enter/exit/trait change/event → an action");

  withDataOptions(rules.command("list").description("list rules")).action(
    action(async (o: DataOpts) => {
      const list = await viaActivation(
        o,
        async (s) => (await callServer<{ rules: Rule[] }>(s, "GET", "/api/rules")).rules,
        (svc) => svc.rules.list(),
      );
      printResult(o, { rules: list }, () => list.map(describe).join("\n") || "no rules");
    }),
  );

  withDataOptions(rules.command("show <id>").description("one rule")).action(
    action(async (id: string, o: DataOpts) => {
      const r = await viaActivation(
        o,
        (s) => callServer<Rule>(s, "GET", `/api/rules/${encodeURIComponent(id)}`),
        (svc) => svc.rules.get(id),
      );
      printResult(o, r, () => JSON.stringify(r, null, 2));
    }),
  );

  withDataOptions(rules.command("add <file>").description("create a rule from a JSON file"))
    .option("--replace", "overwrite the rule with the same id")
    .action(
      action(async (file: string, o: DataOpts & { replace?: boolean }) => {
        const input = readJsonFile(file) as RuleInput;
        const r = await viaActivation(
          o,
          (s) =>
            o.replace
              ? callServer<Rule>(s, "PUT", `/api/rules/${encodeURIComponent(String(input.id))}`, input)
              : callServer<Rule>(s, "POST", "/api/rules", input),
          (svc) => svc.rules.put(input, o.replace ?? false),
        );
        printResult(o, r, () => `created ${describe(r)}`);
      }),
    );

  for (const verb of ["enable", "disable"] as const) {
    withDataOptions(rules.command(`${verb} <id>`).description(`${verb} a rule`)).action(
      action(async (id: string, o: DataOpts) => {
        const r = await viaActivation(
          o,
          (s) => callServer<Rule>(s, "POST", `/api/rules/${encodeURIComponent(id)}/${verb}`),
          (svc) => svc.rules.setEnabled(id, verb === "enable"),
        );
        printResult(o, r, () => describe(r));
      }),
    );
  }

  withDataOptions(rules.command("remove <id>").description("delete a rule")).action(
    action(async (id: string, o: DataOpts) => {
      await viaActivation(
        o,
        (s) => callServer(s, "DELETE", `/api/rules/${encodeURIComponent(id)}`),
        (svc) => svc.rules.remove(id),
      );
      printResult(o, { deleted: id }, () => `deleted ${id}`);
    }),
  );

  withDataOptions(rules.command("log <id>").description("decisions: sent, held_out, suppressed, capped, stale, failed"))
    .option("--profile <id>", "one profile")
    .option("--limit <n>", "entries", "100")
    .action(
      action(async (id: string, o: DataOpts & { profile?: string; limit: string }) => {
        const limit = intFlag(o.limit, "--limit")!;
        const log = await viaActivation(
          o,
          async (s) =>
            (
              await callServer<{ log: RuleLogEntry[] }>(
                s,
                "GET",
                `/api/rules/${encodeURIComponent(id)}/log${qs({ profile: o.profile, limit })}`,
              )
            ).log,
          (svc) => svc.rules.log({ rule: id, limit, ...(o.profile ? { profile: o.profile } : {}) }),
        );
        printResult(o, { log }, () =>
          log
            .map((e) => `${e.at}  ${e.outcome.padEnd(12)} ${e.profile}  ${e.channel ?? "-"}  ${e.detail ?? ""}`)
            .join("\n"),
        );
      }),
    );
}
