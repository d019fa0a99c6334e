import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { PHASES, type AdminProposal, type CityConfig, type PhaseName } from '../contract/index.js';
import { windowState } from '../domain/phase.js';
import { actionId } from './action-controller.js';
import { phaseName } from './labels.js';
import { AWAITING } from './proposals-section.js';
import type { CentreContext, CentreSection } from './section.js';

export type PhaseAction = 'open' | 'close';

/** One consequence of a phase change, as a message key and its parameters. */
export type Consequence =
  | { key: 'csq.now' }
  | { key: 'csq.ends'; phases: PhaseName[] }
  | { key: 'csq.noSubmissions' }
  | { key: 'csq.awaiting'; n: number }
  | { key: 'csq.acceptedOff'; n: number }
  | { key: 'csq.emptyBallot' }
  | { key: 'csq.ballot'; n: number }
  | { key: 'csq.frozen' }
  | { key: 'csq.noMoreVotes' }
  | { key: 'csq.results' }
  | { key: 'csq.implementation' };

/**
 * What opening or closing a phase now does, in the order a person should read
 * it: which earlier phases end with it, proposals that would be left in review
 * (they will not be on the ballot), an empty ballot, the ballot being fixed.
 */
export function phaseConsequences(config: CityConfig, proposals: readonly AdminProposal[], phase: PhaseName, action: PhaseAction): Consequence[] {
  const now = new Date(config.serverTime);
  const out: Consequence[] = [{ key: 'csq.now' }];
  const ending: PhaseName[] = [];
  if (action === 'open') {
    for (const earlier of PHASES.slice(0, PHASES.indexOf(phase))) if (windowState(config.cycle, earlier, now) !== 'after') ending.push(earlier);
    if (ending.length) out.push({ key: 'csq.ends', phases: ending });
  }
  const closes = (p: PhaseName) => (action === 'close' && phase === p) || ending.includes(p);
  const reaches = (p: PhaseName) => (action === 'open' && PHASES.indexOf(phase) >= PHASES.indexOf(p)) || (action === 'close' && PHASES.indexOf(phase) + 1 === PHASES.indexOf(p));
  if (closes('submission')) out.push({ key: 'csq.noSubmissions' });
  const awaiting = proposals.filter((p) => AWAITING.includes(p.status)).length;
  const onBallot = proposals.filter((p) => p.status === 'on_ballot').length;
  const votingStarts = reaches('voting') && windowState(config.cycle, 'voting', now) === 'before';
  if ((closes('review') || votingStarts) && awaiting > 0) out.push({ key: 'csq.awaiting', n: awaiting });
  if (votingStarts) {
    const accepted = proposals.filter((p) => p.status === 'accepted').length;
    if (accepted > 0) out.push({ key: 'csq.acceptedOff', n: accepted });
    out.push(onBallot === 0 ? { key: 'csq.emptyBallot' } : { key: 'csq.ballot', n: onBallot });
    out.push({ key: 'csq.frozen' });
  }
  if (closes('voting')) out.push({ key: 'csq.noMoreVotes' });
  if (action === 'open' && phase === 'results') out.push({ key: 'csq.results' });
  if (action === 'open' && phase === 'implementation') out.push({ key: 'csq.implementation' });
  return out;
}

/** The cycle's phases as cards (no table to cut off on a phone), each with its open/close action behind a confirmation. */
export class PhasesSection implements CentreSection {
  readonly id = 'phases';
  private pending: { phase: PhaseName; action: PhaseAction } | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  label(ctx: CentreContext): string {
    return ctx.i18n.t('nav.phases');
  }

  visible(ctx: CentreContext): boolean {
    return ctx.signed.role === 'coordinator';
  }

  reset(): void {
    this.pending = null;
  }

  private get dialog(): HTMLDialogElement | null {
    return this.host.shadowRoot?.querySelector<HTMLDialogElement>('#phase-dialog') ?? null;
  }

