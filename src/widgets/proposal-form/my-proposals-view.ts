import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { ACCEPTED_TYPES } from '../../client/images.js';
import { PROPOSAL_LIMITS, noteIn, type AuthorProposal, type CityConfig } from '../../contract/index.js';
import type { MineI18n as I18n } from './messages.js';
import type { EditFields, EditIssue, MineStep, MyProposalsController } from './my-proposals-controller.js';

/** A message key with parameters, as text (unknown keys read "check this field"). */
export function issueText(i18n: I18n, issue: EditIssue): string {
  const key = i18n.has(issue.code) ? issue.code : 'field.invalid';
  return (i18n.t as (k: string, p?: unknown) => string)(key, issue.params ?? {});
}

/** "My proposals": the steps of `MyProposalsController`, rendered. */
export function renderMine(c: MyProposalsController, i18n: I18n, config: CityConfig): TemplateResult {
  const s = c.step;
  const head = html`<div class="row">
    <h2 id="mine-heading" tabindex="-1" part="heading">${i18n.t('mine.heading')}</h2>
    <button type="button" class="link" @click=${() => c.close()}>${s.kind === 'list' || s.kind === 'edit' ? i18n.t('mine.signOut') : i18n.t('mine.close')}</button>
  </div>`;
  return html`<section class="panel stack" part="my-proposals" aria-labelledby="mine-heading">${head}${renderStep(c, s, i18n, config)}</section>`;
}

