/** Which src/ modules may import which (DESIGN.md §1). Everything else is a boundary violation. */
export const allowedImports: Record<string, readonly string[]> = {
  model: [],
  lang: ["model"],
  compile: ["model", "lang"],
  store: ["model", "compile"],
  ingest: ["model", "store"],
  intel: ["model", "lang", "compile", "store"],
  discover: ["model", "lang", "compile", "store", "intel"],
  stream: ["model", "lang", "compile", "store"],
  measure: ["model", "lang", "compile", "store", "intel"],
  activate: ["model", "lang", "compile", "store", "stream"],
  server: ["model", "lang", "compile", "store", "ingest", "stream", "activate", "intel", "discover", "measure"],
  cli: ["model", "lang", "compile", "store", "ingest", "stream", "activate", "intel", "discover", "measure", "server"],
};