  private ask(phase: PhaseName, action: PhaseAction): void {
    this.pending = { phase, action };
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      const dialog = this.dialog;
      if (dialog && !dialog.open) dialog.showModal();
      this.host.shadowRoot?.querySelector<HTMLElement>('#phase-cancel')?.focus();
    });
  }

  private closed(ctx: CentreContext, confirmed: boolean): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    const dialog = this.dialog;
    if (dialog?.open) dialog.close();
    this.host.requestUpdate();
    const key = `phase-${pending.phase}`;
    if (!confirmed) {
      void this.host.updateComplete.then(() => ctx.actions.focus(key));
      return;
    }
    void ctx.actions
      .run(
        key,
        async () => {
          ctx.setConfig(await ctx.api.phase(ctx.city, pending));
          await ctx.reload();
        },
        () => ctx.i18n.t(pending.action === 'open' ? 'phases.opened' : 'phases.closed', { phase: phaseName(ctx.i18n, pending.phase) }),
      )
      .then(() => {
        if (ctx.actions.error(key)) return;
        // The phase's button may be gone (a closed phase has none): then the focus goes to its card's heading.
        const root = this.host.shadowRoot!;
        (root.querySelector<HTMLElement>(`#${actionId(key)}`) ?? root.querySelector<HTMLElement>(`#phase-${pending.phase}-heading`))?.focus();
      });
  }

  render(ctx: CentreContext): TemplateResult {
    const { i18n, config } = ctx;
    const now = new Date(config.serverTime);
    return html`<section class="stack" aria-labelledby="phases-heading">
      <h2 id="phases-heading" tabindex="-1">${i18n.t('phases.title')}</h2>
      <p class="muted">${i18n.t('phases.lead', { zone: config.city.timeZone, phase: phaseName(i18n, config.currentPhase) })}</p>
      <ol class="phases">
        ${PHASES.map((phase) => {
          const w = config.cycle.phases[phase];
          const state = windowState(config.cycle, phase, now);
          const action: PhaseAction | null = state === 'before' ? 'open' : state === 'open' ? 'close' : null;
          const key = `phase-${phase}`;
          return html`<li class="card stack phase">
            <h3 id=${`phase-${phase}-heading`} tabindex="-1">${phaseName(i18n, phase)}</h3>
            <p>
              <span class=${`badge state-${state}`}>${i18n.t(`phaseState.${state}`)}</span>
              ${i18n.t('phases.window', { from: i18n.dateTime(w.start, config.city.timeZone), until: i18n.dateTime(w.end, config.city.timeZone) })}
            </p>
            ${action
              ? ctx.actions.control(key, i18n.t(action === 'open' ? 'phases.open' : 'phases.close', { phase: phaseName(i18n, phase) }), () => this.ask(phase, action))
              : ctx.actions.message(key)}
          </li>`;
        })}
      </ol>
      ${this.renderDialog(ctx)}
    </section>`;
  }

  private renderDialog(ctx: CentreContext): TemplateResult {
    const { i18n } = ctx;
    const pending = this.pending;
    const consequences = pending ? phaseConsequences(ctx.config, ctx.proposals, pending.phase, pending.action) : [];
    const name = pending ? phaseName(i18n, pending.phase) : '';
    return html`<dialog
      id="phase-dialog"
      aria-labelledby="phase-dialog-title"
      aria-describedby="phase-dialog-consequences"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.closed(ctx, false);
      }}
    >
      ${pending
        ? html`<form
            method="dialog"
            class="stack"
            @submit=${(e: Event) => {
              e.preventDefault();
              this.closed(ctx, true);
            }}
          >
            <h2 id="phase-dialog-title">${i18n.t(pending.action === 'open' ? 'confirm.openTitle' : 'confirm.closeTitle', { phase: name })}</h2>
            <ul id="phase-dialog-consequences" class="consequences">
              ${consequences.map((c) => html`<li class=${c.key === 'csq.emptyBallot' || c.key === 'csq.awaiting' || c.key === 'csq.acceptedOff' ? 'warning' : ''}>${this.consequence(ctx, c)}</li>`)}
            </ul>
            <div class="actions-row">
              <button type="button" id="phase-cancel" @click=${() => this.closed(ctx, false)}>${i18n.t('cancel')}</button>
              <button type="submit" class="primary" id="phase-confirm">${i18n.t(pending.action === 'open' ? 'confirm.open' : 'confirm.close', { phase: name })}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  private consequence(ctx: CentreContext, c: Consequence): string {
    const { i18n } = ctx;
    switch (c.key) {
      case 'csq.ends':
        return i18n.t('csq.ends', { phases: c.phases.map((p) => phaseName(i18n, p)).join(', ') });
      case 'csq.awaiting':
        return i18n.t('csq.awaiting', { n: c.n });
      case 'csq.ballot':
        return i18n.t('csq.ballot', { n: c.n });
      case 'csq.acceptedOff':
        return i18n.t('csq.acceptedOff', { n: c.n });
      default:
        return i18n.t(c.key);
    }
  }
}
