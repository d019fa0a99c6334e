/** A resident opened a proposal's details (for hosts that keep their own deep links). No personal data. */
export class ProposalOpenedEvent extends CustomEvent<{ id: string }> {
  constructor(detail: { id: string }) {
    super('qala-proposal-opened', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qala-proposal-opened': ProposalOpenedEvent;
  }
}
