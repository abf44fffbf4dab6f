import type { RegisterCommand } from "../command-registry.js";
import { registerAbtestCommand } from "./abtest-command.js";
import { registerAttributionCommand } from "./attribution-command.js";
import { registerDriftCommand } from "./drift-command.js";
import { registerImportCommand } from "./import-command.js";
import { registerKeysCommand } from "./keys-command.js";
import { registerPathsCommand } from "./paths-command.js";
import { registerReplayCommand } from "./replay-command.js";
import { registerSegmentCommand } from "./segment-command.js";
import { registerServeCommand } from "./serve-command.js";

/** Every CLI command, in help order. Add one line per new command file. */
export const commands: RegisterCommand[] = [
  registerServeCommand,
  registerKeysCommand,
  registerImportCommand,
  registerAbtestCommand,
  registerAttributionCommand,
  registerDriftCommand,
  registerPathsCommand,
  registerReplayCommand,
  registerSegmentCommand,
];
