import * as z from 'zod/mini';
import { City } from './city.js';
import { CityInstant } from './common.js';
import { CurrentPhase, Cycle } from './cycle.js';
import { PublicIdentity } from './identity.js';

/** `GET /cities/:city`: everything a widget needs to draw itself, with the phase as the server's clock sees it. */
export const CityConfig = z
  .strictObject({
    city: City,
    /** Its phase windows are written in the city's offset (`CityInstant`): widgets show their digits as the city's wall clock. */
    cycle: Cycle,
    currentPhase: CurrentPhase,
    serverTime: CityInstant,
    /** How residents prove who they are before voting; widgets say it and the results state it. */
    identity: PublicIdentity,
  })
  .check(
    z.superRefine((config, ctx) => {
      for (const [name, w] of Object.entries(config.cycle.phases)) {
        for (const edge of ['start', 'end'] as const) {
          if (!CityInstant.safeParse(w[edge]).success) ctx.addIssue({ code: 'custom', message: 'instant.city_offset', path: ['cycle', 'phases', name, edge], input: w[edge] });
        }
      }
    }),
  );
export type CityConfig = z.infer<typeof CityConfig>;
