import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { AdminProposal, CityConfig, Locale } from '../contract/index.js';
import type { LocalizeController } from '../ui/localize.js';
import type { ActionController } from './action-controller.js';
import type { CentreApi, CentreError } from './api.js';
import type { CouncilData } from './council.js';
import type { CentreMessages } from './messages.js';
import { BUILT_IN_SECTIONS } from './sections.js';
import type { Signed } from './session-controller.js';

/** What a section of the centre is given: the signed-in person, the city's data, texts and the action runner. */
export interface CentreContext {
  readonly host: ReactiveControllerHost & HTMLElement;
  readonly api: CentreApi;
  readonly signed: Signed;
  readonly city: string;
  readonly config: CityConfig;
  readonly proposals: readonly AdminProposal[];
  /** The expert council's criteria, assignments and people (absent on a server without the staff API). */
  readonly council: CouncilData;
  readonly i18n: LocalizeController<CentreMessages>;
  readonly actions: ActionController;
  readonly locale: Locale;
  /** Loads the city's config, proposals and the council's data again (after an action changed them). */
  reload(): Promise<void>;
  /** Shows a proposal the server just returned, before the reload. */
  replaceProposal(proposal: AdminProposal): void;
  setConfig(config: CityConfig): void;
  /** Shows another section (optionally opening one proposal in it). */
  navigate(section: string, detail?: string): void;
  /** The credential was refused: back to the sign-in. */
  signedOut(error: CentreError): void;
}

/**
 * One part of the centre (proposals, phases, results, staff…): a small object
 * with its own state, drawn into the element's shadow root. A section lives
 * as long as its element; `render` is called while it is shown.
 */
export interface CentreSection {
  readonly id: string;
  /** Its name in the navigation. */
  label(ctx: CentreContext): string;
  /** Whether the signed-in person sees it at all (default: yes). */
  visible?(ctx: CentreContext): boolean;
  render(ctx: CentreContext): TemplateResult;
  /** Called when it is shown; `detail` (a proposal id) when something in it is opened directly. */
  open?(ctx: CentreContext, detail?: string): void;
  /** The city changed or the person signed out: forget what was open. */
  reset?(): void;
  /** The person asked for fresh data ("Refresh") while it is shown: load again what it loaded itself. */
  refreshed?(ctx: CentreContext): Promise<void>;
  /**
   * Whether it holds work the server has not got yet outside its form fields (a batch of paper ballots):
   * leaving the page asks first. Typed fields the centre sees by itself.
   */
  unsaved?(): boolean;
}

export type SectionFactory = (host: ReactiveControllerHost & HTMLElement) => CentreSection;

const extra: { order: number; factory: SectionFactory }[] = [];

/**
 * Adds a section to every `<qala-centre>` created after this call, placed by
 * `order` among the built-in ones (proposals 10, phases 20, results 30,
 * audit 90; see `sections.ts`).
 */
export function registerSection(order: number, factory: SectionFactory): void {
  extra.push({ order, factory });
}

export function createSections(host: ReactiveControllerHost & HTMLElement): CentreSection[] {
  return [...BUILT_IN_SECTIONS, ...extra].sort((a, b) => a.order - b.order).map((s) => s.factory(host));
}
