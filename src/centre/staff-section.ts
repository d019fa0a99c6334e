import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { STAFF_ROLES, type StaffInvitation, type StaffMember, type StaffRole } from '../contract/index.js';
import { renderCouncilFailed } from './council-panels.js';
import type { CentreContext, CentreSection } from './section.js';

function fields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === 'string') out[k] = v.trim();
  return out;
}

/** The city's people (coordinators): invite an expert or a coordinator, hand them the link, revoke at once, invite again. */
export class StaffSection implements CentreSection {
  readonly id = 'staff';
  /** The last invitation made: its link is shown once, to hand to the person. */
  private invitation: StaffInvitation | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  label(ctx: CentreContext): string {
    return ctx.i18n.t('nav.staff');
  }

  visible(ctx: CentreContext): boolean {
    return ctx.signed.role === 'coordinator' && ctx.council.state.status !== 'absent';
  }

  reset(): void {
    this.invitation = null;
  }

  private shown(invitation: StaffInvitation): void {
    this.invitation = invitation;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>('#invite-link')?.focus());
  }

  render(ctx: CentreContext): TemplateResult {
    const { i18n, actions } = ctx;
    const staff = ctx.council.ready?.staff ?? [];
    const submit = (e: Event) => {
      e.preventDefault();
      const form = e.currentTarget as HTMLFormElement;
      const f = fields(form);
      void actions.run(
        'invite',
        async () => {
          const invitation = await ctx.api.invite(ctx.city, { name: f.name ?? '', organisation: f.organisation ?? '', role: f.role as StaffRole, contact: f.contact ?? '' });
          form.reset();
          // The link is shown once: before the reload, so that nothing after the invitation can lose it.
          this.shown(invitation);
          await ctx.reload();
        },
        () => i18n.t('invite.done'),
      );
    };
    return html`<section class="stack" aria-labelledby="staff-heading">
      <h2 id="staff-heading" tabindex="-1">${i18n.t('staff.title')}</h2>
      <p class="muted">${i18n.t('staff.lead')}</p>
      ${ctx.council.state.status === 'loading' ? html`<p class="muted" aria-busy="true">${i18n.t('loading')}</p>` : nothing}
      ${ctx.council.state.status === 'error' ? renderCouncilFailed(ctx, 'staff', i18n.t('council.staffFailed'), ['#staff-heading']) : nothing}
      ${staff.length === 0 && ctx.council.state.status === 'ready' ? html`<p class="notice">${i18n.t('staff.empty')}</p>` : nothing}
      <ul class="cards">
        ${staff.map((m) => this.renderMember(ctx, m))}
      </ul>
      <section class="card stack" aria-labelledby="invite-heading">
        <h3 id="invite-heading">${i18n.t('invite.title')}</h3>
        <form class="stack" @submit=${submit}>
          <div class="field">
            <label for="invite-name">${i18n.t('invite.name')}</label>
            <input id="invite-name" name="name" type="text" required minlength="2" maxlength="120" autocomplete="off" />
          </div>
          <div class="field">
            <label for="invite-organisation">${i18n.t('invite.organisation')}</label>
            <input id="invite-organisation" name="organisation" type="text" required minlength="2" maxlength="200" autocomplete="off" />
          </div>
          <fieldset class="stack">
            <legend>${i18n.t('invite.role')}</legend>
            ${STAFF_ROLES.map((r) => html`<label class="choice"><input type="radio" name="role" value=${r} ?checked=${r === 'expert'} /> ${i18n.t(`roleName.${r}`)}</label>`)}
          </fieldset>
          <div class="field">
            <label for="invite-contact">${i18n.t('invite.contact')}</label>
            <input id="invite-contact" name="contact" type="text" required maxlength="254" autocomplete="off" spellcheck="false" aria-describedby="invite-contact-hint" />
            <span class="hint" id="invite-contact-hint">${i18n.t('invite.contactHint')}</span>
          </div>
          ${actions.control('invite', i18n.t('invite.save'), null, { type: 'submit', primary: true })}
        </form>
        ${this.invitation
          ? html`<div class="notice success stack">
              <label for="invite-link">${i18n.t('invite.link', { name: this.invitation.member.name })}</label>
              <input id="invite-link" type="text" readonly .value=${this.invitation.inviteUrl} aria-describedby="invite-link-hint" @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
              <span class="hint" id="invite-link-hint">${i18n.t('invite.linkHint', { date: i18n.dateTime(this.invitation.expiresAt, ctx.config.city.timeZone) })}</span>
            </div>`
          : nothing}
      </section>
    </section>`;
  }

  private renderMember(ctx: CentreContext, m: StaffMember): TemplateResult {
    const { i18n, actions, config } = ctx;
    const tz = config.city.timeZone;
    const revokeKey = `revoke-${m.id}`;
    const reinviteKey = `reinvite-${m.id}`;
    return html`<li class="card stack member">
      <h3 class="user-text">${m.name}</h3>
      <p class="user-text muted">${m.organisation}</p>
      <p class="facts">
        <span class="badge">${i18n.t(`roleName.${m.role}`)}</span>
        <span class=${`badge ${m.status === 'revoked' ? 'warn' : ''}`}>${i18n.t(`staff.status.${m.status}`)}</span>
        <span>${i18n.t('staff.contact', { hint: m.contactHint })}</span>
      </p>
      <p class="muted">
        ${i18n.t('staff.invitedBy', { name: m.invitedBy, date: i18n.date(m.invitedAt, tz) })} ·
        ${m.lastSignInAt ? i18n.t('staff.lastSignIn', { date: i18n.dateTime(m.lastSignInAt, tz) }) : i18n.t('staff.never')}
      </p>
      <div class="actions-row">
        ${m.status !== 'revoked'
          ? actions.control(
              revokeKey,
              i18n.t('staff.revoke'),
              () => void actions.run(revokeKey, async () => (await ctx.api.revoke(ctx.city, m.id), await ctx.reload()), () => i18n.t('staff.revoked', { name: m.name })),
              { ariaLabel: `${i18n.t('staff.revoke')}: ${m.name}` },
            )
          : actions.message(revokeKey)}
        ${m.status !== 'active'
          ? actions.control(
              reinviteKey,
              i18n.t('staff.reinvite'),
              () =>
                void actions.run(reinviteKey, async () => {
                  const invitation = await ctx.api.reinvite(ctx.city, m.id);
                  this.shown(invitation);
                  await ctx.reload();
                }),
              { ariaLabel: `${i18n.t('staff.reinvite')}: ${m.name}` },
            )
          : nothing}
      </div>
    </li>`;
  }
}
