/**
 * Boundary check run by `npm test`: modules under src/ import each other only through their index.ts,
 * only in the allowed direction (scripts/module-layers.ts), and there are no import cycles between files.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { allowedImports } from "./module-layers.js";

const root = resolve(import.meta.dirname, "..", "src");
const files: string[] = [];
const walk = (dir: string): void => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name)) files.push(p);
  }
};
walk(root);

const importRe = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g;
const moduleOf = (file: string): string => relative(root, file).split("/")[0] ?? "";
const problems: string[] = [];
const graph = new Map<string, string[]>();

for (const file of files) {
  const src = readFileSync(file, "utf8");
  const edges: string[] = [];
  for (const m of src.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (!spec) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, ".ts");
    const from = moduleOf(file);
    const to = moduleOf(target);
    if (!target.startsWith(root)) continue;
    edges.push(target);
    if (from === to) continue;
    const rel = relative(root, file);
    if (relative(join(root, to), target) !== "index.ts") {
      problems.push(`${rel}: imports ${spec} — cross-module imports must go through src/${to}/index.ts`);
    }
    const allowed = allowedImports[from];
    if (!allowed) problems.push(`${rel}: module "${from}" is not listed in scripts/module-layers.ts`);
    else if (!allowed.includes(to)) problems.push(`${rel}: module "${from}" may not import "${to}"`);
  }
  graph.set(file, edges);
}

// Cycle detection over the file graph (iterative DFS colouring).
const state = new Map<string, 1 | 2>();
const stackPath: string[] = [];
const visit = (f: string): void => {
  state.set(f, 1);
  stackPath.push(f);
  for (const t of graph.get(f) ?? []) {
    const s = state.get(t);
    if (s === 1) {
      const cycle = stackPath.slice(stackPath.indexOf(t)).concat(t);
      problems.push(`import cycle: ${cycle.map((c) => relative(root, c)).join(" → ")}`);
    } else if (s === undefined && graph.has(t)) visit(t);
  }
  stackPath.pop();
  state.set(f, 2);
};
for (const f of graph.keys()) if (!state.has(f)) visit(f);

if (problems.length > 0) {
  console.error(`Boundary check failed (${problems.length}):\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`Boundary check: ${files.length} files, no violations, no cycles.`);
