import type { City, Eligibility, FieldIssue, GeoPoint } from '../contract/index.js';

/** Whether a point lies inside a polygon ring (even-odd rule; a city is small enough for a flat plane). */
export function pointInPolygon(point: GeoPoint, ring: readonly GeoPoint[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a.lat > point.lat !== b.lat > point.lat && point.lng < ((b.lng - a.lng) * (point.lat - a.lat)) / (b.lat - a.lat) + a.lng) inside = !inside;
  }
  return inside;
}

/**
 * The residence check of a city that asks for the phone's position: none, or
 * the issue that refuses it (`location.required`, `location.outside`). The
 * server runs it before any code is sent (an SMS costs the city money and the
 * resident a wait) and the mock runs the same rule.
 */
export function residenceIssue(city: Pick<City, 'boundary'>, eligibility: Pick<Eligibility, 'residence'>, location: GeoPoint | undefined): FieldIssue | null {
  if (eligibility.residence !== 'geolocation') return null;
  if (!location) return { path: ['location'], message: 'location.required' };
  // The location is used for this one check and then forgotten.
  if (!city.boundary || !pointInPolygon(location, city.boundary)) return { path: ['location'], message: 'location.outside' };
  return null;
}
