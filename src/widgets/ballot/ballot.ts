import { adoptStyles, html, nothing, supportsAdoptingStyleSheets, type PropertyValues, type TemplateResult } from 'lit';
import { state, property } from 'lit/decorators.js';
import type { Backend } from '../../client/backend.js';
// Types only: the outbox itself comes in a module of its own (see `outboxCode`).
import type { Outbox, OutboxSnapshot, OutboxStorage } from '../../client/outbox.js';
import type { BallotInput, BallotPick, CityConfig, GeoPoint, Pool, Proposal, VoterSession } from '../../contract/index.js';
// Types only: the editing rules themselves come with the vote part (a value imported here would put them in this chunk).
import type { BallotDraft, BallotProject } from '../../domain/ballot-editor.js';
import { windowState } from '../../domain/phase.js';
import { Announcer } from '../../ui/announcer.js';
import { QalaElement, textsPending } from '../../ui/base-element.js';
import { baseStyles } from '../../ui/base.styles.js';
import { ConfigController } from '../../ui/config-controller.js';
import type { LocalizeController } from '../../ui/localize.js';
import { PartedLocalizeController } from '../../ui/parted-localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import { styles } from './ballot.styles.js';
import { loadBallotProjects } from './data.js';
import { messages, type BallotMessages, type VoteMessages } from './messages.js';
import { BallotPart } from './lazy-part.js';
import { OutboxController } from './outbox-controller.js';
import { ballotParts, type BallotParts } from './parts.js';
import type { RankingController, RankingHost } from './ranking-controller.js';
import type { ReceiptCheckController, ReceiptCheckHost } from './receipt-check-controller.js';
import type { SentHost, SentSteps } from './sent-steps.js';
import type { ProjectsLoad, Step, StepName, StepOf, Words } from './steps.js';
import { VerificationController } from './verification-controller.js';
import type { VoteHost, VotePart } from './vote-part.js';

/**
 * A resident votes: verification by the city's identity method (IIN and a
 * one-time code to the listed or registered phone, or a sign-in with the
 * city's identity provider; a location check where the city asks for it),
 * the ballot under the city's rule, a review, and a receipt. A cast ballot waits in an IndexedDB outbox until the
 * server has it, so a dropped connection loses nothing.
 *
 * @tag qala-ballot
 * @summary Participatory-budgeting ballot with verification, every ballot rule, an offline outbox and a receipt.
 *
 * @attr api - Base URL of the API (`https://pb.example.kz/api/v1`). Ignored when `backend` is set.
 * @attr city - City slug (`aksu`).
 * @attr lang - `kk`, `ru` or `en`; falls back to `<html lang>`, then Russian.
 * @attr theme - `light`, `dark` or `auto`.
 * @attr accent - Accent colour.
 * @attr radius - `none`, `small`, `medium`, `large`, `pill`, or a length.
 * @attr density - `compact`, `comfortable` or `spacious`.
 * @attr font - `system`, `serif`, `mono`, `inherit` or a family name.
 *
 * @fires qala-before-ballot-cast - Cancelable, before a ballot is sent; detail `{ cycleId, pools: [{ poolId, picks, cost, points }] }` (no project ids, no personal data).
 * @fires qala-ballot-cast - The server accepted the ballot; detail `{ cycleId, receiptCode, castAt, changeableUntil }`.
 * @fires qala-error - An error the widget shows; detail `{ code, message, retryable }`.
 *
 * @csspart step - The box of the current step.
 * @csspart heading - The heading of the current step (receives focus after each step).
 * @csspart identity-statement - The plain statement that a phone-only city checks the phone, not the person.
 * @csspart sign-in-button - The button that opens the city's identity provider (cities that verify by sign-in).
 * @csspart pool - One pool's section on the ballot.
 * @csspart meter - The sticky summary of a pool (how many left, points left, money left).
 * @csspart budget-meter - The tenge bar of a knapsack pool.
 * @csspart filters - The category / district filters of a long ballot.
 * @csspart card - One project card.
 * @csspart photo - A project's photo.
 * @csspart ranking - The ordered list of a ranked ballot.
 * @csspart review - The list of choices on the review step.
 * @csspart submit-button - The button that sends the ballot.
 * @csspart receipt - The receipt code.
 * @csspart status - Whether the vote is sent (sending, waiting, sent).
 *
 * @cssprop --qala-color-accent - Accent colour.
 * @cssprop --qala-color-surface - Background.
 * @cssprop --qala-color-surface-raised - Raised background (meters, notices).
 * @cssprop --qala-color-text - Text colour.
 * @cssprop --qala-color-text-muted - Secondary text.
 * @cssprop --qala-color-border - Borders.
 * @cssprop --qala-color-danger - Errors.
 * @cssprop --qala-color-success - Success.
 * @cssprop --qala-color-focus - Focus ring.
 * @cssprop --qala-radius - Corner radius.
 * @cssprop --qala-font-family - Font.
 * @cssprop --qala-font-size - Base size (everything scales in `em`).
 */
