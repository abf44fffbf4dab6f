import type { RegisterCommand } from "../command-registry.js";
import { registerAbtestCommand } from "./abtest-command.js";
import { registerAttributionCommand } from "./attribution-command.js";
import { registerChurnCommand } from "./churn-command.js";
import { registerClvCommand } from "./clv-command.js";
import { registerDemoCommand } from "./demo-command.js";
import { registerDriftCommand } from "./drift-command.js";
import { registerImportCommand } from "./import-command.js";
import { registerIntelCommand } from "./intel-command.js";
import { registerKeysCommand } from "./keys-command.js";
import { registerPathsCommand } from "./paths-command.js";
import { registerRecommendCommand } from "./recommend-command.js";
import { registerRfmCommand } from "./rfm-command.js";
import { registerSegmentCommand } from "./segment-command.js";
import { registerServeCommand } from "./serve-command.js";
import { registerStartCommand } from "./start-command.js";

/** Every CLI command, in help order. Add one line per new command file. */
export const commands: RegisterCommand[] = [
  registerServeCommand,
  registerStartCommand,
  registerKeysCommand,
  registerImportCommand,
  registerDemoCommand,
  registerSegmentCommand,
  registerRfmCommand,
  registerClvCommand,
  registerChurnCommand,
  registerRecommendCommand,
  registerAbtestCommand,
  registerAttributionCommand,
  registerDriftCommand,
  registerPathsCommand,
  registerIntelCommand,
];