function renderStep(c: MyProposalsController, s: MineStep, i18n: I18n, config: CityConfig): TemplateResult | typeof nothing {
  switch (s.kind) {
    case 'off':
      return nothing;
    case 'phone':
      return html`<form class="stack" novalidate @submit=${(e: Event) => (e.preventDefault(), void c.sendCode())}>
        <p>${i18n.t('mine.intro')}</p>
        <div class="field" part="field">
          <label for="mine-phone">${i18n.t('mine.phone.label')}</label>
          <input id="mine-phone" type="tel" inputmode="tel" autocomplete="tel" dir="ltr" maxlength="40" required
            aria-invalid=${s.error ? 'true' : 'false'} aria-describedby=${s.error ? 'mine-phone-error' : nothing}
            .value=${live(s.phone)} @input=${(e: Event) => c.setPhone((e.target as HTMLInputElement).value)} />
          ${s.error ? html`<p class="field-error" id="mine-phone-error">${issueText(i18n, s.error)}</p>` : nothing}
        </div>
        <div class="actions"><button type="submit" class="primary" aria-disabled=${s.busy ? 'true' : 'false'}>${i18n.t('mine.sendCode')}</button></div>
      </form>`;
    case 'code':
      return html`<form class="stack" novalidate @submit=${(e: Event) => {
        e.preventDefault();
        void c.confirm(((e.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement).value);
      }}>
        <div class="field" part="field">
          <label for="mine-code">${i18n.t('mine.code.label')}</label>
          <p class="hint" id="mine-code-hint">${i18n.t('mine.code.hint', { hint: s.challenge.phoneHint })}</p>
          <input id="mine-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" dir="ltr" maxlength=${s.challenge.codeLength} required
            aria-invalid=${s.error ? 'true' : 'false'} aria-describedby=${s.error ? 'mine-code-hint mine-code-error' : 'mine-code-hint'} />
          ${s.error ? html`<p class="field-error" id="mine-code-error">${issueText(i18n, s.error)}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="submit" class="primary" aria-disabled=${s.busy ? 'true' : 'false'}>${i18n.t('mine.confirm')}</button>
          <button type="button" class="link" @click=${() => void c.resend()}>${i18n.t('mine.resend')}</button>
          <button type="button" class="link" @click=${() => c.open()}>${i18n.t('mine.back')}</button>
        </div>
      </form>`;
    case 'list':
      if (!s.items)
        return s.error
          ? html`<div class="notice error stack" part="notice">
              <p id="mine-list-error" tabindex="-1">${i18n.t('mine.listFailed')} ${issueText(i18n, s.error)}</p>
              <div class="actions"><button type="button" id="mine-list-retry" aria-disabled=${s.busy ? 'true' : 'false'} @click=${() => void c.retryList()}>${i18n.t('retry')}</button></div>
            </div>`
          : html`<p class="notice" role="status" part="notice">${i18n.t('mine.loading')}</p>`;
      return html`${s.notice ? html`<p class="notice success" id="mine-notice" tabindex="-1" part="notice">${(i18n.t as (k: string) => string)(s.notice)}</p>` : nothing}
        ${s.items.length
          ? html`<ul class="mine">${s.items.map((p) => renderItem(c, p, i18n, config))}</ul>`
          : html`<p class="notice" part="notice">${i18n.t('mine.empty')}</p>`}`;
    case 'edit':
      return renderEdit(c, s, i18n);
  }
}

function renderItem(c: MyProposalsController, p: AuthorProposal, i18n: I18n, config: CityConfig): TemplateResult {
  const tz = config.city.timeZone;
  const status = (i18n.t as (k: string) => string)(`status.${p.status}`);
  return html`<li class="mine-item" part="my-proposal">
    <h3><bdi class="user-text" dir="auto">${p.title}</bdi></h3>
    ${p.reference ? html`<p class="muted"><span>${i18n.t('done.reference')}</span> <bdi class="id">${p.reference}</bdi></p>` : nothing}
    <p><span>${i18n.t('mine.status')}</span> <strong>${status}</strong></p>
    ${p.reviewNote
      ? html`<div class="notice warning"><p>${i18n.t(p.status === 'cancelled' ? 'mine.cancelReason' : 'mine.note')}</p><p class="user-text" dir="auto">${noteIn(i18n.locale, p.reviewNote, p.reviewNotes)}</p></div>`
      : nothing}
    ${p.smsNotifications ? html`<p class="muted">${i18n.t('mine.sms.on')}</p>` : nothing}
    <details>
      <summary>${i18n.t('mine.history')}</summary>
      <ol>
        ${p.history.map(
          (h) => html`<li><span>${i18n.date(h.at, tz)}</span> — <span>${(i18n.t as (k: string) => string)(`status.${h.status}`)}</span>${h.note ? html`: <q class="user-text" dir="auto">${noteIn(i18n.locale, h.note, h.notes)}</q>` : nothing}</li>`,
        )}
      </ol>
    </details>
    ${p.editable
      ? html`<p class="muted">${p.editableUntil ? i18n.t('mine.editUntil', { date: i18n.until(p.editableUntil, tz) }) : nothing}</p>
          <div class="actions"><button type="button" class="primary" id="mine-edit-${p.id}" @click=${() => c.edit(p.id, (n) => i18n.number(n))}>${i18n.t('mine.edit')}</button></div>`
      : p.status === 'needs_changes' && p.editBlock === 'phase'
        ? html`<p class="muted">${i18n.t('mine.notEditable.phase')}</p>`
        : nothing}
  </li>`;
}

function renderEdit(c: MyProposalsController, s: Extract<MineStep, { kind: 'edit' }>, i18n: I18n): TemplateResult {
  const field = (name: keyof EditFields, label: string, multiline = false) => {
    const error = s.errors[name];
    const id = `edit-${name}`;
    const onInput = (e: Event) => c.setField(name, (e.target as HTMLInputElement).value);
    return html`<div class="field" part="field">
      <label for=${id}>${label}</label>
      ${multiline
        ? html`<textarea id=${id} rows="6" dir="auto" required aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-error` : nothing} .value=${live(s.fields[name])} @input=${onInput}></textarea>`
        : html`<input id=${id} type="text" dir=${name === 'estimatedCost' ? 'ltr' : 'auto'} inputmode=${name === 'estimatedCost' ? 'numeric' : 'text'} required
            aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${id}-error` : nothing} .value=${live(s.fields[name])} @input=${onInput} />`}
      ${error ? html`<p class="field-error" id="${id}-error">${issueText(i18n, error)}</p>` : nothing}
    </div>`;
  };
  const note = noteIn(i18n.locale, s.proposal.reviewNote, s.proposal.reviewNotes);
  return html`<form class="stack" novalidate aria-labelledby="edit-heading" @submit=${(e: Event) => (e.preventDefault(), void c.resubmit())}>
    <h3 id="edit-heading" tabindex="-1">${i18n.t('mine.editHeading', { reference: s.proposal.reference ?? s.proposal.id })}</h3>
    ${note ? html`<div class="notice warning"><p>${i18n.t('mine.note')}</p><p class="user-text" dir="auto">${note}</p></div>` : nothing}
    <fieldset class="stack" ?disabled=${s.busy}>
      ${field('title', i18n.t('title.label'))} ${field('description', i18n.t('description.label'), true)} ${field('address', i18n.t('address.label'))}
      ${field('estimatedCost', i18n.t('cost.label'))} ${renderEditPhotos(c, s, i18n)}
    </fieldset>
    ${s.errors.form ? html`<p class="notice error" id="edit-error" tabindex="-1" part="notice">${issueText(i18n, s.errors.form)}</p>` : nothing}
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${s.busy ? 'true' : 'false'}>${i18n.t('mine.resubmit')}</button>
      <button type="button" class="link" @click=${() => c.cancelEdit()}>${i18n.t('mine.cancelEdit')}</button>
    </div>
  </form>`;
}

function renderEditPhotos(c: MyProposalsController, s: Extract<MineStep, { kind: 'edit' }>, i18n: I18n): TemplateResult {
  const max = PROPOSAL_LIMITS.photos.max;
  const error = s.errors.photos;
  return html`<div class="field" part="field" role="group" aria-labelledby="edit-photos-label">
    <p class="legend" id="edit-photos-label">${i18n.t('photos.label')}</p>
    ${s.photos.length
      ? html`<ul class="photos" part="photo-list">
          ${s.photos.map(
            (p, i) => html`<li class="photo" part="photo">
              <img src=${p.url} alt=${i18n.t('photo.alt', { n: i + 1 })} width=${p.width} height=${p.height} />
              <div class="meta">
                ${p.name ? html`<span class="user-text" dir="auto">${p.name}</span>` : nothing}
                <button type="button" class="remove" id="edit-photo-remove-${p.id}" aria-label=${i18n.t('photo.remove', { n: i + 1 })} @click=${() => c.removePhoto(p.id)}>✕</button>
              </div>
            </li>`,
          )}
        </ul>`
      : nothing}
    <div class="actions">
      <button type="button" id="edit-photos" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'edit-photos-error' : nothing} ?disabled=${s.photos.length >= max}
        @click=${(e: Event) => ((e.target as HTMLElement).closest('form')!.querySelector<HTMLInputElement>('#edit-photo-input')!.click())}>${i18n.t('photos.add')}</button>
      <span class="muted">${s.uploading ? i18n.t('photo.processing') : i18n.t('photos.count', { count: s.photos.length, max })}</span>
    </div>
    <input id="edit-photo-input" type="file" accept=${ACCEPTED_TYPES.join(',')} multiple hidden
      @change=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        const files = Array.from(input.files ?? []);
        input.value = '';
        void c.addPhotos(files);
      }} />
    ${error ? html`<p class="field-error" id="edit-photos-error">${issueText(i18n, error)}</p>` : nothing}
  </div>`;
}
