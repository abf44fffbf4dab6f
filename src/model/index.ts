/** Plain data shared by every module: messages (Segment spec), errors as data, durations and instants. No I/O. */
export * from "./duration.js";
export * from "./message-fast-check.js";
export * from "./message-schema.js";
export * from "./message-validate.js";
export * from "./segment/index.js";
export * from "./tessera-error.js";
export * from "./time-parse.js";
