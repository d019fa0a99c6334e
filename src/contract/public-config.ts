import * as z from 'zod/mini';
import { City } from './city.js';
import { Instant } from './common.js';
import { CurrentPhase, Cycle } from './cycle.js';
import { PublicIdentity } from './identity.js';

/** `GET /cities/:city`: everything a widget needs to draw itself, with the phase as the server's clock sees it. */
export const CityConfig = z.strictObject({
  city: City,
  cycle: Cycle,
  currentPhase: CurrentPhase,
  serverTime: Instant,
  /** How residents prove who they are before voting; widgets say it and the results state it. */
  identity: PublicIdentity,
});
export type CityConfig = z.infer<typeof CityConfig>;
