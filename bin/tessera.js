#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` via the prepare script, or `npm run build`).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "dist", "cli", "bin.js");
if (!existsSync(entry)) {
  process.stderr.write("tessera is not built yet: run `npm run build` in " + root + "\n");
  process.exit(2);
}
await import(entry);
