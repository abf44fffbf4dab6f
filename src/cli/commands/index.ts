import type { RegisterCommand } from "../command-registry.js";

/** Every CLI command, in help order. Add one line per new command file. */
export const commands: RegisterCommand[] = [];
