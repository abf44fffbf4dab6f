import type { RegisterCommand } from "../command-registry.js";
import { registerDemoCommand } from "./demo-command.js";

/** Every CLI command, in help order. Add one line per new command file. */
export const commands: RegisterCommand[] = [registerDemoCommand];
