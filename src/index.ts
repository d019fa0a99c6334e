/**
 * The npm entry: classes, client and contract, with no side effects.
 * Register the widgets with `import 'qala/define'` (all) or one define module
 * per widget, e.g. `import 'qala/widgets/ballot/define.js'`.
 */
export * from './contract/index.js';
export * from './client/index.js';
export { QalaElement } from './ui/base-element.js';
export { defineElement, VERSION } from './ui/define.js';
export { setDefaults } from './ui/defaults.js';
export { QalaErrorEvent } from './ui/events.js';
export { checkIin, checkVoterIin } from './domain/iin.js';
export { formatMoney } from './domain/money.js';
export { validateBallot } from './domain/ballot.js';
