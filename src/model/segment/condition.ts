import { z } from "zod";
import type { AllNodeOf } from "./all-node.js";
import { allNodeSchema } from "./all-node.js";
import type { AnyNodeOf } from "./any-node.js";
import { anyNodeSchema } from "./any-node.js";
import type { BucketNode } from "./bucket-node.js";
import { bucketNodeSchema } from "./bucket-node.js";
import type { DidThenNotNode } from "./did-then-not-node.js";
import { didThenNotNodeSchema } from "./did-then-not-node.js";
import type { FirstNode } from "./first-node.js";
import { firstNodeSchema } from "./first-node.js";
import type { InSegmentNode } from "./in-segment-node.js";
import { inSegmentNodeSchema } from "./in-segment-node.js";
import type { LastNode } from "./last-node.js";
import { lastNodeSchema } from "./last-node.js";
import type { NotNodeOf } from "./not-node.js";
import { notNodeSchema } from "./not-node.js";
import type { PerformedNode } from "./performed-node.js";
import { performedNodeSchema } from "./performed-node.js";
import type { SequenceNode } from "./sequence-node.js";
import { sequenceNodeSchema } from "./sequence-node.js";
import type { TraitNode } from "./trait-node.js";
import { traitNodeSchema } from "./trait-node.js";

/** Conjunction: every child holds. An empty `all` is true. */
export type AllNode = AllNodeOf<Condition>;
/** Disjunction: at least one child holds. An empty `any` is false. */
export type AnyNode = AnyNodeOf<Condition>;
/** Negation of one child. */
export type NotNode = NotNodeOf<Condition>;

/** A segment definition: plain serialisable data (DESIGN.md §3). Node kinds are told apart by their key. */
export type Condition =
  | AllNode
  | AnyNode
  | NotNode
  | TraitNode
  | PerformedNode
  | FirstNode
  | LastNode
  | DidThenNotNode
  | SequenceNode
  | InSegmentNode
  | BucketNode;

/** The discriminating key of each node kind, in a fixed order. */
export const CONDITION_KINDS = [
  "all",
  "any",
  "not",
  "trait",
  "performed",
  "first",
  "last",
  "did",
  "sequence",
  "inSegment",
  "bucket",
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** Maps a kind to its node type, so `switch (conditionKind(c))` narrows with `asKind`. */
export type NodeOf<K extends ConditionKind> = {
  all: AllNode;
  any: AnyNode;
  not: NotNode;
  trait: TraitNode;
  performed: PerformedNode;
  first: FirstNode;
  last: LastNode;
  did: DidThenNotNode;
  sequence: SequenceNode;
  inSegment: InSegmentNode;
  bucket: BucketNode;
}[K];

/** The kind of a raw object by its discriminating key, or undefined when it has none. */
export function kindOfRaw(raw: unknown): ConditionKind | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  for (const k of CONDITION_KINDS) if (Object.hasOwn(raw, k)) return k;
  return undefined;
}

export function conditionKind(c: Condition): ConditionKind {
  const k = kindOfRaw(c);
  if (k === undefined) throw new Error(`not a condition: ${JSON.stringify(c)}`);
  return k;
}

/**
 * Exhaustive dispatch over node kinds: a new kind added to Condition fails to compile here and in every engine's
 * visitor until it is handled.
 */
export type ConditionVisitor<R> = { [K in ConditionKind]: (node: NodeOf<K>) => R };

export function visitCondition<R>(c: Condition, v: ConditionVisitor<R>): R {
  const k = conditionKind(c);
  switch (k) {
    case "all":
      return v.all(c as AllNode);
    case "any":
      return v.any(c as AnyNode);
    case "not":
      return v.not(c as NotNode);
    case "trait":
      return v.trait(c as TraitNode);
    case "performed":
      return v.performed(c as PerformedNode);
    case "first":
      return v.first(c as FirstNode);
    case "last":
      return v.last(c as LastNode);
    case "did":
      return v.did(c as DidThenNotNode);
    case "sequence":
      return v.sequence(c as SequenceNode);
    case "inSegment":
      return v.inSegment(c as InSegmentNode);
    case "bucket":
      return v.bucket(c as BucketNode);
    default:
      return assertNever(k);
  }
}

/** The unreachable end of an exhaustive switch. */
export function assertNever(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}

/** Direct children of a node, with the path step that leads to each. */
export function childrenOf(c: Condition): Array<[Array<string | number>, Condition]> {
  if ("all" in c) return c.all.map((x, i) => [["all", i], x]);
  if ("any" in c) return c.any.map((x, i) => [["any", i], x]);
  if ("not" in c) return [[["not"], c.not]];
  return [];
}

/** The structural schema of a whole definition (recursive). lang's validator gives the friendlier diagnostics. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    allNodeSchema(conditionSchema),
    anyNodeSchema(conditionSchema),
    notNodeSchema(conditionSchema),
    traitNodeSchema,
    performedNodeSchema,
    firstNodeSchema,
    lastNodeSchema,
    didThenNotNodeSchema,
    sequenceNodeSchema,
    inSegmentNodeSchema,
    bucketNodeSchema,
  ]),
) as z.ZodType<Condition>;

/** Per-kind shape schemas; child conditions are left unknown so a validator can recurse with precise paths. */
export const nodeShapeSchemas: { [K in ConditionKind]: z.ZodType } = {
  all: allNodeSchema(z.unknown()),
  any: anyNodeSchema(z.unknown()),
  not: notNodeSchema(z.unknown()),
  trait: traitNodeSchema,
  performed: performedNodeSchema,
  first: firstNodeSchema,
  last: lastNodeSchema,
  did: didThenNotNodeSchema,
  sequence: sequenceNodeSchema,
  inSegment: inSegmentNodeSchema,
  bucket: bucketNodeSchema,
};
