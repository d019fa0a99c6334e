import { html, nothing, type TemplateResult } from 'lit';
import type { PoolResult, ProjectResult, Results } from '../contract/index.js';
import { explainOutcome } from '../widgets/results/why.js';
import type { CentreContext } from './section.js';

/** The votes column named as the ballot counts them: approvals (or the one choice), points, or first preferences. */
function votesLabel(ctx: CentreContext): string {
  const kind = ctx.config.cycle.ballot.kind;
  return ctx.i18n.t(kind === 'cumulative' ? 'count.points' : kind === 'ranked' ? 'count.firstChoices' : 'count.votes');
}

/**
 * The count as the admin API gives it, public or not (`GET /admin/cities/:city/results`): whether it is live or
 * final and when it was computed, the turnout by channel, and per pool its figures and its projects in the count's
 * order. Drawn from the answer alone, so what the coordinator reads is what "mark the winners" will apply.
 */
export function renderStanding(ctx: CentreContext, count: Results): TemplateResult {
  const { i18n, config } = ctx;
  const final = count.mode === 'final';
  const at = i18n.dateTime(count.computedAt, config.city.timeZone);
  const { online, paper, total } = count.turnout;
  return html`<p id="count-mode"><strong>${i18n.t(final ? 'count.final' : 'count.live', { at })}</strong></p>
    ${!final && !config.cycle.liveCounts ? html`<p class="muted">${i18n.t('count.hidden')}</p>` : nothing}
    ${!count.pools.length
      ? html`<p class="notice">${i18n.t('count.noPools')}</p>`
      : html`<dl class="facts-list" id="count-turnout">
            <div><dt>${i18n.t('count.online')}</dt><dd>${i18n.number(online)}</dd></div>
            <div><dt>${i18n.t('count.paper')}</dt><dd>${i18n.number(paper)}</dd></div>
            <div><dt>${i18n.t('count.total')}</dt><dd>${i18n.number(total)}</dd></div>
          </dl>
          ${total === 0 ? html`<p class="notice">${i18n.t('count.noBallots')}</p>` : count.pools.map((pool) => renderPool(ctx, pool, final))}`}`;
}

function renderPool(ctx: CentreContext, pool: PoolResult, final: boolean): TemplateResult {
  const { i18n, locale } = ctx;
  const heading = `count-pool-${pool.poolId}`;
  return html`<section class="stack" aria-labelledby=${heading}>
    <h4 id=${heading}>${pool.name[locale]}</h4>
    <dl class="facts-list">
      <div><dt>${i18n.t('count.budget')}</dt><dd>${i18n.money(pool.budget)}</dd></div>
      <div><dt>${i18n.t('count.spent')}</dt><dd>${i18n.money(pool.spent)}</dd></div>
      <div><dt>${i18n.t('count.rule')}</dt><dd>${i18n.t(`count.rule.${pool.rule}`)}</dd></div>
      <div><dt>${i18n.t('count.ballots')}</dt><dd>${i18n.number(pool.ballots)}</dd></div>
    </dl>
    ${pool.projects.length ? renderTable(ctx, pool, final) : html`<p class="muted">${i18n.t('count.noProjects')}</p>`}
  </section>`;
}

/**
 * One row per project in the answer's order. On a narrow screen each row becomes a card (centre.styles.ts), and
 * the explicit roles keep it a table for assistive technology then: WebKit drops a table's semantics once CSS
 * changes its display. Each value's label in the card is hidden from assistive technology, which reads the
 * column's header instead.
 */
function renderTable(ctx: CentreContext, pool: PoolResult, final: boolean): TemplateResult {
  const { i18n, locale } = ctx;
  const caption = `count-caption-${pool.poolId}`;
  const votes = votesLabel(ctx);
  const cost = i18n.t('count.cost');
  const outcome = i18n.t('count.outcome');
  return html`<table class="count" role="table" aria-labelledby=${caption}>
    <caption id=${caption}>${i18n.t('count.caption', { pool: pool.name[locale] })}</caption>
    <thead role="rowgroup">
      <tr role="row">
        <th scope="col" role="columnheader">${i18n.t('count.project')}</th>
        <th scope="col" role="columnheader" class="num">${cost}</th>
        <th scope="col" role="columnheader" class="num">${votes}</th>
        <th scope="col" role="columnheader">${outcome}</th>
      </tr>
    </thead>
    <tbody role="rowgroup">
      ${pool.projects.map(
        (p) => html`<tr role="row" class=${p.funded ? 'funded' : ''}>
          <th scope="row" role="rowheader" class="user-text" dir="auto">${p.title}</th>
          <td role="cell" class="num"><span class="cell-label" aria-hidden="true">${cost}: </span>${i18n.money(p.cost)}</td>
          <td role="cell" class="num"><span class="cell-label" aria-hidden="true">${votes}: </span>${i18n.number(p.votes)}</td>
          <td role="cell"><span class="cell-label" aria-hidden="true">${outcome}: </span>${renderOutcome(ctx, p, pool, final)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/**
 * Funded or not by the count, and why (the round and supporters, or what stopped it: the results widget's words); once
 * final, the council's own decision beside it where the two disagree.
 */
function renderOutcome(ctx: CentreContext, p: ProjectResult, pool: PoolResult, final: boolean): TemplateResult {
  const { i18n, config } = ctx;
  const said = p.funded ? (final ? 'count.funded' : 'count.fundedLive') : final ? 'count.notFunded' : 'count.notFundedLive';
  const decision = p.decision;
  return html`<strong class=${p.funded ? 'funded' : 'not-funded'}>${i18n.t(said)}</strong>
    <span class="why">${explainOutcome(i18n, p.explanation, p.cost, pool.budget)}</span>
    ${decision
      ? html`<span class="decision"
          >${i18n.t(decision.funded ? 'count.decisionFunded' : 'count.decisionNotFunded', { date: i18n.date(decision.at, config.city.timeZone) })}
          ${decision.note ? html`${i18n.t('count.decisionNote')} <span class="user-text pre" dir="auto">${decision.note}</span>` : nothing}</span
        >`
      : nothing}`;
}
