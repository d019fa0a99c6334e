import type { MineMessages } from '../../messages.js';

/** The texts of "My proposals" (proving the phone, the list, correcting and resending): fetched with it, not with the form's first screen. */
const en: MineMessages = {
  'mine.intro': 'Give the phone number you submitted with: we send a one-time code to it.',
  'mine.phone.label': 'Phone',
  'mine.sendCode': 'Send the code',
  'mine.code.label': 'Code from the SMS',
  'mine.code.hint': ({ hint }) => `The code went to the number ending …${hint}.`,
  'mine.confirm': 'Confirm',
  'mine.resend': 'Send the code again',
  'mine.back': 'Back',
  'mine.signOut': 'Sign out',
  'mine.empty': 'No proposals were submitted with this number.',
  'mine.listFailed': 'Your proposals did not load.',
  'mine.status': 'Status:',
  'mine.note': 'The expert council’s note:',
  'mine.cancelReason': 'Why the project was cancelled:',
  'mine.history': 'History',
  'mine.sms.on': 'You get an SMS when the status changes.',
  'mine.edit': 'Correct and send again',
  'mine.editUntil': ({ date }) => `You can correct it until ${date}.`,
  'mine.notEditable.phase': 'The review is over: the proposal can no longer be corrected.',
  'mine.resubmit': 'Send again',
  'mine.cancelEdit': 'Cancel',
  'mine.editHeading': ({ reference }) => `Correcting proposal ${reference}`,
  'mine.resubmitted': 'The proposal was sent again and is under review.',
  'code.invalid': ({ attemptsLeft }) => `The code is not right. Attempts left: ${attemptsLeft}.`,
  'mine.error.code_invalid': 'The code is not right.',
  'mine.error.code_expired': 'The code has expired. Enter your phone number again to get a new code.',
  'mine.error.code_locked': 'Too many wrong codes — this code no longer works. Enter your phone number again to get a new code.',
  'mine.gone': 'This code can no longer be sent again. Enter your phone number again to get a new code.',
  'mine.error.too_many_codes': 'Too many codes were sent to this number. Try again later.',
  'mine.error.unauthorized': 'The session has ended. Confirm your phone again.',
  'mine.error.conflict': 'The proposal cannot be corrected now: its status changed.',
};

export default en;
