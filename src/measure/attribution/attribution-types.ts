/** Input shapes of attribution: aggregated channel paths and single customer journeys. */

/** One distinct channel path with how often it ended in a conversion and how often it did not. */
export interface PathCount {
  path: readonly string[];
  conversions: number;
  nulls: number;
  /** Total conversion value of those conversions (optional). */
  value?: number;
}

/** One customer journey: touches in time order, ending in a conversion or not. */
export interface Journey {
  channels: string[];
  /** Epoch ms of each touch. */
  times: number[];
  converted: boolean;
  /** Epoch ms of the conversion, when converted. */
  conversionTime?: number;
  value?: number;
}
