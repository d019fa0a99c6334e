/**
 * Answers asked for before the widgets' code arrived: the script tag's loader
 * (`src/script/loader.ts`) requests the city's config while the widget's files
 * download, and hands the request over here. The HTTP backend takes it
 * instead of asking again — once, and only within a minute.
 */
const early = new Map<string, { response: Promise<Response>; at: number }>();

export function offerEarly(url: string, response: Promise<Response>): void {
  early.set(url, { response, at: Date.now() });
}

export function takeEarly(url: string): Promise<Response> | undefined {
  const offered = early.get(url);
  if (!offered) return undefined;
  early.delete(url);
  return Date.now() - offered.at < 60_000 ? offered.response : undefined;
}
