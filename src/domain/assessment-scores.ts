import type { AssessmentCriterion, FieldIssue } from '../contract/index.js';

/**
 * An expert's scores against the city's criteria: each criterion scored, on
 * its scale, and none the city does not have. Null when they match, else the
 * refusal (400 `validation_failed`), one issue per problem; shared by the
 * server (`AssessmentService.saveAssessment`) and the centre's mock.
 */
export function scoresRefusal(criteria: readonly AssessmentCriterion[], scores: Readonly<Record<string, number>>): { message: string; issues: FieldIssue[] } | null {
  const issues: FieldIssue[] = [];
  for (const c of criteria) {
    const v = scores[c.id];
    if (v === undefined) issues.push({ path: ['scores', c.id], message: 'score.required' });
    else if (v < c.min || v > c.max) issues.push({ path: ['scores', c.id], message: 'score.out_of_range', params: { min: c.min, max: c.max } });
  }
  const known = new Set(criteria.map((c) => c.id));
  for (const id of Object.keys(scores)) if (!known.has(id)) issues.push({ path: ['scores', id.slice(0, 64)], message: 'score.unknown_criterion' });
  return issues.length ? { message: 'the scores do not match the city’s criteria', issues: issues.slice(0, 50) } : null;
}
