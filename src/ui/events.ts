import type { ErrorCode } from '../contract/index.js';

export interface QalaErrorDetail {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

/** Something went wrong that the widget shows to the resident; a host may log it. Never carries personal data. */
export class QalaErrorEvent extends CustomEvent<QalaErrorDetail> {
  constructor(detail: QalaErrorDetail) {
    super('qala-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qala-error': QalaErrorEvent;
  }
}
