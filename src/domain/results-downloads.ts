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
