// Registers every widget (each define module is guarded and never throws).
import './widgets/proposal-form/define.js';
import './widgets/proposal-list/define.js';
import './widgets/ballot/define.js';
import './widgets/results/define.js';
import './widgets/progress/define.js';
