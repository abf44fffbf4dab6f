import type {
  Agg,
  AggFn,
  Cmp,
  CmpOp,
  Condition,
  EventRef,
  PerformedNode,
  PropFilter,
  PropOp,
  SourceSpan,
  TraitOp,
} from "../model/index.js";
import { AGG_FNS, PROP_OPS } from "../model/index.js";
import { LEAF_STARTS, TRAIT_OP_WORDS } from "./keywords.js";
import { lex, type Token } from "./lexer.js";
import { ParseFailure } from "./parse-error.js";
import { closest } from "./suggest.js";

type Path = Array<string | number>;
const CMP_TOKENS: Record<string, CmpOp> = {
  "=": "eq",
  "==": "eq",
  "!=": "neq",
  ">": "gt",
  ">=": "gte",
  "<": "lt",
  "<=": "lte",
};

const describe = (t: Token): string => (t.kind === "eof" ? "the end of the text" : `"${t.text}"`);

/**
 * Recursive-descent parser for the text form (grammar in docs/language.md). Precedence: not > and > or; parentheses
 * group. Records the source span of every node and field, keyed by AST path, for diagnostics.
 */
export class Parser {
  private pos = 0;
  readonly spans = new Map<string, SourceSpan>();
  private readonly toks: Token[];

  constructor(readonly src: string) {
    this.toks = lex(src);
  }

  parseAll(): Condition {
    const c = this.condition([]);
    const t = this.peek();
    if (t.kind !== "eof") {
      const hint = t.kind === "ident" ? closest(t.text, ["and", "or"]) : undefined;
      this.fail("unexpected_token", `expected "and", "or" or the end, found ${describe(t)}`, t, hint);
    }
    return c;
  }

