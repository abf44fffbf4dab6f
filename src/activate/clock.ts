/** Time source of the activation worker: epoch milliseconds. Tests inject a manual clock to make delays exact. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** A clock that moves only when told to, for deterministic tests of delays, caps and quiet hours. */
export class ManualClock {
  constructor(private t: number) {}
  readonly now: Clock = () => this.t;
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
