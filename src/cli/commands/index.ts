import type { RegisterCommand } from "../command-registry.js";
import { registerAbtestCommand } from "./abtest-command.js";
import { registerAttributionCommand } from "./attribution-command.js";
import { registerDriftCommand } from "./drift-command.js";
import { registerPathsCommand } from "./paths-command.js";

/** Every CLI command, in help order. Add one line per new command file. */
export const commands: RegisterCommand[] = [
  registerAbtestCommand,
  registerAttributionCommand,
  registerDriftCommand,
  registerPathsCommand,
];
