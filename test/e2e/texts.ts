/**
 * Every widget's texts in every language, for the tests (the widgets load one
 * language at a time). Imported statically: a top-level await on dynamic
 * imports under the tsx loader hung a clean CI run once.
 */
import ballotEn from '../../src/widgets/ballot/messages/en.js';
import ballotKk from '../../src/widgets/ballot/messages/kk.js';
import ballotRu from '../../src/widgets/ballot/messages/ru.js';
import receiptEn from '../../src/widgets/ballot/messages/receipt/en.js';
import receiptKk from '../../src/widgets/ballot/messages/receipt/kk.js';
import receiptRu from '../../src/widgets/ballot/messages/receipt/ru.js';
import sentEn from '../../src/widgets/ballot/messages/sent/en.js';
import sentKk from '../../src/widgets/ballot/messages/sent/kk.js';
import sentRu from '../../src/widgets/ballot/messages/sent/ru.js';
import signInEn from '../../src/widgets/ballot/messages/sign-in/en.js';
import signInKk from '../../src/widgets/ballot/messages/sign-in/kk.js';
import signInRu from '../../src/widgets/ballot/messages/sign-in/ru.js';
import voteEn from '../../src/widgets/ballot/messages/vote/en.js';
import voteKk from '../../src/widgets/ballot/messages/vote/kk.js';
import voteRu from '../../src/widgets/ballot/messages/vote/ru.js';
import formEn from '../../src/widgets/proposal-form/messages/en.js';
import formKk from '../../src/widgets/proposal-form/messages/kk.js';
import formRu from '../../src/widgets/proposal-form/messages/ru.js';
import mineEn from '../../src/widgets/proposal-form/messages/mine/en.js';
import mineKk from '../../src/widgets/proposal-form/messages/mine/kk.js';
import mineRu from '../../src/widgets/proposal-form/messages/mine/ru.js';
import submitEn from '../../src/widgets/proposal-form/messages/submit/en.js';
import submitKk from '../../src/widgets/proposal-form/messages/submit/kk.js';
import submitRu from '../../src/widgets/proposal-form/messages/submit/ru.js';
import listEn from '../../src/widgets/proposal-list/messages/en.js';
import listKk from '../../src/widgets/proposal-list/messages/kk.js';
import listRu from '../../src/widgets/proposal-list/messages/ru.js';
import resultsEn from '../../src/widgets/results/messages/en.js';
import resultsKk from '../../src/widgets/results/messages/kk.js';
import resultsRu from '../../src/widgets/results/messages/ru.js';

/** The ballot's first catalogue and those of its parts (voting, receipt check, sign-in, the steps of a cast ballot), which the widget fetches with each part. */
export const ballotText = {
  kk: { ...ballotKk, ...voteKk, ...receiptKk, ...signInKk, ...sentKk },
  ru: { ...ballotRu, ...voteRu, ...receiptRu, ...signInRu, ...sentRu },
  en: { ...ballotEn, ...voteEn, ...receiptEn, ...signInEn, ...sentEn },
};
/** The form's first catalogue and those of its parts (the submitting parts', My proposals'), which the widget fetches with them. */
export const formText = {
  kk: { ...formKk, ...submitKk, ...mineKk },
  ru: { ...formRu, ...submitRu, ...mineRu },
  en: { ...formEn, ...submitEn, ...mineEn },
};
export const listText = { kk: listKk, ru: listRu, en: listEn };
export const resultsText = { kk: resultsKk, ru: resultsRu, en: resultsEn };
