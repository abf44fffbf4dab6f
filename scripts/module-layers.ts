/** Which src/ modules may import which (DESIGN.md §1). Everything else is a boundary violation. */
const SERVER_IMPORTS = [
  "model",
  "lang",
  "compile",
  "store",
  "auth",
  "ingest",
  "profiles",
  "demo",
  "segments",
  "stream",
  "activate",
  "intel",
  "discover",
  "measure",
] as const;

export const allowedImports: Record<string, readonly string[]> = {
  model: [],
  lang: ["model"],
  compile: ["model", "lang"],
  store: ["model", "compile"],
  auth: ["model", "store"],
  ingest: ["model", "store"],
  profiles: ["model", "store"],
  demo: ["model", "store"],
  intel: ["model", "lang", "compile", "store", "segments"],
  discover: ["model", "lang", "compile", "store", "segments", "intel"],
  segments: ["model", "lang", "compile", "store"],
  stream: ["model", "lang", "compile", "store", "segments"],
  measure: ["model", "lang", "compile", "store", "segments", "intel"],
  activate: ["model", "lang", "compile", "store", "segments", "stream"],
  server: SERVER_IMPORTS,
  // The CLI is a shell over the same modules as the server, and may also start or call the server.
  cli: [...SERVER_IMPORTS, "server"],
};
