/**
 * Turns the look attributes into the element's private custom properties.
 * Values are checked, so an attribute cannot inject arbitrary CSS; they are
 * set through the CSSOM (`style.setProperty`), which a strict CSP allows.
 */
export type ThemeName = 'light' | 'dark' | 'auto';
export type Density = 'compact' | 'comfortable' | 'spacious';

const RADIUS: Record<string, string> = { none: '0', small: '0.25em', medium: '0.5em', large: '1em', pill: '1.5em' };
const DENSITY: Record<Density, string> = { compact: '0.75', comfortable: '1', spacious: '1.3' };
const FONT: Record<string, string> = {
  system: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  serif: "Georgia, 'Noto Serif', 'Times New Roman', serif",
  mono: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
  inherit: 'inherit',
};

function isColor(value: string): boolean {
  if (typeof CSS !== 'undefined' && CSS.supports) return CSS.supports('color', value);
  return /^#[0-9a-f]{3,8}$/i.test(value);
}

export interface ThemeAttributes {
  accent?: string | null;
  radius?: string | null;
  density?: string | null;
  font?: string | null;
}

/** The private properties the attributes set; `null` removes one (back to the stylesheet default). */
export function themeProperties(attrs: ThemeAttributes): Record<string, string | null> {
  const accent = attrs.accent?.trim();
  const radius = attrs.radius?.trim();
  const font = attrs.font?.trim();
  return {
    '--_accent-attr': accent && isColor(accent) ? accent : null,
    '--_radius-attr': radius ? (RADIUS[radius] ?? (/^\d+(\.\d+)?(em|px)$/.test(radius) ? radius : null)) : null,
    '--_density-attr': attrs.density ? (DENSITY[attrs.density as Density] ?? null) : null,
    '--_font-attr': font ? (FONT[font] ?? (/^[\p{L}\p{N} ,'"-]{1,100}$/u.test(font) ? `${font}, ${FONT.system}` : null)) : null,
  };
}

export function applyTheme(host: HTMLElement, attrs: ThemeAttributes): void {
  for (const [name, value] of Object.entries(themeProperties(attrs))) {
    if (value === null) host.style.removeProperty(name);
    else host.style.setProperty(name, value);
  }
}