  // ── tokens ──────────────────────────────────────────────────────────────────────────────────────────────────────
  private peek(k = 0): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.pos++;
    return t;
  }
  private isWord(w: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "ident" && t.text === w;
  }
  private isOp(o: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "op" && t.text === o;
  }
  private fail(code: string, message: string, t: Token, suggestion?: string): never {
    throw new ParseFailure(
      code,
      message,
      t.span,
      suggestion === undefined ? undefined : `did you mean "${suggestion}"?`,
    );
  }
  private expectWord(w: string, context: string): Token {
    const t = this.peek();
    if (t.kind === "ident" && t.text === w) return this.next();
    const hint = t.kind === "ident" && closest(t.text, [w]) ? w : undefined;
    return this.fail("expected_keyword", `expected "${w}" ${context}, found ${describe(t)}`, t, hint);
  }
  private expectOp(o: string, context: string): Token {
    if (this.isOp(o)) return this.next();
    return this.fail("expected_symbol", `expected "${o}" ${context}, found ${describe(this.peek())}`, this.peek());
  }
  private expectString(what: string): Token {
    const t = this.peek();
    if (t.kind === "string") return this.next();
    const hint = t.kind === "ident" ? JSON.stringify(t.text).slice(1, -1) : undefined;
    return this.fail(
      "expected_string",
      `expected ${what} in double quotes, found ${describe(t)}`,
      t,
      hint && `"${hint}"`,
    );
  }
  private expectNumber(what: string): number {
    const t = this.peek();
    if (t.kind === "number") return this.next().value as number;
    return this.fail("expected_number", `expected ${what} (a number), found ${describe(t)}`, t);
  }
  private expectDuration(what: string, path: Path): string {
    const t = this.peek();
    if (t.kind === "duration") {
      this.mark(path, t, t);
      return this.next().text;
    }
    const hint = t.kind === "number" ? `${t.text}d` : undefined;
    return this.fail(
      "bad_duration",
      `expected ${what} (a duration such as 90s, 15m, 2h, 30d, 4w), found ${describe(t)}`,
      t,
      hint,
    );
  }
  private mark(path: Path, from: Token, to: Token = this.toks[Math.max(this.pos - 1, 0)]!): void {
    const end = to.span.offset + to.span.length;
    this.spans.set(JSON.stringify(path), { ...from.span, length: Math.max(end - from.span.offset, 0) });
  }

  // ── boolean structure ────────────────────────────────────────────────────────────────────────────────────────────
  private condition(path: Path): Condition {
    const start = this.peek();
    const first = this.conjunction(path);
    if (!this.isWord("or")) return first;
    const kids = [first];
    this.rebase(path, [...path, "any", 0]);
    while (this.isWord("or")) {
      this.next();
      kids.push(this.conjunction([...path, "any", kids.length]));
    }
    this.mark(path, start);
    return { any: kids };
  }

  private conjunction(path: Path): Condition {
    const start = this.peek();
    const first = this.unary(path);
    if (!this.isWord("and")) return first;
    const kids = [first];
    this.rebase(path, [...path, "all", 0]);
    while (this.isWord("and")) {
      this.next();
      kids.push(this.unary([...path, "all", kids.length]));
    }
    this.mark(path, start);
    return { all: kids };
  }

  /** The first operand was parsed before we knew it sits inside all/any: move its recorded spans under the new path. */
  private rebase(from: Path, to: Path): void {
    const prefix = JSON.stringify(from).slice(0, -1);
    const moved: Array<[string, SourceSpan]> = [];
    for (const [k, v] of this.spans) {
      if (k === JSON.stringify(from) || k.startsWith(`${prefix},`) || (from.length === 0 && k.startsWith("["))) {
        moved.push([k, v]);
      }
    }
    for (const [k, v] of moved) {
      const rest = (JSON.parse(k) as Path).slice(from.length);
      this.spans.delete(k);
      this.spans.set(JSON.stringify([...to, ...rest]), v);
    }
  }

  private unary(path: Path): Condition {
    const start = this.peek();
    if (this.isWord("not")) {
      this.next();
      const inner = this.unary([...path, "not"]);
      this.mark(path, start);
      return { not: inner };
    }
    return this.atom(path);
  }

  private atom(path: Path): Condition {
    const start = this.peek();
    if (this.isOp("(")) {
      this.next();
      const c = this.condition(path);
      this.expectOp(")", "to close the parenthesis");
      this.mark(path, start);
      return c;
    }
    if ((this.isWord("all") || this.isWord("any")) && this.isOp("(", 1)) {
      const kind = this.next().text as "all" | "any";
      this.next();
      const kids: Condition[] = [];
      if (!this.isOp(")")) {
        kids.push(this.condition([...path, kind, 0]));
        while (this.isOp(",")) {
          this.next();
          kids.push(this.condition([...path, kind, kids.length]));
        }
      }
      this.expectOp(")", `to close ${kind}(…)`);
      this.mark(path, start);
      return kind === "all" ? { all: kids } : { any: kids };
    }
    const c = this.leaf(path);
    this.mark(path, start);
    return c;
  }

  // ── leaves ──────────────────────────────────────────────────────────────────────────────────────────────────────
  private leaf(path: Path): Condition {
    const t = this.peek();
    if (t.kind === "ident") {
      switch (t.text) {
        case "performed":
          return this.performed(path);
        case "first":
          return this.first(path);
        case "last":
          return this.last(path);
        case "did":
          return this.did(path);
        case "sequence":
          return this.sequence(path);
        case "bucket":
          return this.bucket();
        case "in":
          this.next();
          this.expectWord("segment", 'after "in" (in segment "id")');
          return { inSegment: this.expectString("a segment id").value as string };
        case "trait": {
          this.next();
          const name = this.expectString("a trait name").value as string;
          return this.traitCondition(name, path);
        }
        default:
          if (!LEAF_STARTS.includes(t.text) && !["and", "or", "then", "where"].includes(t.text)) {
            this.next();
            return this.traitCondition(t.text, path);
          }
      }
    }
    const hint = t.kind === "ident" ? closest(t.text, LEAF_STARTS) : undefined;
    return this.fail(
      "expected_condition",
      `expected a condition (performed, first, last, did, sequence, in segment, bucket, or a trait), found ${describe(t)}`,
      t,
      hint,
    );
  }

  private traitCondition(trait: string, path: Path): Condition {
    const nameTok = this.toks[this.pos - 1]!;
    const keyword = closest(trait, LEAF_STARTS);
    if (keyword && !this.startsOperator()) {
      // "preformed \"X\"" reads as a trait named preformed; the likelier mistake is the keyword.
      this.fail("expected_condition", `"${trait}" is not a condition keyword`, nameTok, keyword);
    }
    const { op, value } = this.operator(path, false);
    return value === undefined ? { trait, op } : { trait, op, value };
  }

  private startsOperator(): boolean {
    const t = this.peek();
    return (
      (t.kind === "op" && CMP_TOKENS[t.text] !== undefined) || (t.kind === "ident" && TRAIT_OP_WORDS.includes(t.text))
    );
  }

  /** An operator and its value after a trait or property name. */
  private operator(path: Path, propOnly: boolean): { op: TraitOp; value?: unknown } {
    const t = this.peek();
    const opStart = t;
    const done = (op: TraitOp, value?: unknown): { op: TraitOp; value?: unknown } => {
      if (propOnly && !(PROP_OPS as readonly string[]).includes(op)) {
        this.fail(
          "bad_operator",
          `"${op}" compares with the evaluation time or the population; it is not allowed in where filters`,
          opStart,
        );
      }
      if (value !== undefined) this.mark([...path, "value"], opStart);
      return value === undefined ? { op } : { op, value };
    };
    if (t.kind === "op" && CMP_TOKENS[t.text]) {
      this.next();
      const op = CMP_TOKENS[t.text]!;
      if (op === "eq" || op === "neq") return done(op, this.scalar());
      return done(op, this.expectNumber(`a number after "${t.text}"`));
    }
    if (t.kind === "ident") {
      switch (t.text) {
        case "between": {
          this.next();
          const lo = this.expectNumber("the lower bound");
          this.expectWord("and", "between the bounds");
          return done("between", [lo, this.expectNumber("the upper bound")]);
        }
        case "in":
          this.next();
          if (this.isWord("last")) {
            this.next();
            return done("withinLast", this.expectDuration("a duration after in last", [...path, "value"]));
          }
          return done("in", this.list());
        case "not":
          this.next();
          if (this.isWord("in")) {
            this.next();
            return done("notIn", this.list());
          }
          if (this.isWord("contains")) {
            this.next();
            return done("notContains", this.expectString("the text").value);
          }
          return this.fail(
            "bad_operator",
            `expected "in" or "contains" after "not", found ${describe(this.peek())}`,
            this.peek(),
          );
        case "contains":
          this.next();
          return done("contains", this.expectString("the text").value);
        case "starts":
          this.next();
          this.expectWord("with", 'after "starts"');
          return done("startsWith", this.expectString("the prefix").value);
        case "ends":
          this.next();
          this.expectWord("with", 'after "ends"');
          return done("endsWith", this.expectString("the suffix").value);
        case "matches":
          this.next();
          return done("matches", this.expectString("a regular expression").value);
        case "exists":
          this.next();
          return done("exists");
        case "missing":
          this.next();
          return done("missing");
        case "is":
          this.next();
          this.expectWord("missing", 'after "is"');
          return done("missing");
        case "before":
        case "after":
          this.next();
          return done(t.text, this.expectString("an ISO 8601 instant").value);
        case "older":
          this.next();
          this.expectWord("than", 'after "older"');
          return done("olderThan", this.expectDuration("a duration", [...path, "value"]));
        case "near": {
          this.next();
          this.expectOp("(", "before the coordinates: near (lat, lon) within 50km");
          const lat = this.expectNumber("the latitude");
          this.expectOp(",", "between latitude and longitude");
          const lon = this.expectNumber("the longitude");
          this.expectOp(")", "after the coordinates");
          this.expectWord("within", "before the distance");
          const d = this.peek();
          if (d.kind !== "distance")
            this.fail("expected_distance", `expected a distance such as 50km, found ${describe(d)}`, d);
          this.next();
          return done("near", { lat, lon, km: d.value as number });
        }
        case "top":
        case "bottom": {
          this.next();
          const p = this.expectNumber("a percentage");
          this.expectOp("%", "after the percentage");
          return done(t.text === "top" ? "topPercent" : "bottomPercent", p);
        }
      }
    }
    const hint = t.kind === "ident" ? closest(t.text, TRAIT_OP_WORDS) : undefined;
    return this.fail(
      "expected_operator",
      `expected an operator (=, !=, >, in, contains, exists, …), found ${describe(t)}`,
      t,
      hint,
    );
  }

  private scalar(): string | number | boolean {
    const t = this.peek();
    if (t.kind === "string" || t.kind === "number") return this.next().value;
    if (t.kind === "ident" && (t.text === "true" || t.text === "false")) return this.next().text === "true";
    const hint = t.kind === "ident" ? `"${t.text}"` : undefined;
    return this.fail(
      "expected_value",
      `expected a value (a "string", a number, true or false), found ${describe(t)}`,
      t,
      hint,
    );
  }

  private list(): Array<string | number | boolean> {
    this.expectOp("[", 'to open the list: in ["a", "b"]');
    const out = [this.scalar()];
    while (this.isOp(",")) {
      this.next();
      out.push(this.scalar());
    }
    this.expectOp("]", "to close the list");
    return out;
  }

  private filters(path: Path): PropFilter[] {
    const out: PropFilter[] = [];
    for (;;) {
      const start = this.peek();
      const fp = [...path, "where", out.length];
      let property: string;
      if (start.kind === "string" || (start.kind === "ident" && !LEAF_STARTS.includes(start.text)))
        property = String(this.next().value);
      else
        property = this.fail(
          "expected_property",
          `expected a property name after "where", found ${describe(start)}`,
          start,
        );
      const { op, value } = this.operator(fp, true);
      out.push(value === undefined ? { property, op: op as PropOp } : { property, op: op as PropOp, value });
      this.mark(fp, start);
      if (!this.isOp(",")) return out;
      this.next();
    }
  }

  private window(path: Path, field: string): string | undefined {
    if (this.isWord("in") && this.isWord("last", 1)) {
      this.next();
      this.next();
      return this.expectDuration("a duration after in last", [...path, field]);
    }
    if (this.isWord("within")) {
      this.next();
      return this.expectDuration("a duration after within", [...path, field]);
    }
    return undefined;
  }

  private eventName(): string {
    return this.expectString("an event name").value as string;
  }

  private performed(path: Path): Condition {
    this.next();
    const out: PerformedNode = { performed: this.eventName() };
    for (;;) {
      const t = this.peek();
      if (this.isWord("where") && out.where === undefined) {
        this.next();
        out.where = this.filters(path);
      } else if ((this.isWord("in") && this.isWord("last", 1)) || this.isWord("within")) {
        if (out.within !== undefined || out.between !== undefined)
          this.fail("duplicate_clause", "the window is given twice", t);
        out.within = this.window(path, "within")!;
      } else if (this.isWord("between") && this.peek(1).kind === "string") {
        if (out.within !== undefined || out.between !== undefined)
          this.fail("duplicate_clause", "the window is given twice", t);
        this.next();
        const from = this.expectString("the start instant").value as string;
        this.expectWord("and", "between the instants");
        out.between = [from, this.expectString("the end instant").value as string];
        this.mark([...path, "between"], t);
      } else if (this.isWord("with") && out.agg === undefined) {
        this.next();
        const fnTok = this.peek();
        const fn = fnTok.text as AggFn;
        if (fnTok.kind !== "ident" || !(AGG_FNS as readonly string[]).includes(fn)) {
          this.fail(
            "bad_aggregate",
            `expected an aggregate (${AGG_FNS.join(", ")}), found ${describe(fnTok)}`,
            fnTok,
            fnTok.kind === "ident" ? closest(fnTok.text, AGG_FNS) : undefined,
          );
        }
        this.next();
        this.expectOp("(", `after ${fn}`);
        const p = this.peek();
        if (p.kind !== "ident" && p.kind !== "string")
          this.fail("expected_property", `expected a property name, found ${describe(p)}`, p);
        const property = String(this.next().value);
        this.expectOp(")", "after the property");
        out.agg = { fn, property, ...this.cmp("the aggregate") } as Agg;
        this.mark([...path, "agg"], t);
      } else if (out.count === undefined && this.countStart()) {
        out.count = this.countClause();
        this.mark([...path, "count"], t);
      } else break;
    }
    return out;
  }

  private countStart(): boolean {
    return (
      (this.isWord("at") && (this.isWord("least", 1) || this.isWord("most", 1))) ||
      this.isWord("exactly") ||
      ((this.isWord("more") || this.isWord("fewer")) && this.isWord("than", 1)) ||
      (this.isWord("between") && this.peek(1).kind === "number") ||
      this.isWord("count")
    );
  }

  private countClause(): Cmp {
    const t = this.next();
    let cmp: Cmp;
    if (t.text === "count") return this.cmp("the count");
    if (t.text === "at") {
      const w = this.next().text;
      cmp = { op: w === "least" ? "gte" : "lte", value: this.expectNumber("a count") };
    } else if (t.text === "exactly") cmp = { op: "eq", value: this.expectNumber("a count") };
    else if (t.text === "between") {
      const lo = this.expectNumber("the lower count");
      this.expectWord("and", "between the counts");
      cmp = { op: "between", value: [lo, this.expectNumber("the upper count")] };
    } else {
      this.next();
      cmp = { op: t.text === "more" ? "gt" : "lt", value: this.expectNumber("a count") };
    }
    this.expectWord("times", "after the count");
    return cmp;
  }

  private cmp(what: string): Cmp {
    const t = this.peek();
    if (t.kind === "op" && CMP_TOKENS[t.text]) {
      this.next();
      return { op: CMP_TOKENS[t.text]!, value: this.expectNumber(what) };
    }
    if (this.isWord("between")) {
      this.next();
      const lo = this.expectNumber("the lower bound");
      this.expectWord("and", "between the bounds");
      return { op: "between", value: [lo, this.expectNumber("the upper bound")] };
    }
    return this.fail(
      "expected_operator",
      `expected a comparison (=, !=, >, >=, <, <=, between) for ${what}, found ${describe(t)}`,
      t,
    );
  }

  private first(path: Path): Condition {
    this.next();
    const first = this.eventName();
    let where: PropFilter[] | undefined;
    if (this.isWord("where")) {
      this.next();
      where = this.filters(path);
    }
    const within = this.window(path, "within");
    if (within === undefined)
      this.fail("expected_window", `first needs a window: first "${first}" in last 7d`, this.peek());
    return where ? { first, where, within } : { first, within };
  }

  private last(path: Path): Condition {
    this.next();
    const node: { last: string; where?: PropFilter[]; olderThan?: string; within?: string } = {
      last: this.eventName(),
    };
    if (this.isWord("where")) {
      this.next();
      node.where = this.filters(path);
    }
    if (this.isWord("older")) {
      this.next();
      this.expectWord("than", 'after "older"');
      node.olderThan = this.expectDuration("a duration", [...path, "olderThan"]);
    }
    const within = this.window(path, "within");
    if (within !== undefined) node.within = within;
    return node;
  }

  private eventRef(path: Path): EventRef {
    const start = this.peek();
    const event = this.eventName();
    if (!this.isWord("where")) return event;
    this.next();
    const where = this.filters(path);
    this.mark(path, start);
    return { event, where };
  }

  private did(path: Path): Condition {
    this.next();
    const did = this.eventRef([...path, "did"]);
    this.expectWord("then", 'after the first event: did "A" then not "B" for 2h');
    this.expectWord("not", 'after "then"');
    const thenNot = this.eventRef([...path, "thenNot"]);
    this.expectWord("for", 'before the waiting time: … then not "B" for 2h');
    const forD = this.expectDuration("the waiting time", [...path, "for"]);
    const within = this.window(path, "within");
    return within === undefined ? { did, thenNot, for: forD } : { did, thenNot, for: forD, within };
  }

  private sequence(path: Path): Condition {
    this.next();
    const steps = [this.eventRef([...path, "sequence", 0])];
    while (this.isOp("->")) {
      this.next();
      steps.push(this.eventRef([...path, "sequence", steps.length]));
    }
    this.expectWord("within", 'after the steps: sequence "A" -> "B" within 1h');
    const within = this.expectDuration("the longest span", [...path, "within"]);
    if (this.isWord("in") && this.isWord("last", 1)) {
      this.next();
      this.next();
      return { sequence: steps, within, lookback: this.expectDuration("the lookback", [...path, "lookback"]) };
    }
    return { sequence: steps, within };
  }

  private bucket(): Condition {
    this.next();
    const salt = this.expectString("the bucket salt").value as string;
    this.expectWord("from", 'after the salt: bucket "salt" from 0 to 50');
    const from = this.expectNumber("the lower bound");
    this.expectWord("to", "between the bounds");
    const to = this.expectNumber("the upper bound");
    return { bucket: { salt, from, to } };
  }
}
