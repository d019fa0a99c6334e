import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { AuditEntry, PhaseName } from '../contract/index.js';
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
    });
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
    const target = !e.target
      ? null
      : e.action.startsWith('phase.') && PHASES.includes(e.target)
        ? phaseName(i18n, e.target as PhaseName)
        : e.target === ctx.config.cycle.id
          ? ctx.config.cycle.title[ctx.locale]
          : (ctx.proposals.find((p) => p.id === e.target)?.title ?? ctx.council.ready?.staff.find((s) => s.id === e.target)?.name ?? e.target);
    const text = target ? `${what}: ${target}` : what;
    return typeof expert === 'string' ? `${text} (${expert})` : text;
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
