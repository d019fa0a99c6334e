/**
 * Events of `<qala-ballot>`. None carries personal data: no IIN, phone or
 * location, and not even which projects were chosen (the host learns only how
 * many), so a host page cannot link a vote to a person.
 */

/** Per pool: how much of the ballot was filled, never which projects. */
export interface BallotShape {
  poolId: string;
  picks: number;
  /** Sum of the chosen projects' costs (tenge). */
  cost: number;
  /** Points given (cumulative ballots), else 0. */
  points: number;
}

export interface BeforeBallotCastDetail {
  cycleId: string;
  pools: BallotShape[];
}

/** Cancelable: fired when the resident presses "send"; `preventDefault()` stops the ballot from being sent. */
export class QalaBeforeBallotCastEvent extends CustomEvent<BeforeBallotCastDetail> {
  constructor(detail: BeforeBallotCastDetail) {
    super('qala-before-ballot-cast', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

export interface BallotCastDetail {
  cycleId: string;
  /** The receipt a resident may check; it says the vote is counted, never what it says. */
  receiptCode: string;
  castAt: string;
  /** Until when the vote may be replaced, or null when it is final. */
  changeableUntil: string | null;
}

/** The server accepted the ballot (possibly after the outbox sent it later). */
export class QalaBallotCastEvent extends CustomEvent<BallotCastDetail> {
  constructor(detail: BallotCastDetail) {
    super('qala-ballot-cast', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qala-before-ballot-cast': QalaBeforeBallotCastEvent;
    'qala-ballot-cast': QalaBallotCastEvent;
  }
}
