/** The library version, written into every element class so clashes can be named. */
export const VERSION = '0.1.0';

type Versioned = CustomElementConstructor & { qalaVersion?: string };

/**
 * Registers a tag unless it is already taken. Never throws: a page that loads
 * two copies of Qala, or another library that took our tag, gets a console
 * warning naming both, and the first definition keeps working.
 */
export function defineElement(tag: string, ctor: Versioned): boolean {
  if (typeof customElements === 'undefined') return false;
  const existing = customElements.get(tag) as Versioned | undefined;
  if (existing) {
    if (existing === ctor || existing.qalaVersion === ctor.qalaVersion) return false;
    const owner = existing.qalaVersion ? `Qala ${existing.qalaVersion}` : `another library (${existing.name || 'anonymous class'})`;
    console.warn(`[qala] <${tag}> is already defined by ${owner}; Qala ${ctor.qalaVersion ?? VERSION} will not redefine it.`);
    return false;
  }
  try {
    customElements.define(tag, ctor);
    return true;
  } catch (error) {
    console.warn(`[qala] could not define <${tag}>: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
