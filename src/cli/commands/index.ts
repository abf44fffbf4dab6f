import type { RegisterCommand } from "../command-registry.js";
import { registerChurnCommand } from "./churn-command.js";
import { registerClvCommand } from "./clv-command.js";
import { registerRecommendCommand } from "./recommend-command.js";
import { registerRfmCommand } from "./rfm-command.js";

/** Every CLI command, in help order. Add one line per new command file. */
export const commands: RegisterCommand[] = [
  registerRfmCommand,
  registerClvCommand,
  registerChurnCommand,
  registerRecommendCommand,
];
