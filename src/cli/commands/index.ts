import type { RegisterCommand } from "../command-registry.js";
import { registerDestinationsCommand } from "./destinations-command.js";
import { registerImportCommand } from "./import-command.js";
import { registerKeysCommand } from "./keys-command.js";
import { registerOutboxCommand } from "./outbox-command.js";
import { registerRulesCommand } from "./rules-command.js";
import { registerServeCommand } from "./serve-command.js";

/** Every CLI command, in help order. Add one line per new command file. */
export const commands: RegisterCommand[] = [
  registerServeCommand,
  registerKeysCommand,
  registerImportCommand,
  registerDestinationsCommand,
  registerRulesCommand,
  registerOutboxCommand,
];
