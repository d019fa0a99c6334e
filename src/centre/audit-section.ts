import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { AuditEntry } from '../contract/index.js';
import type { CentreContext, CentreSection } from './section.js';

const KNOWN = new Set([
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
]);

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

  private describe(ctx: CentreContext, e: AuditEntry): string {
    const { i18n } = ctx;
    const what = KNOWN.has(e.action) ? i18n.t(`audit.${e.action}` as 'audit.proposal.status') : e.action;
    const target = e.target ? (ctx.proposals.find((p) => p.id === e.target)?.title ?? e.target) : null;
    return target ? `${what}: ${target}` : what;
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
                <span>${i18n.dateTime(e.at, config.city.timeZone)}</span> · <strong class="user-text">${e.actor}</strong> ·
                <span class="user-text">${this.describe(ctx, e)}</span>
              </li>`,
            )}
          </ol>`}
      ${this.cursor || ctx.actions.error('audit-more') ? ctx.actions.control('audit-more', i18n.t('showMore'), () => void this.load(ctx)) : ctx.actions.message('audit-more')}
    </section>`;
  }
}
