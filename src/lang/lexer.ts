import type { SourceSpan } from "../model/index.js";

export type TokenKind =
  | "ident" // plan, address.city, $rfm.score, keywords
  | "string" // "…" (JSON string syntax)
  | "number" // 12, -3.5, 1e3
  | "duration" // 30d, 90s, 1.5h
  | "distance" // 50km
  | "op" // = != > >= < <= -> ( ) [ ] , %
  | "eof";

export interface Token {
  kind: TokenKind;
  /** Source text of the token (the decoded value for strings is in `value`). */
  text: string;
  value: string | number;
  span: SourceSpan;
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly span: SourceSpan,
    readonly code = "bad_token",
  ) {
    super(message);
  }
}

const OPS = ["->", ">=", "<=", "!=", "==", "=", ">", "<", "(", ")", "[", "]", ",", "%"];
const IDENT_RE = /[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z0-9_$]+)*/y;
const NUMBER_RE = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const UNIT_RE = /[A-Za-z]+/y;
const STRING_RE = /"(?:[^"\\\n]|\\.)*"/y;
const DURATION_UNITS = new Set(["ms", "s", "m", "h", "d", "w"]);

/** Hand-written lexer: one pass, tracking line/column for every token so errors can point with a caret. */
export function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const span = (start: number, end: number): SourceSpan => ({
    line,
    column: start - lineStart + 1,
    offset: start,
    length: end - start,
  });
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (ch === '"') {
      STRING_RE.lastIndex = i;
      const m = STRING_RE.exec(src);
      if (!m)
        throw new LexError(
          'unterminated string: add the closing "',
          span(i, src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i)),
          "unterminated_string",
        );
      let value: string;
      try {
        value = JSON.parse(m[0]) as string;
      } catch {
        throw new LexError(`bad escape in string ${m[0]}`, span(i, i + m[0].length));
      }
      out.push({ kind: "string", text: m[0], value, span: span(i, i + m[0].length) });
      i += m[0].length;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === "-" && /[0-9]/.test(src[i + 1] ?? ""))) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(src)!;
      let end = i + m[0].length;
      UNIT_RE.lastIndex = end;
      const u = UNIT_RE.exec(src);
      if (u && u.index === end) {
        end += u[0].length;
        const text = src.slice(i, end);
        if (DURATION_UNITS.has(u[0]) && !m[0].startsWith("-") && !/[eE]/.test(m[0])) {
          out.push({ kind: "duration", text, value: text, span: span(i, end) });
        } else if (u[0] === "km") {
          out.push({ kind: "distance", text, value: Number(m[0]), span: span(i, end) });
        } else {
          throw new LexError(
            `"${text}" has an unknown unit "${u[0]}"; durations use ms, s, m, h, d, w and distances km`,
            span(i, end),
            "bad_unit",
          );
        }
      } else {
        out.push({ kind: "number", text: m[0], value: Number(m[0]), span: span(i, end) });
      }
      i = end;
      continue;
    }
    IDENT_RE.lastIndex = i;
    const id = IDENT_RE.exec(src);
    if (id && id.index === i) {
      out.push({ kind: "ident", text: id[0], value: id[0], span: span(i, i + id[0].length) });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: "op", text: op, value: op, span: span(i, i + op.length) });
      i += op.length;
      continue;
    }
    throw new LexError(`unexpected character "${ch}"`, span(i, i + 1), "bad_character");
  }
  out.push({ kind: "eof", text: "", value: "", span: span(i, i) });
  return out;
}