export class QalaBallot extends QalaElement {
  static override styles = [baseStyles, styles];

  private readonly i18n = new PartedLocalizeController(this, messages);
  private readonly cfg = new ConfigController(this, (config) => this.handleConfig(config));
  private readonly announcer = new Announcer(this);
  private readonly verification = new VerificationController(this, this.i18n, {
    backend: () => this.activeBackend,
    config: () => this.config,
    serverNow: () => this.serverNow(),
    location: () => this.location,
    focus: (selector) => this.focusOn(selector),
    say: (text) => this.say(text),
    report: (error) => this.reportError(error),
    errorText: (error) => this.i18n.t(this.errorKey(error) as 'error.generic'),
    heading: (text) => this.renderHeading(text),
    intro: () => this.renderIntro(),
    after: () => html`<details class="check-details" @toggle=${this.handleReceiptToggle}>
      <summary>${this.i18n.t('receipt.haveCode')}</summary>
      ${this.renderReceiptCheck('')}
    </details>`,
    verified: (session) => this.handleVerified(session),
    locationRefused: (message) => {
      this.location = null;
      this.goTo({ step: 'location', locating: false, error: message, notice: this.step.step === 'verify' ? this.step.notice : null }, '#step-error');
    },
    leaving: () => (this.leaving = true),
    codeModule: () => this.parts.code(),
    signInModule: () => this.parts.signIn(),
    signInTexts: () => this.i18n.withPart(this.parts.signInTexts),
  });
  private readonly voteHooks: VoteHost = {
    config: () => this.config!,
    district: () => this.session?.district ?? null,
    projects: () => this.projects,
    byId: () => this.byId,
    picks: (poolId) => this.picksOf(poolId),
    draft: () => this.draft,
    setPicks: (poolId, picks) => this.setPicks(poolId, picks),
    titleOf: (projectId) => this.titleOf(projectId),
    photoUrl: (url) => (url.startsWith('/') ? (this.activeBackend?.downloadUrl?.(url) ?? url) : url),
    focus: (selector) => this.focusOn(selector),
    say: (text) => this.say(text),
    ranking: (pool, picks) => this.renderRanking(pool, picks),
    heading: (text) => this.renderHeading(text),
    stepError: (error) => this.renderStepError(error),
    submitting: () => this.submitting,
    go: (step, focus) => this.goTo(step, focus),
    submit: (ballot) => void this.handleSubmit(ballot),
  };
  /** The choosing, the ballot's rules and the review: fetched as soon as the first step shows, awaited by the ballot step. */
  private readonly vote = new BallotPart<VotePart>(
    this,
    this.i18n,
    async () => {
      // The module and its texts in the language shown, fetched side by side: the part comes when both have.
      const [module, words] = await Promise.all([this.parts.vote(), this.i18n.withPart(this.parts.voteTexts)]);
      return new module.VotePart(this, words, this.voteHooks);
    },
    {
      name: 'vote',
      focusAfter: '[data-step-heading]',
      focusOnRetry: '[data-step-heading]',
      focus: (selector) => this.focusOn(selector),
      ready: (vote) => {
        // Its styles join the widget's before it first draws (with <style> where constructed sheets are not supported).
        const root = this.renderRoot as ShadowRoot;
        adoptStyles(root, supportsAdoptingStyleSheets ? [...root.adoptedStyleSheets, vote.styles] : [vote.styles]);
        this.announceBallot();
      },
    },
  );
  private readonly rankingHooks: RankingHost = {
    picks: (poolId) => this.picksOf(poolId),
    setPicks: (poolId, picks) => this.setPicks(poolId, picks),
    // The ranking is drawn on the ballot step only, where the vote part is there.
    move: (poolId, from, to) => {
      if (this.vote.value) this.setPicks(poolId, this.vote.value.move(this.picksOf(poolId), from, to));
    },
    titleOf: (projectId) => this.titleOf(projectId),
    focus: (selector) => this.focusOn(selector),
    say: (text) => this.say(text),
  };
  /** A ranked ballot's ranking: fetched as soon as the config says the ballot is ranked. */
  private readonly ranking = new BallotPart<RankingController>(
    this,
    this.i18n,
    // Its texts are the vote part's: it is drawn only inside the vote part's ballot step, so they are here by then.
    async () => new (await this.parts.ranking()).RankingController(this, this.i18n as unknown as LocalizeController<CommonMessages & BallotMessages & VoteMessages>, this.rankingHooks),
    { name: 'ranking', focusAfter: '.ranking-box h4', focus: (selector) => this.focusOn(selector) },
  );
  private readonly receiptHooks: ReceiptCheckHost = {
    backend: () => this.activeBackend,
    timeZone: () => this.config?.city.timeZone ?? 'UTC',
    focus: (selector) => this.focusOn(selector),
    say: (text) => this.say(text),
    report: (error) => this.reportError(error),
    errorText: (error) => this.i18n.t(this.errorKey(error) as 'error.generic'),
  };
  /** "Check my receipt": fetched when the resident opens it or reaches a step that shows it, or in idle time after the first step. */
  private readonly receiptCheck = new BallotPart<ReceiptCheckController>(
    this,
    this.i18n,
    async () => {
      const [module, words] = await Promise.all([this.parts.receiptCheck(), this.i18n.withPart(this.parts.receiptTexts)]);
      return new module.ReceiptCheckController(this, words, this.receiptHooks);
    },
    { name: 'receipt-check', focusAfter: '#receipt-code', focus: (selector) => this.focusOn(selector) },
  );

