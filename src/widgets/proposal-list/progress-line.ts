/**
 * The progress line on the cards of funded projects in
 * `<qala-proposal-list>`: the city's progress summary of the list's cycle
 * (through the progress client, whose schemas come with it) and the line each
 * card draws from it — a percent bar and the state of the works, and a link to
 * the project's page where the host has one. A module of its own, fetched by
 * `import()` only when the list shows a funded card, so a list without
 * winners downloads none of it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Backend } from '../../client/backend.js';
import { progressApi } from '../../client/progress.js';
import type { ProjectProgress, Proposal } from '../../contract/index.js';
import type { LocalizeController } from '../../ui/localize.js';
import type { CommonMessages } from '../../ui/messages/index.js';
import { projectLink } from '../progress/link.js';
import type { ProposalListMessages } from './messages.js';

/** Funded projects of `cycle` by id; null when the backend has no progress API. */
export async function loadProgress(backend: Backend, cycle: string): Promise<Map<string, ProjectProgress> | null> {
  const api = progressApi(backend);
  if (!api) return null;
  const list = await api.getProgress({ cycle });
  return new Map(list.items.map((item) => [item.projectId, item]));
}

/**
 * A card's line: the bar and words while it is being built or once built,
 * "not started yet" for a winner without works, nothing where the record and
 * the proposal's status disagree (the badge says what is decided); the link
 * whenever the host has a progress page.
 */
export function renderProgress(
  i18n: LocalizeController<CommonMessages & ProposalListMessages>,
  p: Proposal,
  item: ProjectProgress | undefined,
  progressPage: string,
  index: number,
): TemplateResult | typeof nothing {
  const started = item && p.status !== 'cancelled' && (item.state === 'in_progress' || item.state === 'implemented') ? item : undefined;
  const waiting = item?.state === 'not_started' && p.status === 'winner';
  if (!started && !waiting && !progressPage) return nothing;
  const label = started ? i18n.t('progress.line', { state: i18n.t(`progress.${started.state as 'in_progress' | 'implemented'}`), percent: started.progress }) : '';
  return html`<div class="progress-line" part="progress">
    ${started
      ? html`<progress max="100" .value=${started.progress} aria-labelledby="pl-${index}"></progress><span id="pl-${index}">${label}</span>`
      : waiting
        ? html`<span>${i18n.t('progress.not_started')}</span>`
        : nothing}
    ${progressPage
      ? html`<a part="progress-link" href=${projectLink(progressPage, p.id)}>${i18n.t('progress.link')}<span class="sr-only">: <bdi class="user-text" dir="auto">${p.title}</bdi></span></a>`
      : nothing}
  </div>`;
}
