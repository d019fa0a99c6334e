import * as z from 'zod/mini';
import { City } from './city.js';
import { Instant } from './common.js';
import { CurrentPhase, Cycle } from './cycle.js';

/** `GET /cities/:city`: everything a widget needs to draw itself, with the phase as the server's clock sees it. */
export const CityConfig = z.strictObject({
  city: City,
  cycle: Cycle,
  currentPhase: CurrentPhase,
  serverTime: Instant,
});
export type CityConfig = z.infer<typeof CityConfig>;
