import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DendrogramNode, dendrogramTree, type Linkage, matrix, wardLinkage } from "../../src/discover/index.js";

const leaves = (n: DendrogramNode): DendrogramNode[] => (n.children ? n.children.flatMap(leaves) : [n]);

describe("dendrogramTree", () => {
  // scipy-style linkage of 4 points: {0,1} at 1, {2,3} at 2, both joined at 5.
  const linkage: Linkage = [
    [0, 1, 1, 2],
    [2, 3, 2, 2],
    [4, 5, 5, 4],
  ];

  it("keeps the last maxLeaves − 1 merges and turns earlier subtrees into sized leaves", () => {
    const top = dendrogramTree(linkage, 4, 2);
    expect(top).toEqual({
      name: "h 5.00",
      value: 5,
      size: 4,
      children: [
        { name: "2 profiles", value: 1, size: 2 },
        { name: "2 profiles", value: 2, size: 2 },
      ],
    });
    const full = dendrogramTree(linkage, 4, 16);
    expect(leaves(full).map((l) => l.size)).toEqual([1, 1, 1, 1]);
    expect(dendrogramTree([], 1, 4)).toEqual({ name: "1 profiles", value: 0, size: 1 });
  });

  it("has at most maxLeaves leaves whose sizes sum to n, on Ward linkages of random points", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), {
          minLength: 2,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 12 }),
        (pts, maxLeaves) => {
          const X = matrix(Float64Array.from(pts.flat()), pts.length, 2);
          const tree = dendrogramTree(wardLinkage(X), pts.length, maxLeaves);
          const ls = leaves(tree);
          expect(ls.length).toBe(Math.min(Math.max(maxLeaves, 1), pts.length));
          expect(ls.reduce((s, l) => s + l.size, 0)).toBe(pts.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
