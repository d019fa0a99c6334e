import { html, nothing, type TemplateResult } from 'lit';
import type { CityConfig, Proposal } from '../../contract/index.js';
import { ProposalSubmittedEvent } from './events.js';
import type { SubmitI18n } from './messages.js';
import { proposalLink } from './texts.js';

/** What the confirmation needs from the form. */
export interface ResultView {
  /** The form's texts, the submitting parts' among them (here once the sending part is). */
  i18n: SubmitI18n;
  config: CityConfig;
  /** The proposal sent, or `duplicate` when an earlier attempt had reached the server. */
  result: Proposal | 'duplicate';
  /** The host's `proposal-url`. */
  proposalUrl: string;
  /** "Send another proposal". */
  another: () => void;
  /** The "My proposals" button, where the backend has it. */
  mine: TemplateResult | typeof nothing;
}

/** The event a host hears once a proposal reached the backend (no personal data). */
export function submittedEvent(p: Proposal): ProposalSubmittedEvent {
  return new ProposalSubmittedEvent({ id: p.id, cycleId: p.cycleId, category: p.category, status: p.status, ...(p.reference ? { reference: p.reference } : {}) });
}

/**
 * The confirmation after sending: the reference and id, when the council
 * answers, a link to the proposal and "send another". Part of the sending
 * module: a proposal is confirmed only by the outbox that module brings.
 */
export function renderResult({ i18n, config, result, proposalUrl, another, mine }: ResultView): TemplateResult {
  const head = (key: 'duplicate.heading' | 'done.heading') => html`<h2 id="result-heading" tabindex="-1" part="heading">${i18n.t(key)}</h2>`;
  const again = html`<button type="button" @click=${another}>${i18n.t('done.another')}</button>`;
  if (result === 'duplicate') {
    return html`<section class="panel notice success" part="confirmation" aria-labelledby="result-heading">
      ${head('duplicate.heading')}
      <p>${i18n.t('duplicate.text')}</p>
      <div class="actions">${again}</div>
    </section>`;
  }
  const link = proposalLink(proposalUrl, result.id);
  return html`<section class="panel notice success" part="confirmation" aria-labelledby="result-heading">
    ${head('done.heading')}
    ${result.reference ? html`<p>${i18n.t('done.reference')} <bdi class="reference">${result.reference}</bdi></p>` : nothing}
    <p class=${result.reference ? 'muted' : ''}>${i18n.t('done.id')} <bdi class="id">${result.id}</bdi></p>
    <p>${i18n.t('done.next', { date: i18n.until(config.cycle.phases.review.end, config.city.timeZone) })}</p>
    <div class="actions">
      ${link ? html`<a class="button primary" href=${link}>${i18n.t('done.open')}</a>` : nothing}
      ${again}
    </div>
    ${mine}
  </section>`;
}
