import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { STAFF_ROLES, type StaffInvitation, type StaffMember, type StaffRole, type StaffUpdateInput } from '../contract/index.js';
import { renderCouncilFailed } from './council-panels.js';
import { actorName } from './labels.js';
import type { CentreContext, CentreSection } from './section.js';

function fields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === 'string') out[k] = v.trim();
  return out;
}

/**
 * The city's people (coordinators): invite an expert or a coordinator, hand them the link, change a person's name,
 * organisation or role (not one's own role), revoke at once, invite again.
 */
export class StaffSection implements CentreSection {
  readonly id = 'staff';
  /** The last invitation made: its link is shown once, to hand to the person. */
  private invitation: StaffInvitation | null = null;
  /** The person whose details are being changed (their id), or null. */
  private editing: string | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  label(ctx: CentreContext): string {
    return ctx.i18n.t('nav.staff');
  }

  visible(ctx: CentreContext): boolean {
    return ctx.signed.role === 'coordinator' && ctx.council.state.status !== 'absent';
  }

  reset(): void {
    this.invitation = null;
    this.editing = null;
  }

  /** Opens (an id) or closes (null) a person's form, then puts the focus on `focus`. */
  private edit(id: string | null, focus: string): void {
    this.editing = id;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>(focus)?.focus());
  }

  private shown(invitation: StaffInvitation): void {
    this.invitation = invitation;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.shadowRoot?.querySelector<HTMLElement>('#invite-link')?.focus());
  }

  /** Revokes a person's access; their button goes with it, so the focus goes to what it said, in its place. */
  private async revoke(ctx: CentreContext, m: StaffMember): Promise<void> {
    const key = `revoke-${m.id}`;
    await ctx.actions.run(key, async () => (await ctx.api.revoke(ctx.city, m.id), await ctx.reload()), () => ctx.i18n.t('staff.revoked', { name: m.name }));
    if (ctx.actions.error(key)) return;
    await this.host.updateComplete;
    this.host.shadowRoot?.querySelector<HTMLElement>(`#revoked-${CSS.escape(m.id)}`)?.focus();
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
    if (this.editing === m.id) return this.renderEdit(ctx, m);
    return html`<li class="card stack member">
      <h3 class="user-text">${m.name}</h3>
      <p class="user-text muted">${m.organisation}</p>
      <p class="facts">
        <span class="badge">${i18n.t(`roleName.${m.role}`)}</span>
        <span class=${`badge ${m.status === 'revoked' ? 'warn' : ''}`}>${i18n.t(`staff.status.${m.status}`)}</span>
        <span>${i18n.t('staff.contact', { hint: m.contactHint })}</span>
      </p>
      <p class="muted">
        ${i18n.t('staff.invitedBy', { name: actorName(i18n, m.invitedBy), date: i18n.date(m.invitedAt, tz) })} ·
        ${m.lastSignInAt ? i18n.t('staff.lastSignIn', { date: i18n.dateTime(m.lastSignInAt, tz) }) : i18n.t('staff.never')}
      </p>
      <div class="actions-row">
        <div class="action">
          <button type="button" id=${`staff-edit-${m.id}`} aria-label=${`${i18n.t('staff.edit')}: ${m.name}`} @click=${() => this.edit(m.id, `#edit-name-${m.id}`)}>${i18n.t('staff.edit')}</button>
          ${actions.message(`edit-${m.id}`)}
        </div>
        ${m.status !== 'revoked'
          ? actions.control(revokeKey, i18n.t('staff.revoke'), () => void this.revoke(ctx, m), { ariaLabel: `${i18n.t('staff.revoke')}: ${m.name}` })
          : html`<div class="action" id=${`revoked-${m.id}`} tabindex="-1">${actions.message(revokeKey)}</div>`}
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
  /** A person's name, organisation and role (not for oneself: one's own role is another coordinator's to change). */
  private renderEdit(ctx: CentreContext, m: StaffMember): TemplateResult {
    const { i18n, actions } = ctx;
    const key = `edit-${m.id}`;
    const own = ctx.signed.id === `staff:${m.id}`;
    const back = `#staff-edit-${m.id}`;
    const save = (e: Event) => {
      e.preventDefault();
      const f = fields(e.currentTarget as HTMLFormElement);
      // Only what changed is sent; nothing changed closes the form.
      const change: StaffUpdateInput = {};
      if (f.name !== undefined && f.name !== m.name) change.name = f.name;
      if (f.organisation !== undefined && f.organisation !== m.organisation) change.organisation = f.organisation;
      if (!own && f.role && f.role !== m.role) change.role = f.role as StaffRole;
      if (Object.keys(change).length === 0) return this.edit(null, back);
      void actions.run(
        key,
        async () => {
          await ctx.api.updateStaff(ctx.city, m.id, change);
          await ctx.reload();
          this.edit(null, back);
        },
        () => i18n.t('staff.edited', { name: change.name ?? m.name }),
      );
    };
    return html`<li class="card stack member">
      <form class="stack" aria-labelledby=${`edit-heading-${m.id}`} @submit=${save}>
        <h3 id=${`edit-heading-${m.id}`} class="user-text">${i18n.t('staff.editTitle', { name: m.name })}</h3>
        <div class="field">
          <label for=${`edit-name-${m.id}`}>${i18n.t('invite.name')}</label>
          <input id=${`edit-name-${m.id}`} name="name" type="text" required minlength="2" maxlength="120" autocomplete="off" .value=${m.name} />
        </div>
        <div class="field">
          <label for=${`edit-organisation-${m.id}`}>${i18n.t('invite.organisation')}</label>
          <input id=${`edit-organisation-${m.id}`} name="organisation" type="text" required minlength="2" maxlength="200" autocomplete="off" .value=${m.organisation} />
        </div>
        ${own
          ? html`<p class="muted">${i18n.t('staff.ownRole', { role: i18n.t(`roleName.${m.role}`) })}</p>`
          : html`<fieldset class="stack">
              <legend>${i18n.t('invite.role')}</legend>
              ${STAFF_ROLES.map((r) => html`<label class="choice"><input type="radio" name="role" value=${r} ?checked=${r === m.role} /> ${i18n.t(`roleName.${r}`)}</label>`)}
            </fieldset>`}
        <div class="actions-row">
          ${actions.control(key, i18n.t('staff.editSave'), null, { type: 'submit', primary: true })}
          <button type="button" @click=${() => (actions.clear(key), this.edit(null, back))}>${i18n.t('staff.editCancel')}</button>
        </div>
      </form>
    </li>`;
  }
}
