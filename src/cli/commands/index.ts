import type { RegisterCommand } from "../command-registry.js";
import { registerAttributesCommand } from "./attributes-command.js";
import { registerClusterCommand } from "./cluster-command.js";
import { registerNpsCommand } from "./nps-command.js";
import { registerSentimentCommand } from "./sentiment-command.js";

/** Every CLI command, in help order. Add one line per new command file. */
export const commands: RegisterCommand[] = [
  registerClusterCommand,
  registerAttributesCommand,
  registerSentimentCommand,
  registerNpsCommand,
];
