import * as z from 'zod/mini';
import { GeoPoint, Id, LocalizedName, Locale, Money, Slug, TimeZone } from './common.js';

export const Category = z.strictObject({
  id: Id,
  name: LocalizedName,
  /** Largest estimated cost one proposal of this category may have (Rudny: infrastructure 12 000 000 ₸). */
  costCap: z.optional(Money),
});
export type Category = z.infer<typeof Category>;

export const District = z.strictObject({ id: Id, name: LocalizedName });
export type District = z.infer<typeof District>;

/** An origin a host page may embed the widgets from: `https://aksu.gov.kz`. */
export const Origin = z.string().check(z.regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'origin.invalid'));

/** Single strings a city may override, per language: `{ ru: { "form.title": "…" } }`. */
export const MessageOverrides = z.partialRecord(Locale, z.record(z.string(), z.string().check(z.maxLength(500))));

export const City = z.strictObject({
  slug: Slug,
  name: LocalizedName,
  /** IANA zone that decides when windows open and close: `Asia/Almaty`. */
  timeZone: TimeZone,
  currency: z.literal('KZT'),
  categories: z.array(Category).check(z.minLength(1), z.maxLength(50)),
  districts: z.array(District).check(z.maxLength(200)),
  allowedOrigins: z.array(Origin).check(z.maxLength(50)),
  /** Polygon of the city for the residence check (lat/lng ring). */
  boundary: z.optional(z.array(GeoPoint).check(z.minLength(3), z.maxLength(5000))),
  messages: z.optional(MessageOverrides),
  /** What the city tells authors: `sms: true` sends an SMS on each status change to authors who consented. */
  notifications: z.optional(z.strictObject({ sms: z.optional(z.boolean()) })),
});
export type City = z.infer<typeof City>;
