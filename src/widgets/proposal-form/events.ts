import type { ProposalStatus } from '../../contract/index.js';

export interface ProposalSubmittedDetail {
  /** The new proposal's id. */
  id: string;
  cycleId: string;
  category: string;
  status: ProposalStatus;
  /** Its short readable reference (`AKS-4827`), when the backend gives one; not personal data. */
  reference?: string;
}

/**
 * A resident's proposal reached the backend. Carries no personal data (no
 * name, phone, text or place): a host may send it to analytics as it is.
 */
export class ProposalSubmittedEvent extends CustomEvent<ProposalSubmittedDetail> {
  constructor(detail: ProposalSubmittedDetail) {
    super('qala-proposal-submitted', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qala-proposal-submitted': ProposalSubmittedEvent;
  }
}
