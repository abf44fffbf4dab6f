import { describe, expect, it } from "vitest";
import type { Condition } from "../model/index.js";
import { checkDefinition } from "./check-definition.js";
import { formatDiagnostic, parseSegment } from "./parse-segment.js";
import { validateDefinition } from "./validate.js";

describe("parser errors point at the token and suggest a fix", () => {
  it("a misspelled keyword at the start of a condition", () => {
    const src = 'plan = "pro" and preformed "Order Completed"';
    const r = parseSegment(src);
    expect(r.definition).toBeUndefined();
    const d = r.diagnostics[0]!;
    expect(d).toMatchObject({ code: "expected_condition", suggestion: 'did you mean "performed"?' });
    expect(d.span).toMatchObject({ line: 1, column: 18, length: 9 });
    expect(formatDiagnostic(d, src)).toContain("^");
  });

  it("a misspelled leaf keyword suggests the keyword", () => {
    const r = parseSegment('sequense "A" -> "B" within 1h');
    expect(r.diagnostics[0]).toMatchObject({
      code: "expected_condition",
      span: { line: 1, column: 1 },
      suggestion: 'did you mean "sequence"?',
    });
    const r2 = parseSegment('did "A" than not "B" for 2h');
    expect(r2.diagnostics[0]).toMatchObject({ code: "expected_keyword", suggestion: 'did you mean "then"?' });
  });

  it("an unquoted event name suggests quoting it", () => {
    const r = parseSegment("performed OrderCompleted");
    expect(r.diagnostics[0]).toMatchObject({ code: "expected_string", suggestion: 'did you mean ""OrderCompleted""?' });
  });

  it("a bad duration and a bad unit", () => {
    expect(parseSegment('performed "A" in last 30').diagnostics[0]).toMatchObject({
      code: "bad_duration",
      suggestion: 'did you mean "30d"?',
      span: { column: 23, length: 2 },
    });
    expect(parseSegment('performed "A" in last 30days').diagnostics[0]).toMatchObject({ code: "bad_unit" });
  });

  it("reports line and column on multi-line text, and never throws", () => {
    const src = 'plan = "pro"\nand performed "A" at least two times';
    const d = parseSegment(src).diagnostics[0]!;
    expect(d.span).toMatchObject({ line: 2, column: 28 });
    expect(formatDiagnostic(d, src, "seg.tsg")).toMatch(/^error\[expected_number\] seg\.tsg:2:28/);
    for (const bad of ["", "(", '"unterminated', "a = ", "a = [1,", "@", "not", "a top 5"]) {
      expect(parseSegment(bad).diagnostics.length).toBeGreaterThan(0);
    }
  });

  it("operators that depend on t are refused in where filters", () => {
    expect(parseSegment('performed "A" where ts older than 5d').diagnostics[0]).toMatchObject({ code: "bad_operator" });
  });
});

describe("validation diagnostics", () => {
  it("structure: unknown node kinds and fields with suggestions, paths into the AST", () => {
    const r = validateDefinition({ all: [{ performd: "A" }, { performed: "A", whithin: "30d" }] });
    expect(r.definition).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "unknown_node", path: ["all", 0], suggestion: 'did you mean "performed"?' }),
      expect.objectContaining({
        code: "unknown_field",
        path: ["all", 1, "whithin"],
        suggestion: 'did you mean "within"?',
      }),
    ]);
  });

  it("bad durations and wrong value types", () => {
    const r = validateDefinition({
      any: [
        { performed: "A", within: "30 days" },
        { trait: "age", op: "gt", value: "30" },
        { trait: "plan", op: "in", value: [] },
        { trait: "x", op: "withinLast", value: "soon" },
        { trait: "x", op: "exists", value: 1 },
        { trait: "x", op: "eq" },
        { trait: "x", op: "matches", value: "(" },
        { trait: "x", op: "between", value: [5, 1] },
      ],
    });
    expect(r.diagnostics.map((d) => [d.code, d.path.join(".")])).toEqual([
      ["bad_duration", "any.0.within"],
      ["wrong_value_type", "any.1.value"],
      ["wrong_value_type", "any.2.value"],
      ["bad_duration", "any.3.value"],
      ["unexpected_value", "any.4.value"],
      ["missing_value", "any.5"],
      ["bad_regex", "any.6.value"],
      ["empty_range", "any.7.value"],
    ]);
  });

  it("unknown events and traits are warnings with suggestions; the definition is still usable", () => {
    const r = validateDefinition(
      {
        all: [
          { performed: "Order Complete" },
          { trait: "plann", op: "eq", value: "pro" },
          { trait: "$clv", op: "topPercent", value: 10 },
        ],
      },
      { knownEvents: new Set(["Order Completed"]), knownTraits: new Set(["plan"]), knownComputed: new Set(["clv"]) },
    );
    expect(r.definition).toBeDefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "unknown_event",
        severity: "warning",
        suggestion: 'did you mean "Order Completed"?',
      }),
      expect.objectContaining({ code: "unknown_trait", severity: "warning", suggestion: 'did you mean "plan"?' }),
    ]);
  });

  it("inSegment cycles name the cycle; unknown segments are errors", () => {
    const segments = new Map<string, { definition: Condition; parent?: string }>([
      ["a", { definition: { inSegment: "b" } }],
      ["b", { definition: { all: [{ inSegment: "c" }] } }],
      ["c", { definition: { trait: "x", op: "exists" }, parent: "d" }],
    ]);
    const r = validateDefinition({ inSegment: "a" }, { segments, selfId: "c" });
    expect(r.diagnostics[0]).toMatchObject({
      code: "segment_cycle",
      path: ["inSegment"],
      message: expect.stringContaining("c → a → b → c"),
    });
    const self = validateDefinition({ not: { inSegment: "me" } }, { segments, selfId: "me" });
    expect(self.diagnostics[0]).toMatchObject({ code: "segment_cycle" });
    const parent = validateDefinition({ trait: "x", op: "exists" }, { segments, selfId: "d", parent: "c" });
    expect(parent.diagnostics[0]).toMatchObject({ code: "segment_cycle", path: ["parent"] });
    const unknown = validateDefinition({ inSegment: "bb" }, { segments });
    expect(unknown.diagnostics[0]).toMatchObject({ code: "unknown_segment", suggestion: 'did you mean "b"?' });
  });

  it("text input: validation diagnostics carry the source span", () => {
    const src = 'plan = "pro" and age > 3 and email matches "("';
    const r = checkDefinition(src);
    expect(r.diagnostics[0]).toMatchObject({
      code: "bad_regex",
      path: ["all", 2, "value"],
      span: { line: 1, column: 36 },
    });
  });

  it("never throws on garbage", () => {
    for (const bad of [
      null,
      1,
      "x",
      [],
      {},
      { all: "x" },
      { not: null },
      { trait: 1 },
      { bucket: { salt: "s", from: 60, to: 10 } },
    ]) {
      const r = checkDefinition(bad);
      expect(r.definition).toBeUndefined();
      expect(r.diagnostics.length).toBeGreaterThan(0);
    }
  });
});
