#!/usr/bin/env node
// `npm start`: build (TypeScript, and the Segment Maps UI when present), then `tessera start`:
// create the demo workspace on first run and serve it on port 3000.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
process.stderr.write("building…\n");
run("npm", ["run", "--silent", "build"]);
if (existsSync(join(root, "web", "index.html"))) run("npm", ["run", "--silent", "build:web"]);
process.argv = [process.argv[0], join(root, "bin", "tessera.js"), "start", ...process.argv.slice(2)];
await import("./tessera.js");
