/**
 * Page-wide defaults for widgets that do not set an attribute, from the
 * loader script's `data-*` (`<script src=".../qala.js" data-api="…" data-city="aksu">`).
 */
export interface WidgetDefaults {
  api?: string;
  city?: string;
  lang?: string;
  theme?: string;
}

const defaults: WidgetDefaults = {};

export function setDefaults(values: WidgetDefaults): void {
  for (const key of ['api', 'city', 'lang', 'theme'] as const) {
    const v = values[key];
    if (typeof v === 'string' && v.trim() !== '' && v.length < 500) defaults[key] = v.trim();
  }
}

export function getDefaults(): Readonly<WidgetDefaults> {
  return defaults;
}
