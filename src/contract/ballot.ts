import * as z from 'zod/mini';
import { CityInstant, GeoPoint, Id, Instant } from './common.js';
import { OidcProof } from './oidc-return.js';

/** One pick: for ranked ballots the order of `picks` is the ranking; cumulative ballots give points. */
export const BallotPick = z.strictObject({
  projectId: Id,
  points: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
});
export type BallotPick = z.infer<typeof BallotPick>;

export const PoolChoice = z.strictObject({
  poolId: Id,
  picks: z.array(BallotPick).check(z.maxLength(500)),
});
export type PoolChoice = z.infer<typeof PoolChoice>;

export const BallotInput = z.strictObject({
  cycleId: Id,
  choices: z.array(PoolChoice).check(z.minLength(1), z.maxLength(50)),
});
export type BallotInput = z.infer<typeof BallotInput>;

/** A receipt code: 4 groups of 4 from an alphabet without look-alikes, e.g. `K7QM-2HXP-9TRW-4DNB`. */
export const ReceiptCode = z.string().check(z.regex(/^[0-9A-HJ-NP-Z]{4}(-[0-9A-HJ-NP-Z]{4}){3}$/, 'receipt.invalid'));

export const Receipt = z.strictObject({
  receiptCode: ReceiptCode,
  cycleId: Id,
  castAt: CityInstant,
  /** Until when a new ballot may replace this one; null when the ballot is final. */
  changeableUntil: z.nullable(CityInstant),
});
export type Receipt = z.infer<typeof Receipt>;

/** What anyone holding a receipt code may learn: that it is counted, never what it says. */
export const ReceiptStatus = z.strictObject({
  receiptCode: ReceiptCode,
  cycleId: Id,
  castAt: CityInstant,
  status: z.enum(['counted', 'replaced']),
  channel: z.enum(['online', 'paper']),
});
export type ReceiptStatus = z.infer<typeof ReceiptStatus>;

// Verification: IIN (+ phone, or a sign-in) → one-time code → bearer token. See `identity.ts` for the methods.

export const Iin = z.string().check(z.regex(/^\d{12}$/, 'iin.format'));

export const VerificationStart = z.strictObject({
  cycleId: Id,
  iin: Iin,
  /** Typed by the resident for `census` and `phone_only`; absent for `voter_list`, where the code goes to the phone on the list. */
  phone: z.optional(z.string().check(z.maxLength(40))),
  /** Only when the city checks residence: checked before any code is sent, used once, never stored. */
  location: z.optional(GeoPoint),
});
export type VerificationStart = z.infer<typeof VerificationStart>;

export const Challenge = z.strictObject({
  challengeId: Id,
  expiresAt: Instant,
  /** The earliest moment a new code may be requested. */
  resendAt: Instant,
  codeLength: z.int().check(z.minimum(4), z.maximum(8)),
  /** Wrong attempts left before the code dies. */
  attemptsLeft: z.int().check(z.minimum(0)),
  /** The last digits of the phone, to show where the code went ("…45 67"); two only for a phone the resident did not type. */
  phoneHint: z.string().check(z.regex(/^\d{2,4}$/)),
  /** The phone masked, when the code went to a phone the resident did not type (the voter list's): `+7 7•• ••• •• 12`. */
  phoneMask: z.optional(z.string().check(z.maxLength(40))),
});
export type Challenge = z.infer<typeof Challenge>;

export const VerificationConfirm = z.strictObject({
  /** The one-time code; absent only for a sign-in with the identity provider, which has none. */
  code: z.optional(z.string().check(z.regex(/^\d{4,8}$/, 'code.format'))),
  /** Only for a sign-in where the city checks residence (a code's residence was checked when it was sent); used once, never stored. */
  location: z.optional(GeoPoint),
  /** A sign-in with the identity provider: the proof its callback handed to this browser (required there; a code has none). */
  proof: z.optional(OidcProof),
});
export type VerificationConfirm = z.infer<typeof VerificationConfirm>;

export const VoterSession = z.strictObject({
  token: z.string().check(z.minLength(16), z.maxLength(512)),
  expiresAt: Instant,
  cycleId: Id,
  /**
   * The voter's district on the voter list, when the list names one and the cycle's budget has district pools:
   * this voter may choose only in the city-wide and category pools and in the pools of this district.
   */
  district: z.optional(Id),
  /** When this person has already voted: their current receipt. */
  receipt: z.nullable(
    z.strictObject({
      receiptCode: ReceiptCode,
      castAt: CityInstant,
      changeableUntil: z.nullable(CityInstant),
      /** What the ballot says, so a second device continues from it; only to the person it belongs to. */
      choices: z.optional(z.array(PoolChoice).check(z.maxLength(50))),
    }),
  ),
});
export type VoterSession = z.infer<typeof VoterSession>;