  private readonly sentHooks: SentHost = {
    heading: (text) => this.renderHeading(text),
    timeZone: () => this.config!.city.timeZone,
    verified: () => !!this.session,
    receiptCheck: (prefill) => this.renderReceiptCheck(prefill),
    say: (text) => this.say(text),
    sendNow: () => void this.outbox.current?.flush(),
    nextVoter: () => void this.handleNextVoter(),
    changeVote: () => this.handleChangeVote(),
    step: () => this.step,
    show: (step, focus) => (focus === null ? void (this.step = step) : this.goTo(step, focus)),
    dispatch: (event) => this.dispatchEvent(event),
    resetReceipt: () => this.receiptCheck.value?.reset(),
    restore: (draft) => (this.draft = draft),
    signOut: () => (this.session = null),
    discard: () => void this.outbox.current?.discard(),
    firstStep: (notice) => this.firstStep(notice),
    issues: () => (this.vote.value && this.config && this.projectsLoad.status === 'ready' ? this.vote.value.issues() : []),
  };
  /**
   * The outbox's code, with the steps only a cast ballot reaches (sending, waiting, refused, received) and their
   * texts in the language shown: fetched once the first step shows (which never waits for it), made into this load's
   * outbox when it arrives (`OutboxController`). What needs the outbox waits for it (`when`); a fetch that failed is
   * tried again then, and while a verified resident waits for it, the loading step says it did not come, with a retry.
   * Those steps are reached only through the outbox, so they find the part there (`SentSteps.follow` picks the step).
   */
  private readonly outboxCode = new BallotPart<{ Outbox: typeof Outbox; steps: SentSteps }>(
    this,
    this.i18n,
    async () => {
      const [module, words] = await Promise.all([this.parts.outbox(), this.i18n.withPart(this.parts.sentTexts)]);
      return { Outbox: module.Outbox, steps: new module.SentSteps(words, this.sentHooks) };
    },
    { name: 'outbox', focusAfter: '[data-step-heading]', focus: (selector) => this.focusOn(selector), ready: () => this.outbox.start() },
  );
  private readonly outbox = new OutboxController(this, {
    code: () => this.outboxCode.value?.Outbox,
    loadCode: () => void this.outboxCode.load(),
    options: () => {
      const backend = this.loadedFor;
      const config = this.config;
      if (!backend || backend !== this.activeBackend || config?.currentPhase !== 'voting') return null;
      return {
        backend,
        city: config.city.slug,
        cycleId: config.cycle.id,
        ...(this.outboxStorage ? { storage: this.outboxStorage } : {}),
        ...(this.retryDelays ? { retryDelays: this.retryDelays } : {}),
      };
    },
    changed: (snapshot) => this.outboxCode.value?.steps.follow(snapshot),
    opened: (outbox) => {
      const entry = outbox.snapshot.entry;
      if (entry && entry.status !== 'failed') this.showKept(outbox.snapshot);
      this.whenIdle(() => this.receiptCheck.want());
    },
    failed: (error) => (this.step = { step: 'error', error: this.reportError(error) }),
  });

  /** The step shown, with its own data (see `Step`). */
  @state() private step: Step = { step: 'loading' };
  @state() private projects: Proposal[] = [];
  /** Where the ballot's projects stand: they load beside the first steps and are needed from the ballot step on. */
  @state() private projectsLoad: ProjectsLoad = { status: 'loading' };
  @state() private draft: BallotDraft = {};
  /** The outbox is taking a ballot (from the review's button): a second press waits. */
  @state() private submitting = false;

