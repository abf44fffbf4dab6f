/** The segment language's AST: one file per node kind, zod schemas, the shared bucket hash, diagnostics as data. */
export * from "./all-node.js";
export * from "./any-node.js";
export * from "./bucket-node.js";
export * from "./bucket-of.js";
export * from "./common-schema.js";
export * from "./computed-trait.js";
export * from "./condition.js";
export * from "./diagnostic.js";
export * from "./did-then-not-node.js";
export * from "./first-node.js";
export * from "./in-segment-node.js";
export * from "./last-node.js";
export * from "./not-node.js";
export * from "./performed-node.js";
export * from "./segment-record.js";
export * from "./sequence-node.js";
export * from "./trait-node.js";
