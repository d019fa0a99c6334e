import type { AssessmentCriterion, Assignment, StaffMember } from '../contract/index.js';
import { toCentreError, type CentreApi, type CentreError } from './api.js';

export type CouncilState =
  | { status: 'loading' }
  /** The server has no staff API (an older reference server, or another backend): the council's parts are not shown. */
  | { status: 'absent' }
  | { status: 'ready'; criteria: AssessmentCriterion[]; assignments: Assignment[]; staff: StaffMember[] }
  | { status: 'error'; error: CentreError };

/**
 * The expert council's data for a city: the criteria, the assignments (all of
 * them for a coordinator, one's own for an expert) and, for coordinators, the
 * people. Shared by the sections through the context.
 */
export class CouncilData {
  state: CouncilState = { status: 'loading' };
  private generation = 0;

  constructor(private readonly changed: () => void) {}

  get ready(): Extract<CouncilState, { status: 'ready' }> | undefined {
    return this.state.status === 'ready' ? this.state : undefined;
  }

  assignmentsOf(proposalId: string): Assignment[] {
    return this.ready?.assignments.filter((a) => a.proposalId === proposalId) ?? [];
  }

  experts(): StaffMember[] {
    return this.ready?.staff.filter((s) => s.role === 'expert' && s.status === 'active') ?? [];
  }

  reset(): void {
    this.generation++;
    this.state = { status: 'loading' };
  }

  async load(api: CentreApi, city: string, coordinator: boolean): Promise<void> {
    const generation = ++this.generation;
    try {
      const [criteria, assignments, staff] = await Promise.all([
        api.criteria(city),
        api.assignments(city),
        coordinator ? api.staff(city) : Promise.resolve({ items: [] as StaffMember[] }),
      ]);
      if (generation !== this.generation) return;
      this.state = { status: 'ready', criteria: criteria.criteria, assignments: assignments.items, staff: staff.items };
    } catch (error) {
      if (generation !== this.generation) return;
      const e = toCentreError(error);
      this.state = e.code === 'not_found' && e.status === 404 ? { status: 'absent' } : { status: 'error', error: e };
    }
    this.changed();
  }
}
