import type { SignInMessages } from '../../messages.js';

/** The texts of the sign-in with an identity provider: fetched with it (cities that verify by sign-in only). */
const en: SignInMessages = {
  'signIn.lead': ({ provider }) => `In this city you confirm who you are by signing in with ${provider}. It opens in a new window; this page waits for you.`,
  'signIn.privacy': 'This page never sees your password. It only learns that the sign-in worked.',
  'signIn.button': ({ provider }) => `Sign in with ${provider}`,
  'signIn.opening': 'Opening the sign-in…',
  'signIn.waitingTitle': 'Finish signing in',
  'signIn.waiting': ({ provider }) => `Finish signing in with ${provider} in the window that opened. When you are done, this page continues by itself.`,
  'signIn.waitingHint': 'If the window is closed or hidden, open the sign-in again. If you have already signed in and nothing happened, press “continue”.',
  'signIn.continue': 'I have signed in — continue',
  'signIn.again': 'Open the sign-in again',
  'signIn.pending': 'Signing in has not finished yet. Finish it in the sign-in window, or open it again.',
  'signIn.tooLong': 'Signing in took too long and has expired. Please sign in again.',
};

export default en;
