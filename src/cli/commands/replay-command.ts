import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { type CommittedBatch, Ingestor, importEventsFile } from "../../ingest/index.js";
import { membersAt, segmentMap } from "../../segments/index.js";
import { DuckDBStore } from "../../store/index.js";
import { loadSegmentDir, type MembershipChange, StreamEvaluator } from "../../stream/index.js";
import { action, log, printResult } from "../cli-output.js";
import { progressBar } from "../progress-bar.js";

interface ReplayOpts {
  segments: string;
  out?: string;
  check?: boolean;
  json?: boolean;
}

interface Difference {
  segment: string;
  onlyStream: string[];
  onlyBatch: string[];
}

export interface ReplaySummary {
  events: number;
  rejected: number;
  changes: { entered: number; exited: number };
  members: Record<string, number>;
  lastInstant: string | null;
  check?: { ok: boolean; differences: Difference[] };
}

/**
 * Replays a file through the streaming evaluator on an event-time clock. Messages go through the real Ingestor
 * (validation, dedup, identity resolution) into an in-memory store; the evaluator follows its commits. `--check`
 * evaluates every segment with the compiled SQL on that same store at the last instant and compares.
 */
async function replay(file: string, opts: ReplayOpts): Promise<ReplaySummary> {
  const segments = loadSegmentDir(resolve(opts.segments));
  const evaluator = new StreamEvaluator(segments);
  const names = new Map(segments.map((s) => [s.id, s.name]));
  const out = opts.out ? createWriteStream(resolve(opts.out)) : null;
  const changes = { entered: 0, exited: 0 };
  const write = (cs: MembershipChange[]): void => {
    for (const c of cs) {
      changes[c.change]++;
      if (out) {
        const at = new Date(c.at).toISOString();
        const row = { segment: names.get(c.segment), version: c.version, profile: c.profile, change: c.change, at };
        out.write(`${JSON.stringify({ ...row, reason: c.reason })}\n`);
      }
    }
  };
  const store = await DuckDBStore.open({ dataDir: null });
  try {
    const ingestor = await Ingestor.create(store);
    ingestor.onCommitted((batch: CommittedBatch) => write(evaluator.applyBatch(batch)));
    const bar = progressBar("replay");
    const summary = await importEventsFile(ingestor, resolve(file), (p) => bar.update(p.bytesRead, p.bytesTotal));
    bar.stop();
    for (const e of summary.errors.slice(0, 5)) log(`${file}:${e.line}: rejected [${e.code}] ${e.message}`);
    const last = evaluator.clock;
    if (Number.isFinite(last)) write(evaluator.refreshRanks());
    const members: Record<string, number> = {};
    for (const [id, n] of evaluator.sizes()) members[names.get(id) ?? id] = n;
    const result: ReplaySummary = {
      events: summary.stored,
      rejected: summary.rejected,
      changes,
      members,
      lastInstant: Number.isFinite(last) ? new Date(last).toISOString() : null,
    };
    if (opts.check) {
      const at = Number.isFinite(last) ? last : Date.now();
      const batch = await membersAt(
        store,
        segments.map((s) => ({ segmentId: s.id })),
        at,
        segmentMap(segments),
      );
      const differences: Difference[] = [];
      segments.forEach((s, i) => {
        const b = new Set(batch[i] ?? []);
        const st = new Set(evaluator.members(s.id));
        const onlyStream = [...st].filter((p) => !b.has(p)).sort();
        const onlyBatch = [...b].filter((p) => !st.has(p)).sort();
        if (onlyStream.length || onlyBatch.length) differences.push({ segment: s.name, onlyStream, onlyBatch });
      });
      result.check = { ok: differences.length === 0, differences };
    }
    return result;
  } finally {
    await store.close();
    if (out) await new Promise<void>((r) => out.end(r));
  }
}

const human = (s: ReplaySummary): string => {
  const lines = [
    `replayed ${s.events} events (${s.rejected} rejected) up to ${s.lastInstant ?? "-"}: ` +
      `${s.changes.entered} entered, ${s.changes.exited} exited`,
    ...Object.entries(s.members).map(([name, n]) => `  ${name}: ${n}`),
  ];
  if (s.check) {
    lines.push(s.check.ok ? "check: streaming = batch for every segment" : "check: DIFFERENCES");
    for (const d of s.check.differences) {
      lines.push(`  ${d.segment}: only streaming [${d.onlyStream.join(", ")}], only batch [${d.onlyBatch.join(", ")}]`);
    }
  }
  return lines.join("\n");
};

export function registerReplayCommand(program: Command): void {
  program
    .command("replay <file>")
    .description("run the streaming evaluator over an NDJSON/JSON file with an event-time clock")
    .requiredOption("--segments <dir>", "directory with one NAME.json or NAME.tsg file per segment")
    .option("--out <log>", "write every membership change as NDJSON")
    .option("--check", "also evaluate every segment in batch at the last instant; exit 1 on any difference")
    .option("--json", "print one JSON document on stdout")
    .action(
      action(async (file: string, opts: ReplayOpts) => {
        const s = await replay(file, opts);
        printResult(opts, s, () => human(s));
        if (s.check && !s.check.ok) process.exitCode = 1;
      }),
    );
}
