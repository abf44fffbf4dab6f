import type { RegisterCommand } from "../command-registry.js";
import { registerAbtestCommand } from "./abtest-command.js";
import { registerAttributesCommand } from "./attributes-command.js";
import { registerAttributionCommand } from "./attribution-command.js";
import { registerChurnCommand } from "./churn-command.js";
import { registerClusterCommand } from "./cluster-command.js";
import { registerClvCommand } from "./clv-command.js";
import { registerDemoCommand } from "./demo-command.js";
import { registerDestinationsCommand } from "./destinations-command.js";
import { registerDriftCommand } from "./drift-command.js";
import { registerImportCommand } from "./import-command.js";
import { registerIntelCommand } from "./intel-command.js";
import { registerKeysCommand } from "./keys-command.js";
import { registerNpsCommand } from "./nps-command.js";
import { registerOutboxCommand } from "./outbox-command.js";
import { registerPathsCommand } from "./paths-command.js";
import { registerRecommendCommand } from "./recommend-command.js";
import { registerReplayCommand } from "./replay-command.js";
import { registerRfmCommand } from "./rfm-command.js";
import { registerRulesCommand } from "./rules-command.js";
import { registerSegmentCommand } from "./segment-command.js";
import { registerSentimentCommand } from "./sentiment-command.js";
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
  registerReplayCommand,
  registerOutboxCommand,
  registerDestinationsCommand,
  registerRulesCommand,
  registerRfmCommand,
  registerClvCommand,
  registerChurnCommand,
  registerRecommendCommand,
  registerClusterCommand,
  registerAttributesCommand,
  registerSentimentCommand,
  registerNpsCommand,
  registerAbtestCommand,
  registerAttributionCommand,
  registerDriftCommand,
  registerPathsCommand,
  registerIntelCommand,
];