  /** Where the outbox keeps a ballot until it is sent; defaults to IndexedDB. A host may pass its own. */
  @property({ attribute: false }) outboxStorage?: OutboxStorage;

  /** @internal How the ballot fetches its rarely used parts; tests replace them to fail or delay a load. */
  @property({ attribute: false }) parts: BallotParts = { ...ballotParts };

  /** Outbox retry waits in ms (tests shorten them). */
  @property({ attribute: false }) retryDelays?: number[];

  private session: VoterSession | null = null;
  private location: GeoPoint | null = null;
  private byId = new Map<string, BallotProject>();
  private focusSelector: string | null = null;
  /** The resident pressed the load error's retry: the focus follows to what the retry brings. */
  private focusAfterRetry = false;
  /** The page is going to the identity provider on purpose: no "leave the page?" prompt. */
  private leaving = false;
  private loadedFor: Backend | null = null;
  /** The projects' load in flight: a newer load (another backend or config, a retry) aborts it and ignores its answer. */
  private projectsRequest: AbortController | null = null;
  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (this.leaving || !this.hasUnsavedWork) return;
    event.preventDefault();
    event.returnValue = '';
  };

  private get config(): CityConfig | undefined {
    return this.cfg.config;
  }

  /** Whether the resident has started choosing (`draftTouched` of the editing rules, which this chunk does not hold). */
  private get draftTouched(): boolean {
    return Object.values(this.draft).some((picks) => picks.length > 0);
  }

  /** A half-made ballot or one not yet sent: leaving now would lose it or leave it waiting. */
  get hasUnsavedWork(): boolean {
    // `submitting`: a ballot the outbox is taking, or that waits for the outbox to come.
    if (this.outbox.current?.hasUnsent || this.submitting) return true;
    const { step } = this.step;
    return (step === 'ballot' || step === 'review' || step === 'verify') && this.draftTouched;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.projectsRequest?.abort();
    this.projectsRequest = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const backend = this.activeBackend;
    this.cfg.use(backend);
    if (!backend) return;
    if (this.cfg.state.status === 'error' && this.step.step !== 'error') this.step = { step: 'error', error: null };
    else if (this.cfg.state.status === 'loading' && this.step.step !== 'loading') this.step = { step: 'loading' };
    const steps = changed as Map<PropertyKey, unknown>;
    // A step is new when its name changes: the same step with new data (issues, an outbox state) is not.
    const before = (steps.get('step') as Step | undefined)?.step;
    if (!steps.has('step') || before === this.step.step) return;
    if (this.step.step === 'ballot') this.vote.value?.drawFromStart();
    // The vote part fetched in the background while the resident verified did not come (a dropped connection):
    // reaching the ballot asks once more before showing the failure and its retry.
    if (this.step.step === 'ballot' && this.vote.value === undefined && this.vote.failed) void this.vote.load();
    if (this.step.step === 'verify') this.verification.begin();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.focusSelector) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.focusSelector);
      this.focusSelector = null;
      target?.focus();
    }
    if (this.focusAfterRetry && this.step.step !== 'loading') {
      this.focusAfterRetry = false;
      const root = this.renderRoot;
      (root.querySelector<HTMLElement>('.notice.error ~ .row button.primary') ?? root.querySelector<HTMLElement>('[data-step-heading]'))?.focus();
    }
    const shown = this.step.step;
    if (shown === 'ballot') this.vote.value?.drawMore();
    // The first step is drawn: the vote part comes now, while the resident verifies (a failed fetch waits for the retry).
    // The outbox's code too, asked first: it is small, and a ballot this device keeps shows once it has come.
    if (shown !== 'loading' && shown !== 'error' && shown !== 'closed') {
      this.outboxCode.want();
      this.vote.want();
    }
    // A step that shows the receipt check: it comes now (if the idle prefetch has not brought it).
    if (this.step.step === 'voted' || this.step.step === 'done' || this.step.step === 'closed') this.receiptCheck.want();
    this.verification.setTicking(this.step.step === 'verify' && this.verification.ticking);
  }

  // ——— loading ———

  private handleConfig(config: CityConfig): void {
    this.i18n.setOverrides(config.city.messages);
    // Fetched while the resident verifies: the ballot step never waits for it.
    if (config.currentPhase === 'voting' && config.cycle.ballot.kind === 'ranked') void this.ranking.load();
    if (config.currentPhase === 'voting') this.verification.configured(config);
    void this.load(config);
  }

  private async load(config: CityConfig): Promise<void> {
    const backend = this.activeBackend;
    if (!backend) return;
    this.loadedFor = backend;
    if (config.currentPhase !== 'voting') {
      this.step = { step: 'closed' };
      return;
    }
    // What waited for the earlier load's outbox is for another city or cycle: it stops (the choices stay in the draft).
    this.outbox.reset();
    // The projects are needed only from the ballot step on: the first step does not wait a round trip for them.
    void this.loadProjects(backend, config);
    // Nor for the outbox's code or IndexedDB (tens of ms on a phone, more on a first visit): the first step shows
    // now, and gives way to a ballot this device keeps, if there is one, when the outbox has read it (`showKept`).
    this.step = this.firstStep();
    // Made now if its code is here (a load after the first), else when it arrives.
    this.outbox.start();
  }

  /**
   * A ballot this device keeps (on its way, waiting, or sent) is what a returning resident sees: the first step,
   * drawn before the outbox had read it, gives way to it. If the resident had not touched that step, silently (a
   * widget takes no focus on page load); if they were in it, focus moves to the new step's heading, which screen
   * readers then read. If their verification is already under way (a code asked for, a sign-in), it goes on, and
   * its end finds the kept ballot (`handleVerified`).
   */
  private showKept(snapshot: OutboxSnapshot): void {
    const step = this.step;
    const untouched = step.step === 'verify' ? !this.verification.started : step.step === 'location' && !step.locating;
    if (!untouched) return;
    const focused = !!this.shadowRoot?.activeElement;
    this.outboxCode.value?.steps.follow(snapshot, true);
    if (focused) this.focusOn('[data-step-heading]');
  }

  /** Runs `task` once the page is idle (after the first step has drawn). */
  private whenIdle(task: () => void): void {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 3000 });
    else setTimeout(task, 500);
  }

  /** Loads the ballot's projects for `config`, unless a newer load (or the widget's end) overtakes it. */
  private async loadProjects(backend: Backend, config: CityConfig): Promise<void> {
    this.projectsRequest?.abort();
    const request = new AbortController();
    this.projectsRequest = request;
    this.projects = [];
    this.byId = new Map();
    this.projectsLoad = { status: 'loading' };
    const current = () => this.projectsRequest === request && this.loadedFor === backend && this.config === config;
    try {
      const projects = await loadBallotProjects(backend, config, request.signal);
      if (!current()) return;
      this.projects = projects;
      this.byId = new Map(projects.map((p) => [p.id, { id: p.id, cost: p.finalCost ?? p.estimatedCost, poolId: p.poolId! }]));
      // Picks restored before the projects came (a ballot stored on the server) keep only projects on this ballot.
      this.draft = Object.fromEntries(Object.entries(this.draft).map(([poolId, picks]) => [poolId, picks.filter((p) => this.byId.has(p.projectId))]));
      this.projectsLoad = { status: 'ready' };
      this.announceBallot();
    } catch (error) {
      if (!current()) return;
      this.projectsLoad = { status: 'error', error: this.reportError(error) };
    } finally {
      if (this.projectsRequest === request) this.projectsRequest = null;
    }
  }

  /** A resident waiting on the ballot step hears that it is there (its projects and the vote part both came). */
  private announceBallot(): void {
    const vote = this.vote.value;
    if (vote && this.step.step === 'ballot' && this.projectsLoad.status === 'ready') this.say(vote.ruleText());
  }

  /** The retry of the ballot step's load error: the projects again, the verified session and the choices kept. */
  private handleRetryProjects(): void {
    const backend = this.activeBackend;
    const config = this.config;
    if (!backend || !config || this.loadedFor !== backend) return;
    void this.loadProjects(backend, config);
    this.focusOn('[data-step-heading]');
  }

  /** Where a resident starts: the residence check where the city asks for it, else verification; `notice` says why they start again. */
  private firstStep(notice: Words | null = null): Step {
    return this.config?.cycle.eligibility.residence === 'geolocation' && !this.location
      ? { step: 'location', locating: false, error: null, notice }
      : { step: 'verify', notice };
  }

  /** The server's clock now: the config's `serverTime` moved on by the time since it arrived. */
  private serverNow(): Date {
    return this.cfg.serverNow();
  }

  /** Focus moves to `selector` after the next render. */
  private focusOn(selector: string): void {
    this.focusSelector = selector;
    this.requestUpdate();
  }

  private goTo(step: Step, focus = '[data-step-heading]'): void {
    this.step = step;
    this.focusSelector = focus;
  }

  /** New data for the step shown, if it is still `name` (an answer may arrive after the resident moved on). */
  private patch<N extends StepName>(name: N, data: Partial<StepOf<N>>): void {
    if (this.step.step === name) this.step = { ...this.step, ...data } as Step;
  }

  private say(text: string): void {
    this.announcer.say(text);
  }

  private handleRetryLoad(): void {
    // The button goes with the error: once the retry's answer is drawn, the focus goes to it (the new retry, or the step's heading).
    this.focusAfterRetry = true;
    if (this.cfg.state.status === 'error') this.cfg.retry();
    else if (this.config) void this.load(this.config);
  }

  private readonly handleReceiptToggle = (event: Event): void => {
    if ((event.currentTarget as HTMLDetailsElement).open) void this.receiptCheck.load();
  };

  // ——— verification ———

  private async handleLocate(): Promise<void> {
    const step = this.step;
    if (step.step !== 'location' || step.locating) return;
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      this.patch('location', { error: () => this.i18n.t('location.unsupported') });
      this.focusSelector = '#step-error';
      return;
    }
    this.patch('location', { error: null, locating: true });
    try {
      const position = await new Promise<GeolocationPosition>((resolve, reject) =>
        navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 }),
      );
      this.location = { lat: position.coords.latitude, lng: position.coords.longitude };
      this.goTo({ step: 'verify', notice: step.notice });
    } catch (error) {
      const code = (error as GeolocationPositionError | undefined)?.code;
      this.patch('location', { error: () => this.i18n.t(code === 1 ? 'location.denied' : 'location.unavailable'), locating: false });
      this.focusSelector = '#step-error';
    }
  }

  private handleVerified(session: VoterSession): void {
    // What this device keeps decides the next step: a verification faster than the outbox's code or IndexedDB
    // waits for the outbox (loading, not the verification's form again).
    const outbox = this.outbox.ready;
    if (!outbox) {
      this.step = { step: 'loading' };
      void this.outbox.when().then((ready) => ready && this.handleVerified(session));
      return;
    }
    // The location was for this one check.
    this.location = null;
    this.session = session;
    const stored = session.receipt;
    // A second device continues from the stored ballot, unless this one already holds choices of its own.
    if (stored?.choices && this.config?.cycle.revote === 'until_close' && !this.draftTouched) {
      // Projects still loading: their arrival drops the picks that are not on this ballot.
      const ready = this.projectsLoad.status === 'ready';
      this.draft = Object.fromEntries(stored.choices.map((c) => [c.poolId, c.picks.filter((p) => !ready || this.byId.has(p.projectId))]));
    }
    if (stored && !outbox.hasUnsent) {
      this.receiptCheck.value?.reset();
      this.goTo({ step: 'voted', receipt: { receiptCode: stored.receiptCode, castAt: stored.castAt, changeableUntil: stored.changeableUntil } });
    } else if (outbox.hasUnsent) {
      this.goTo({ step: 'queued', outbox: outbox.snapshot });
    } else {
      this.goTo({ step: 'ballot', issues: [], error: null });
    }
  }

  // ——— ballot editing ———

  private setPicks(poolId: string, picks: BallotPick[]): void {
    this.draft = { ...this.draft, [poolId]: picks };
    const step = this.step;
    if (step.step === 'ballot' && step.issues.length) this.step = { ...step, issues: step.issues.filter((i) => i.poolId !== poolId && i.poolId !== null) };
  }

  /** The review's "Send" (the vote part checked the ballot and asked the host page): the outbox takes the ballot. */
  private async handleSubmit(ballot: BallotInput): Promise<void> {
    const session = this.session;
    if (this.step.step !== 'review' || !session || this.submitting) return;
    this.submitting = true;
    try {
      // The outbox is here by the review (the verification waited for it), unless the widget was moved on the page
      // since: then the review waits, its button pressed, until the outbox has opened again (never a lost ballot).
      const outbox = this.outbox.ready ?? (await this.outbox.when());
      if (!outbox) return;
      this.goTo({ step: 'sending', outbox: outbox.snapshot });
      await outbox.submit(ballot, { token: session.token, expiresAt: session.expiresAt });
    } finally {
      this.submitting = false;
    }
  }

  private handleChangeVote(): void {
    this.receiptCheck.value?.reset();
    if (this.session) this.goTo({ step: 'ballot', issues: [], error: null });
    else {
      void this.outbox.current?.discard();
      this.goTo(this.firstStep());
    }
  }

  private async handleNextVoter(): Promise<void> {
    await this.outbox.current?.discard();
    this.session = null;
    this.draft = {};
    this.receiptCheck.value?.reset();
    this.goTo(this.firstStep());
  }

  // ——— text helpers ———

  /** A pool's picks in the draft (`picksOf` of the editing rules). */
  private picksOf(poolId: string): readonly BallotPick[] {
    return this.draft[poolId] ?? [];
  }

  private titleOf(projectId: string): string {
    return this.projects.find((p) => p.id === projectId)?.title ?? projectId;
  }

  private zoneLabel(): string {
    const config = this.config!;
    return this.i18n.t('time.cityZone', { city: config.city.name[this.i18n.locale] });
  }

  // ——— render ———

  override render(): TemplateResult {
    if (!this.i18n.ready) return textsPending(this.i18n);
    return html`
      ${this.announcer.render()}
      ${this.renderView()}
    `;
  }

  private renderView(): TemplateResult | typeof nothing {
    if (!this.activeBackend) return html`<p class="notice error" role="alert">${this.i18n.t('error.noBackend')}</p>`;
    const step = this.step;
    switch (step.step) {
      case 'loading':
        return this.renderLoading();
      case 'error':
        return this.renderLoadError(step);
      case 'closed':
        return this.renderClosed();
      case 'location':
        return this.renderLocation(step);
      case 'verify':
        return this.verification.render(step.notice);
      case 'voted':
        return this.renderVoted(step);
      case 'ballot':
        return this.renderBallot(step);
      case 'review':
        return this.renderReview(step);
      case 'sending':
      case 'queued':
      case 'failed':
        return this.outboxCode.value?.steps.renderSending(step) ?? this.renderOutboxLoading();
      case 'done':
        return this.outboxCode.value?.steps.renderDone(step) ?? this.renderOutboxLoading();
    }
  }

  private renderReceiptCheck(prefill: string): TemplateResult {
    return this.receiptCheck.value?.render(prefill) ?? this.receiptCheck.placeholder();
  }

  private renderRanking(pool: Pool, picks: readonly BallotPick[]): TemplateResult {
    return this.ranking.value?.render(pool, picks) ?? html`<div class="ranking-box">${this.ranking.placeholder()}</div>`;
  }

  private renderHeading(text: string): TemplateResult {
    return html`<h2 part="heading" data-step-heading tabindex="-1">${text}</h2>`;
  }

  private renderStepError(error: Words | null): TemplateResult | typeof nothing {
    return error ? html`<p id="step-error" class="notice error" role="alert" tabindex="-1">${error()}</p>` : nothing;
  }

  private renderCycleTitle(): TemplateResult | typeof nothing {
    const config = this.config;
    if (!config) return nothing;
    return html`<p class="eyebrow">${config.cycle.title[this.i18n.locale]} · ${config.city.name[this.i18n.locale]}</p>`;
  }

  private renderLoading(): TemplateResult {
    // A verified resident waiting for the outbox's code: where it is, and a retry when it could not come.
    if (this.outbox.waiting && !this.outboxCode.value && (this.outboxCode.failed || this.outboxCode.loading)) return this.renderOutboxLoading();
    return html`<section part="step" class="stack" aria-busy="true">
      <p class="sr-only">${this.i18n.t('loading')}</p>
      <div class="skeleton sk-title"></div>
      <div class="skeleton sk-block"></div>
      <div class="skeleton sk-block"></div>
    </section>`;
  }

  private renderLoadError(step: StepOf<'error'>): TemplateResult {
    const error = this.cfg.state.status === 'error' ? this.cfg.state.error : step.error;
    return html`<section part="step" class="stack">
      ${this.renderHeading(this.i18n.t('load.failed'))}
      <p class="notice error" role="alert">${error ? this.i18n.t(this.errorKey(error) as 'error.generic') : this.i18n.t('error.generic')}</p>
      <div class="row"><button class="primary" @click=${this.handleRetryLoad}>${this.i18n.t('retry')}</button></div>
    </section>`;
  }

  private renderClosed(): TemplateResult {
    const config = this.config!;
    const voting = config.cycle.phases.voting;
    const when = windowState(config.cycle, 'voting', this.cfg.serverNow());
    const tz = config.city.timeZone;
    return html`<section part="step" class="stack">
      ${this.renderCycleTitle()}
      ${this.renderHeading(this.i18n.t(when === 'before' ? 'closed.beforeTitle' : 'closed.afterTitle'))}
      <p>
        ${when === 'before'
          ? this.i18n.t('closed.before', { start: this.i18n.dateTime(voting.start, tz), end: this.i18n.until(voting.end, tz) })
          : when === 'after'
            ? this.i18n.t('closed.after', { end: this.i18n.until(voting.end, tz) })
            : this.i18n.t('error.phase_closed')}
      </p>
      <p class="hint">${this.zoneLabel()}</p>
      ${when === 'after' ? html`<p>${this.i18n.t('closed.results', { date: this.i18n.date(config.cycle.phases.results.start, tz) })}</p>` : nothing}
      ${when === 'after' ? this.renderReceiptCheck('') : nothing}
    </section>`;
  }

  private renderIntro(): TemplateResult {
    const config = this.config!;
    return html`${this.renderCycleTitle()}
      <p class="hint">${this.i18n.t('intro.closes', { end: this.i18n.until(config.cycle.phases.voting.end, config.city.timeZone), zone: this.zoneLabel() })}</p>`;
  }

  private renderLocation(step: StepOf<'location'>): TemplateResult {
    const config = this.config!;
    return html`<section part="step" class="stack">
      ${this.renderIntro()} ${this.renderHeading(this.i18n.t('location.title'))}
      <p>${this.i18n.t('location.why', { city: config.city.name[this.i18n.locale] })}</p>
      <p class="hint">${this.i18n.t('location.privacy')}</p>
      ${this.renderStepError(step.error)}
      <div class="row">
        <button class="primary" ?disabled=${step.locating} @click=${this.handleLocate}>${step.locating ? this.i18n.t('location.locating') : this.i18n.t('location.share')}</button>
      </div>
    </section>`;
  }

  private renderVoted({ receipt }: StepOf<'voted'>): TemplateResult {
    const tz = this.config!.city.timeZone;
    const changeable = receipt?.changeableUntil && Date.parse(receipt.changeableUntil) > Date.now();
    return html`<section part="step" class="stack">
      ${this.renderHeading(this.i18n.t('voted.title'))}
      ${receipt
        ? html`<p>${this.i18n.t('voted.when', { at: this.i18n.dateTime(receipt.castAt, tz) })}</p>
            <p>${this.i18n.t('done.receiptLabel')} <strong part="receipt" class="receipt">${receipt.receiptCode}</strong></p>`
        : html`<p>${this.i18n.t('voted.noReceipt')}</p>`}
      <p>
        ${changeable
          ? this.i18n.t('done.changeable', { until: this.i18n.until(receipt!.changeableUntil!, tz) })
          : this.i18n.t('done.final')}
      </p>
      ${this.renderReceiptCheck(receipt?.receiptCode ?? '')}
      <div class="row">
        ${changeable ? html`<button class="primary" @click=${this.handleChangeVote}>${this.i18n.t('voted.change')}</button>` : nothing}
        <button @click=${this.handleNextVoter}>${this.i18n.t('done.nextVoter')}</button>
      </div>
    </section>`;
  }

  /**
   * The ballot step; until its projects and the vote part are there, their loading state, or the error of
   * whichever could not come, with its retry (the heading stays one element, so focus on it stays).
   */
  private renderBallot(step: StepOf<'ballot'>): TemplateResult {
    const load = this.projectsLoad;
    const vote = this.vote.value;
    const voteFailed = !vote && this.vote.failed && load.status !== 'error';
    return html`<section part="step" class="stack" aria-busy=${load.status === 'loading' || (!vote && !voteFailed) ? 'true' : 'false'}>
      ${this.renderCycleTitle()} ${this.renderHeading(this.i18n.t(load.status === 'error' ? 'load.failed' : 'ballot.title'))}
      ${load.status === 'error'
        ? html`<p class="notice error" role="alert">${this.i18n.t(this.errorKey(load.error) as 'error.generic')}</p>
            <div class="row"><button class="primary" @click=${this.handleRetryProjects}>${this.i18n.t('retry')}</button></div>`
        : voteFailed
          ? this.vote.placeholder()
          : load.status === 'ready' && vote
            ? vote.renderChoices(step)
            : this.renderStepLoading()}
    </section>`;
  }

  private renderStepLoading(): TemplateResult {
    return html`<p class="sr-only">${this.i18n.t('loading')}</p>
      <div class="skeleton sk-block"></div>
      <div class="skeleton sk-block"></div>`;
  }

  /** The review; it is reached from the ballot step, so the vote part is there (the loading state is a safeguard). */
  private renderReview(step: StepOf<'review'>): TemplateResult {
    return (
      this.vote.value?.renderReview(step) ??
      html`<section part="step" class="stack" aria-busy="true">${this.renderHeading(this.i18n.t('ballot.title'))} ${this.renderStepLoading()}</section>`
    );
  }

  /** The outbox's part on its way, or why it is not there with a retry (the steps of a cast ballot are in it). */
  private renderOutboxLoading(): TemplateResult {
    return html`<section part="step" class="stack" aria-busy=${this.outboxCode.failed ? 'false' : 'true'}>${this.outboxCode.placeholder()}</section>`;
  }
}
