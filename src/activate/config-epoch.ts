/**
 * Bumped by every write to destinations or rules in this process, so a worker in the same process (the server's)
 * sees an edit on its next tick; edits from elsewhere are picked up within the worker's config TTL.
 */
let epoch = 0;
export const bumpConfigEpoch = (): void => {
  epoch++;
};
export const configEpoch = (): number => epoch;
