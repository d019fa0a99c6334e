/**
 * A cycle or a pool that a request names and the city does not have, in the
 * server's words (`services/core.ts` view, `services/results.ts` pabulib,
 * `services/admin.ts` placeOnBallot, `services/implementation.ts`), so the
 * mocks refuse in the same ones.
 */
export const NO_SUCH_CYCLE = 'no such cycle in this city';
export const NO_SUCH_POOL = 'no such pool';
