/** Which src/ modules may import which (DESIGN.md §1). Everything else is a boundary violation. */
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
  server: ["model", "lang", "compile", "store", "auth", "ingest", "profiles", "demo", "segments", "stream", "activate", "intel", "discover", "measure"],
  cli: ["model", "lang", "compile", "store", "auth", "ingest", "profiles", "demo", "segments", "stream", "activate", "intel", "discover", "measure", "server"],
};
