import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { AuditEntry, PhaseName } from '../contract/index.js';
import { ImplementationApi } from './implementation-data.js';
import { actorName, phaseName } from './labels.js';
import type { CentreContext, CentreSection } from './section.js';

/** Audit actions the log words in every language (any other shows its own name). */
export const KNOWN_ACTIONS: ReadonlySet<string> = new Set([
  'proposal.status',
  'proposal.cost',
  'proposal.merge',
  'proposal.ballot',
  'proposal.visibility',
  'phase.open',
  'phase.close',
  'ballots.paper',
  'results.apply',
  'export.pb',
  'voter_list.replace',
  'voter_list.amend',
  'voter_list.remove',
  'voter_list.delete',
  'voter_list.deleted_after_voting',
  'staff.invite',
  'staff.accept',
  'staff.sign_in',
  'staff.update',
  'staff.revoke',
  'staff.reinvite',
  'assessment.assign',
  'assessment.unassign',
  'assessment.record',
  'assessment.conflict',
  'proposal.decision',
  'proposal.resubmitted',
  'implementation.save',
  'implementation.update',
  'implementation.photo',
  'implementation.publish',
  'implementation.withdraw',
  'implementation.finish',
  'export.implementation_csv',
  'author_phones.deleted_after_cycle',
  'seed',
  'seed.ballots',
  'seed.results',
]);

const PHASES: readonly string[] = ['submission', 'review', 'voting', 'results', 'implementation'];

/** The audit log: who did what, when, newest first, in words (the action's own name only for one this page does not know). */
export class AuditSection implements CentreSection {
  readonly id = 'audit';
  private entries: AuditEntry[] = [];
  private cursor: string | null = null;
  private loadedFor = '';
  /**
   * Titles of projects of other cycles the log names (last cycle's winners being built), from the implementation
   * records: loaded once per city when the log names something the current cycle does not hold.
   */
  private others = new Map<string, string>();
  private othersFor = '';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  label(ctx: CentreContext): string {
    return ctx.i18n.t('nav.audit');
  }

  visible(ctx: CentreContext): boolean {
    return ctx.signed.role === 'coordinator';
  }

  reset(): void {
    this.entries = [];
    this.cursor = null;
    this.loadedFor = '';
    this.others = new Map();
    this.othersFor = '';
  }

  open(ctx: CentreContext): void {
    this.entries = [];
    this.cursor = null;
    this.loadedFor = ctx.city;
    void this.load(ctx);
  }

  private load(ctx: CentreContext): Promise<unknown> {
    return ctx.actions.run('audit-more', async () => {
      const page = await ctx.api.audit(ctx.city, this.cursor, 50);
      this.entries = [...this.entries, ...page.items];
      this.cursor = page.nextCursor;
      this.host.requestUpdate();
      if (page.items.some((e) => this.unknownTarget(ctx, e))) void this.loadOthers(ctx);
    });
  }

  /** A target the log names that nothing loaded names: an id it would show as it is. */
  private unknownTarget(ctx: CentreContext, e: AuditEntry): boolean {
    return !!e.target && this.targetName(ctx, e) === e.target;
  }

  private async loadOthers(ctx: CentreContext): Promise<void> {
    if (this.othersFor === ctx.city) return;
    this.othersFor = ctx.city;
    try {
      const list = await new ImplementationApi(ctx.api, ctx.city).list();
      if (this.othersFor !== ctx.city) return;
      this.others = new Map(list.items.map((r) => [r.projectId, r.title]));
      this.host.requestUpdate();
    } catch {
      // No records (a server without them, an expert): the ids stay, as before. A later page may try again.
      if (this.othersFor === ctx.city) this.othersFor = '';
    }
  }

  /** Who acted, by name: a person of the centre (the log keeps their id), the author, or the signed-in token's name. */
  private actor(ctx: CentreContext, e: AuditEntry): string {
    if (e.actor === 'author') return ctx.i18n.t('audit.actor.author');
    if (e.actor === ctx.signed.id) return ctx.signed.name;
    const staffId = e.actor.startsWith('staff:') ? e.actor.slice('staff:'.length) : null;
    if (!staffId) return actorName(ctx.i18n, e.actor);
    const by = (e.details as { by?: unknown }).by;
    return ctx.council.ready?.staff.find((s) => s.id === staffId)?.name ?? (typeof by === 'string' ? by : e.actor);
  }

  private describe(ctx: CentreContext, e: AuditEntry): string {
    const { i18n } = ctx;
    const what = KNOWN_ACTIONS.has(e.action) ? i18n.t(`audit.${e.action}` as 'audit.proposal.status') : e.action;
    const expert = (e.details as { expert?: unknown }).expert;
    const target = e.target ? this.targetName(ctx, e) : null;
    const text = target ? `${what}: ${target}` : what;
    return typeof expert === 'string' ? `${text} (${expert})` : text;
  }

  /** What an entry is about, in words: a phase, the cycle, a proposal (of this cycle or, built now, of another), a person; else its id. */
  private targetName(ctx: CentreContext, e: AuditEntry): string {
    const { i18n } = ctx;
    const target = e.target ?? '';
    if (e.action.startsWith('phase.') && PHASES.includes(target)) return phaseName(i18n, target as PhaseName);
    if (target === ctx.config.cycle.id) return ctx.config.cycle.title[ctx.locale];
    return ctx.proposals.find((p) => p.id === target)?.title ?? this.others.get(target) ?? ctx.council.ready?.staff.find((s) => s.id === target)?.name ?? target;
  }

  render(ctx: CentreContext): TemplateResult {
    const { i18n, config } = ctx;
    if (this.loadedFor !== ctx.city) this.open(ctx);
    return html`<section class="stack" aria-labelledby="audit-heading">
      <h2 id="audit-heading" tabindex="-1">${i18n.t('audit.title')}</h2>
      ${this.entries.length === 0 && !ctx.actions.isBusy('audit-more') && !ctx.actions.error('audit-more')
        ? html`<p class="notice">${i18n.t('audit.empty')}</p>`
        : html`<ol class="history audit">
            ${this.entries.map(
              (e) => html`<li>
                <span>${i18n.dateTime(e.at, config.city.timeZone)}</span> · <strong class="user-text">${this.actor(ctx, e)}</strong> ·
                <span class="user-text">${this.describe(ctx, e)}</span>
              </li>`,
            )}
          </ol>`}
      ${this.cursor || ctx.actions.error('audit-more') ? ctx.actions.control('audit-more', i18n.t('showMore'), () => void this.load(ctx)) : ctx.actions.message('audit-more')}
    </section>`;
  }
}
