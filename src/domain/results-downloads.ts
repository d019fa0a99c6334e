import type { Results } from '../contract/index.js';

/**
 * The downloads a city's results link to, server-relative as the server gives them (`services/results.ts`): the CSV
 * table always, the pabulib file once the results are final; `cycleId` names a cycle other than the current one
 * (`?cycle=`, null for the current one). `api`: the path the API is served under (the centre's mock: its base's).
 */
export function resultsDownloads(slug: string, final: boolean, cycleId: string | null, api = '/api/v1'): NonNullable<Results['downloads']> {
  const base = `${api}/cities/${encodeURIComponent(slug)}`;
  const q = cycleId === null ? '' : `?cycle=${encodeURIComponent(cycleId)}`;
  return final ? { csv: `${base}/results.csv${q}`, pb: `${base}/results.pb${q}` } : { csv: `${base}/results.csv${q}` };
}

/**
 * A pabulib file's name (`aksu-aksu-2026.pb`, `rudny-rudny-2026-events.pb` for one pool): the city, the cycle and the
 * pool asked for, its characters those a file name may hold anywhere. The server's public file and the centre's
 * export, the mocks', and the centre's own download.
 */
export function pabulibFileName(slug: string, cycleId: string, pool?: string): string {
  return `${slug}-${cycleId}${pool ? `-${pool.replace(/[^A-Za-z0-9_.-]/g, '')}` : ''}.pb`;
}
