/**
 * `npm run bench [-- name…]`: runs every bench/<name>-bench.ts (or the named ones). Each exports
 * `run(): Promise<object>`; the result is written to bench/results/<name>.json with the machine it ran on.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const names = readdirSync(dir)
  .filter((f) => f.endsWith("-bench.ts"))
  .map((f) => f.replace(/-bench\.ts$/, ""))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();
mkdirSync(join(dir, "results"), { recursive: true });
for (const name of names) {
  process.stderr.write(`\n== bench ${name}\n`);
  const mod = (await import(join(dir, `${name}-bench.ts`))) as { run: () => Promise<object> };
  const started = Date.now();
  const result = await mod.run();
  const out = {
    bench: name,
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? "unknown",
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    wallMs: Date.now() - started,
    ...result,
  };
  writeFileSync(join(dir, "results", `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
  process.stderr.write(`wrote bench/results/${name}.json\n`);
}
