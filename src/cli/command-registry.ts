import type { Command } from "commander";

/** Each file in commands/ exports one `register…Command(program)`; main.ts lists them. */
export type RegisterCommand = (program: Command) => void;
