/**
 * Customer journeys from a touch/conversion event log: per customer in time order, a journey ends at a
 * conversion; touches after the last conversion form a journey without conversion (a null path).
 */
import type { Journey, PathCount } from "./attribution-types.js";

export interface TouchEvent {
  customer: string;
  time: number;
  /** Channel of the touch; empty for a conversion row that carries no touch. */
  channel: string;
  conversion: boolean;
  value?: number;
}

export interface JourneySplit {
  journeys: Journey[];
  /** Conversions with no touch before them in their journey (cannot be attributed). */
  unattributedConversions: number;
}

/** Rows with equal time keep their input order; a conversion row with a channel counts that touch first. */
export function journeysFromEvents(events: readonly TouchEvent[]): JourneySplit {
  const byCustomer = new Map<string, number[]>();
  events.forEach((e, i) => {
    const list = byCustomer.get(e.customer);
    if (list) list.push(i);
    else byCustomer.set(e.customer, [i]);
  });
  const journeys: Journey[] = [];
  let unattributedConversions = 0;
  for (const idx of byCustomer.values()) {
    idx.sort((a, b) => events[a]!.time - events[b]!.time || a - b);
    let channels: string[] = [];
    let times: number[] = [];
    for (const i of idx) {
      const e = events[i]!;
      if (e.channel !== "") {
        channels.push(e.channel);
        times.push(e.time);
      }
      if (!e.conversion) continue;
      if (channels.length === 0) {
        unattributedConversions++;
        continue;
      }
      const j: Journey = { channels, times, converted: true, conversionTime: e.time };
      if (e.value !== undefined) j.value = e.value;
      journeys.push(j);
      channels = [];
      times = [];
    }
    if (channels.length > 0) journeys.push({ channels, times, converted: false });
  }
  return { journeys, unattributedConversions };
}

/** Aggregates journeys into distinct paths with conversion / null counts and summed value. */
export function pathsFromJourneys(journeys: readonly Journey[]): PathCount[] {
  const byKey = new Map<string, PathCount & { value: number }>();
  for (const j of journeys) {
    const key = j.channels.join("\u0000");
    let p = byKey.get(key);
    if (!p) {
      p = { path: j.channels, conversions: 0, nulls: 0, value: 0 };
      byKey.set(key, p);
    }
    if (j.converted) {
      p.conversions++;
      p.value += j.value ?? 0;
    } else p.nulls++;
  }
  return [...byKey.values()];
}
