import type { PropFilter } from "../../model/index.js";
import { propPredicate } from "../event-filter.js";
import { InstantStore } from "./instant-store.js";
import type { SlotStore } from "./slot-store.js";

/** One store per content key: leaves asking for the same evidence get the same store (and so share its state). */
export class StoreRegistry {
  readonly stores: SlotStore[] = [];
  private readonly byKey = new Map<string, SlotStore>();

  get<T extends SlotStore>(key: string, make: () => T): T {
    let s = this.byKey.get(key);
    if (!s) {
      s = make();
      this.byKey.set(key, s);
      this.stores.push(s);
    }
    return s as T;
  }

  /** Latest (or earliest) time of `event` events passing `where`. */
  instant(event: string, where: readonly PropFilter[] | undefined, latest: boolean): InstantStore {
    const key = `${latest ? "latest" : "earliest"} ${JSON.stringify([event, where ?? []])}`;
    return this.get(key, () => new InstantStore(key, event, propPredicate(where), latest));
  }
}
