import type { Command } from "commander";
import { KeyStore, parseScopes } from "../../auth/index.js";
import { action, printResult } from "../cli-output.js";
import { callServer, type DataOpts, openStore, runningServer, withDataOptions } from "../data-options.js";

export function registerKeysCommand(program: Command): void {
  const keys = program.command("keys").description("manage write keys (ingestion) and API keys (management)");
  withDataOptions(keys.command("create").description("create a key; the secret is printed once"))
    .requiredOption(
      "--scope <scopes>",
      'comma-separated: "write" alone = a Segment write key; read,write,admin = API key',
    )
    .option("--name <name>", "a label", "")
    .action(
      action(async (opts: DataOpts & { scope: string; name: string }) => {
        const scopes = parseScopes(opts.scope);
        const server = runningServer(opts);
        let created: { id: string; kind: string; scopes: string[]; secret: string };
        if (server) created = await callServer(server, "POST", "/api/keys", { scopes: opts.scope, name: opts.name });
        else {
          const store = await openStore(opts);
          const r = await new KeyStore(store).create(scopes, opts.name);
          await store.close();
          created = { ...r.key, secret: r.secret };
        }
        printResult(
          opts,
          created,
          () => `${created.kind} key ${created.id} (${created.scopes.join(",")}):\n${created.secret}`,
        );
      }),
    );
  withDataOptions(keys.command("list").description("list keys (never their secrets)")).action(
    action(async (opts: DataOpts) => {
      const server = runningServer(opts);
      let list: { id: string; kind: string; scopes: string[]; name: string; revokedAt: number | null }[];
      if (server) list = (await callServer<{ keys: typeof list }>(server, "GET", "/api/keys")).keys;
      else {
        const store = await openStore(opts, false);
        list = await new KeyStore(store).list();
        await store.close();
      }
      printResult(opts, { keys: list }, () =>
        list
          .map((k) => `${k.id}  ${k.kind}  ${k.scopes.join(",")}  ${k.name}${k.revokedAt ? "  (revoked)" : ""}`)
          .join("\n"),
      );
    }),
  );
  withDataOptions(keys.command("revoke <id>").description("revoke a key")).action(
    action(async (id: string, opts: DataOpts) => {
      const server = runningServer(opts);
      if (server) await callServer(server, "DELETE", `/api/keys/${encodeURIComponent(id)}`);
      else {
        const store = await openStore(opts);
        await new KeyStore(store).revoke(id);
        await store.close();
      }
      printResult(opts, { revoked: id }, () => `revoked ${id}`);
    }),
  );
}
