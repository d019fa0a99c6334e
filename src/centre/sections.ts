import { AuditSection } from './audit-section.js';
import { ImplementationSection } from './implementation-section.js';
import { PaperSection } from './paper-section.js';
import { PhasesSection } from './phases-section.js';
import { ProposalsSection } from './proposals-section.js';
import { ResultsSection } from './results-section.js';
import { StaffSection } from './staff-section.js';
import { VotersSection } from './voters-section.js';
import type { SectionFactory } from './section.js';

/**
 * The sections every `<qala-centre>` has, with their place in the navigation.
 * A new section is one more module and one more line here (a page can also
 * add its own with `registerSection`).
 */
export const BUILT_IN_SECTIONS: readonly { order: number; factory: SectionFactory }[] = [
  { order: 10, factory: (host) => new ProposalsSection(host) },
  { order: 20, factory: (host) => new PhasesSection(host) },
  { order: 30, factory: (host) => new ResultsSection(host) },
  { order: 40, factory: (host) => new StaffSection(host) },
  { order: 50, factory: (host) => new VotersSection(host) },
  { order: 55, factory: (host) => new PaperSection(host) },
  { order: 60, factory: (host) => new ImplementationSection(host) },
  { order: 90, factory: (host) => new AuditSection(host) },
];
