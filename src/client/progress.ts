import { ProgressList, ProjectProgressDetail, type ProgressQuery } from '../contract/implementation.js';
import { ROUTES, type Backend, type RequestOptions } from './backend.js';
import { HttpBackend } from './http-backend.js';

/** What `<qala-progress>` asks of a backend. */
export type ProgressApi = Required<Pick<Backend, 'getProgress' | 'getProjectProgress'>>;

/**
 * The progress API of a backend: its own `getProgress`/`getProjectProgress`
 * (a host's backend), or, for the HTTP client, requests validated by the
 * progress schemas — imported here, so they travel with `<qala-progress>`
 * alone and not with every widget's client. Null when the backend has none.
 */
export function progressApi(backend: Backend): ProgressApi | null {
  if (backend.getProgress && backend.getProjectProgress) return backend as ProgressApi;
  if (!(backend instanceof HttpBackend)) return null;
  return {
    getProgress: (query: ProgressQuery, o?: RequestOptions) => {
      const cycle = query.cycle ?? backend.cycle;
      return backend.getJson(ROUTES.progress(backend.city) + (cycle ? `?cycle=${encodeURIComponent(cycle)}` : ''), ProgressList, o);
    },
    getProjectProgress: (id: string, o?: RequestOptions) => backend.getJson(ROUTES.projectProgress(backend.city, id), ProjectProgressDetail, o),
  };
}
