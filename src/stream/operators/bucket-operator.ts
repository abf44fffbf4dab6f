import type { BucketNode } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { fastBucketOf } from "../fast-bucket.js";
import { type Evidence, INF, type OpNode } from "./operator.js";

/** `bucket`: the shared bucketOf(salt, profile id) lies in [from, to); depends on the id only. */
export class BucketOperator implements OpNode {
  readonly kind = "bucket" as const;
  readonly children = [];
  readonly label: string;
  private lastId = "";
  private lastBucket = 0;

  constructor(
    readonly node: BucketNode,
    readonly path: string,
  ) {
    this.label = `bucket ${JSON.stringify(node.bucket.salt)}`;
  }

  private bucket(id: string): number {
    // Consecutive evaluations are usually for the same profile: remember the last hash.
    if (id !== this.lastId) {
      this.lastId = id;
      this.lastBucket = fastBucketOf(this.node.bucket.salt, id);
    }
    return this.lastBucket;
  }

  value(ctx: EvalContext): boolean {
    const b = this.bucket(ctx.profile.id);
    return b >= this.node.bucket.from && b < this.node.bucket.to;
  }

  wake(): number {
    return INF;
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    e.a = this.bucket(ctx.profile.id);
  }

  render(e: Evidence): string {
    return `bucket ${e.a} in [${this.node.bucket.from}, ${this.node.bucket.to})`;
  }

  touches(): boolean {
    return false;
  }
}
