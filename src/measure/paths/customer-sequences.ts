/** Per-customer event sequences in time order (ties keep input order): the input of paths, funnels and Sankeys. */

export interface PathEvent {
  customer: string;
  time: number;
  event: string;
}

export interface CustomerSequence {
  customer: string;
  events: string[];
  times: number[];
}

export function customerSequences(events: readonly PathEvent[]): CustomerSequence[] {
  const byCustomer = new Map<string, number[]>();
  events.forEach((e, i) => {
    const list = byCustomer.get(e.customer);
    if (list) list.push(i);
    else byCustomer.set(e.customer, [i]);
  });
  const out: CustomerSequence[] = [];
  for (const [customer, idx] of byCustomer) {
    idx.sort((a, b) => events[a]!.time - events[b]!.time || a - b);
    out.push({ customer, events: idx.map((i) => events[i]!.event), times: idx.map((i) => events[i]!.time) });
  }
  return out;
}
