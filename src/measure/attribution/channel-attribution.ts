/** The full attribution report: Markov removal effects and credits beside the rule-based models, per channel. */
import type { Journey, PathCount } from "./attribution-types.js";
import { heuristicAttribution, timeDecayAttribution } from "./heuristic-attribution.js";
import { markovAttribution } from "./markov-attribution.js";

export interface ChannelCredit {
  channel: string;
  removalEffect: number;
  markov: number;
  firstTouch: number;
  lastTouch: number;
  linear: number;
  positionBased: number;
  timeDecay?: number;
  markovValue?: number;
}

export interface AttributionReport {
  pConversion: number;
  totalConversions: number;
  channels: ChannelCredit[];
}

export interface AttributionOptions {
  /** Journeys with touch times enable time-decay credit. */
  journeys?: readonly Journey[];
  halfLifeMs?: number;
  /** Report Markov value credit (paths carry value). */
  withValue?: boolean;
  /** Markov chain order (1 by default). */
  order?: number;
}

export function attributionReport(paths: readonly PathCount[], opts: AttributionOptions = {}): AttributionReport {
  const m = markovAttribution(paths, opts.order ?? 1);
  const h = heuristicAttribution(paths);
  const decay = opts.journeys ? timeDecayAttribution(opts.journeys, opts.halfLifeMs ?? 7 * 86_400_000) : undefined;
  return {
    pConversion: m.pConversion,
    totalConversions: m.totalConversions,
    channels: m.channels.map((c) => {
      const row: ChannelCredit = {
        channel: c.channel,
        removalEffect: c.removalEffect,
        markov: c.markov,
        firstTouch: h.firstTouch.get(c.channel) ?? 0,
        lastTouch: h.lastTouch.get(c.channel) ?? 0,
        linear: h.linear.get(c.channel) ?? 0,
        positionBased: h.positionBased.get(c.channel) ?? 0,
      };
      if (decay) row.timeDecay = decay.get(c.channel) ?? 0;
      if (opts.withValue) row.markovValue = c.markovValue;
      return row;
    }),
  };
}
