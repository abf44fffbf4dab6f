import { Command } from "commander";
import { commands } from "./commands/index.js";

/** `tessera` entry point: a thin shell over the modules; every command takes --data and --json. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command("tessera")
    .description("Tessera: real-time audience segmentation and customer intelligence")
    .version("0.1.0")
    .showHelpAfterError()
    .enablePositionalOptions();
  for (const register of commands) register(program);
  await program.parseAsync(argv);
}
