import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimerHeap } from "./timer-heap.js";

describe("TimerHeap", () => {
  it("pops every entry in time order, through interleaved pushes, pops and compactions", () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 50 }) }),
      fc.constant({ pop: true }),
      fc.constant({ compact: true }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const heap = new TimerHeap<number>();
        const model: number[] = []; // items are their own instants; odd ones are dropped by compaction
        let id = 0;
        for (const o of ops) {
          if ("push" in o) {
            heap.push(o.push, o.push * 1000 + (id++ % 1000));
            model.push(o.push);
          } else if ("pop" in o) {
            model.sort((a, b) => a - b);
            expect(heap.peek()).toBe(model[0] ?? Number.POSITIVE_INFINITY);
            const item = heap.pop();
            if (model.length === 0) expect(item).toBeUndefined();
            else expect(Math.floor(item! / 1000)).toBe(model.shift());
          } else {
            heap.compact((at) => at % 2 === 0);
            model.splice(0, model.length, ...model.filter((at) => at % 2 === 0));
          }
          expect(heap.size).toBe(model.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
