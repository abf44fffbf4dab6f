/**
 * Bumped whenever rows that had left "pending" become pending again (dead-letter retry, replay): the delivery worker
 * scans pending rows from a low-water seq upwards, and a rewind in this process sends it back to a full scan. Only
 * the process holding the store can write to it (another one opens it read-only), so no rewind goes unseen.
 */
let rewinds = 0;
export const rewindOutbox = (): void => {
  rewinds++;
};
export const outboxRewinds = (): number => rewinds;
