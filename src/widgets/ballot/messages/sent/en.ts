import type { SentMessages } from '../../messages.js';

/** The texts of the steps once a ballot is cast (sending, waiting, refused, received): fetched with the outbox, not on the first step. */
const en: SentMessages = {
  'status.sending': 'Sending your vote…',
  'status.sendingLead': 'Please keep this page open; it takes a few seconds.',
  'status.queuedTitle': 'Your vote is not sent yet',
  'status.queued': 'The server cannot be reached. Your ballot is saved on this device and will be sent automatically when you are back online — even if you reload the page.',
  'status.queuedMemory': 'The server cannot be reached. Your ballot will be sent when you are back online — keep this page open.',
  'status.noStorage': 'This browser cannot save the ballot on this device: if you close the page before it is sent, the vote is lost.',
  'status.lastError': ({ error }) => `Last attempt: ${error}`,
  'status.nextAttempt': ({ at }) => `Next automatic attempt: ${at}`,
  'status.retry': 'Send now',
  'status.failedTitle': 'Your vote was not accepted',
  'status.startOver': 'Start again',
  'done.title': 'Your vote is in',
  'done.sent': ({ at }) => `The server received your ballot on ${at}.`,
  'done.howToCheck': 'Keep this code. With it you can check at any time that your vote is counted (below, or on the programme’s site); it never reveals how you voted.',
};

export default en;
