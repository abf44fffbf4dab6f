import { createHash } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import { parseInstant, type SegmentMessage, TesseraError, validateMessage } from "../model/index.js";
import type { Ingestor } from "./ingestor.js";

export interface ImportSummary {
  file: string;
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** First rejections with their line numbers (capped so a bad file cannot flood the output). */
  errors: { line: number; code: string; field?: string; message: string }[];
  ms: number;
}

export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

const CHUNK = 5000;
const MAX_REPORTED_ERRORS = 100;

class ImportRun {
  readonly summary: ImportSummary;
  private chunk: SegmentMessage[] = [];
  private readonly started = Date.now();

  constructor(
    private readonly ingestor: Ingestor,
    file: string,
    private readonly source: string,
  ) {
    this.summary = { file, read: 0, stored: 0, duplicates: 0, rejected: 0, errors: [], ms: 0 };
  }

  reject(line: number, code: string, message: string, field?: string): void {
    this.summary.rejected++;
    if (this.summary.errors.length < MAX_REPORTED_ERRORS) {
      this.summary.errors.push(field === undefined ? { line, code, message } : { line, code, field, message });
    }
  }

  async accept(raw: unknown, line: number): Promise<void> {
    this.summary.read++;
    const r = validateMessage(raw, [line]);
    if (!r.ok) {
      const e = r.errors[0]!;
      this.reject(line, e.code, e.message, e.path?.slice(1).join("."));
      return;
    }
    this.chunk.push(r.message);
    if (this.chunk.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    const res = await this.ingestor.ingest(this.chunk, { source: this.source });
    this.chunk = [];
    this.summary.stored += res.stored;
    this.summary.duplicates += res.duplicates;
    this.summary.rejected += res.suppressed;
  }

  async finish(): Promise<ImportSummary> {
    await this.flush();
    this.summary.ms = Date.now() - this.started;
    return this.summary;
  }
}

const mustExist = (file: string): number => {
  if (!existsSync(file))
    throw new TesseraError({ code: "file_not_found", path: [file], message: `${file}: no such file` });
  return statSync(file).size;
};

/**
 * Imports Segment messages from NDJSON (streamed line by line, constant memory) or a JSON document (an array, or a
 * `{ "batch": [...] }` body as the HTTP API takes). Bad rows are rejected with their line and the rest is stored.
 */
export async function importEventsFile(
  ingestor: Ingestor,
  file: string,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportSummary> {
  const total = mustExist(file);
  const run = new ImportRun(ingestor, file, "import");
  if (/\.json$/i.test(file)) {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, "utf8"));
    } catch (e) {
      throw new TesseraError({ code: "bad_json", path: [file], message: `${file}: ${(e as Error).message}` });
    }
    const list = Array.isArray(doc) ? doc : (doc as { batch?: unknown })?.batch;
    if (!Array.isArray(list)) {
      throw new TesseraError({
        code: "bad_json",
        path: [file],
        message: `${file}: expected an array of messages or {"batch": [...]}`,
      });
    }
    for (let i = 0; i < list.length; i++) await run.accept(list[i], i + 1);
    onProgress?.({ bytesRead: total, bytesTotal: total, rows: list.length });
    return run.finish();
  }
  const stream = createReadStream(file);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      run.summary.read++;
      run.reject(lineNo, "bad_json", (e as Error).message);
      continue;
    }
    await run.accept(raw, lineNo);
    if (lineNo % 10_000 === 0) onProgress?.({ bytesRead: stream.bytesRead, bytesTotal: total, rows: lineNo });
  }
  onProgress?.({ bytesRead: total, bytesTotal: total, rows: lineNo });
  return run.finish();
}

export interface TransactionColumns {
  customerCol: string;
  timeCol: string;
  amountCol: string;
  orderCol?: string;
  /** Track event name for each row; default "Order Completed". */
  event?: string;
}

/** Imports a transactions CSV: each row becomes a track event with properties revenue and order_id. */
export async function importTransactionsFile(
  ingestor: Ingestor,
  file: string,
  cols: TransactionColumns,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportSummary> {
  const total = mustExist(file);
  const run = new ImportRun(ingestor, file, "import");
  const stream = createReadStream(file);
  const parser = stream.pipe(
    parse({ bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }),
  );
  let header: string[] | null = null;
  let idx = { c: -1, t: -1, a: -1, o: -1 };
  const event = cols.event ?? "Order Completed";
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const line = rec.info.lines;
    if (header === null) {
      header = rec.record;
      const find = (name: string, flag: string): number => {
        const i = header!.indexOf(name);
        if (i < 0) {
          throw new TesseraError({
            code: "csv_missing_column",
            path: [file, flag],
            message: `${file}: no column "${name}" (from ${flag}); columns are ${header!.join(", ")}`,
          });
        }
        return i;
      };
      idx = {
        c: find(cols.customerCol, "--customer-col"),
        t: find(cols.timeCol, "--time-col"),
        a: find(cols.amountCol, "--amount-col"),
        o: cols.orderCol ? find(cols.orderCol, "--order-col") : -1,
      };
      continue;
    }
    const r = rec.record;
    const customer = r[idx.c] ?? "";
    const timeText = r[idx.t] ?? "";
    const amountText = r[idx.a] ?? "";
    const ts = parseInstant(timeText);
    const amount = Number(amountText);
    run.summary.read++;
    if (customer === "") {
      run.reject(line, "missing_customer", `empty ${cols.customerCol}`, cols.customerCol);
      continue;
    }
    if (ts === undefined) {
      run.reject(line, "bad_time", `${cols.timeCol} is not a time: ${JSON.stringify(timeText)}`, cols.timeCol);
      continue;
    }
    if (amountText === "" || !Number.isFinite(amount)) {
      run.reject(
        line,
        "bad_number",
        `${cols.amountCol} is not a number: ${JSON.stringify(amountText)}`,
        cols.amountCol,
      );
      continue;
    }
    const orderId = idx.o >= 0 ? (r[idx.o] ?? "") : "";
    // Deterministic ids make a re-import of the same file a no-op through messageId dedup.
    const messageId = `txn-${createHash("sha1")
      .update(`${customer}\u0000${timeText}\u0000${amountText}\u0000${orderId || line}`)
      .digest("hex")}`;
    const msg: Record<string, unknown> = {
      type: "track",
      event,
      userId: customer,
      messageId,
      timestamp: new Date(ts).toISOString(),
      properties: orderId ? { revenue: amount, order_id: orderId } : { revenue: amount },
    };
    run.summary.read--; // accept() counts the row
    await run.accept(msg, line);
    if (run.summary.read % 10_000 === 0)
      onProgress?.({ bytesRead: stream.bytesRead, bytesTotal: total, rows: run.summary.read });
  }
  if (header === null)
    throw new TesseraError({ code: "csv_empty", path: [file], message: `${file}: the file is empty` });
  onProgress?.({ bytesRead: total, bytesTotal: total, rows: run.summary.read });
  return run.finish();
}
