import type { Locale } from '../contract/index.js';
import { LocalizeController, texts, type Catalogue, type Catalogues, type Message, type Texts } from './localize.js';

/**
 * A `LocalizeController` for a widget with parts loaded later (modules of their
 * own, such as the ballot's voting) whose texts are kept out of its first
 * catalogue: each such part brings a catalogue of its own per language
 * (`withPart`). A subclass in a module of its own, so the pages of widgets
 * without such parts do not download it.
 */
export class PartedLocalizeController<M extends Catalogue> extends LocalizeController<M> {
  /** The parts' texts (`withPart`), by their catalogues. */
  private readonly parts = new Map<object, Texts<Catalogue>>();

  /**
   * A part's texts: its catalogue in the language shown is fetched now (call
   * this beside `import()` of the part's module), and from then on its texts
   * follow the widget's language like the widget's own, the language shown
   * kept on screen while another loads. Resolves with this controller, typed to
   * speak the part's keys too; rejects when the texts could not come (the part
   * says so with a retry, which calls this again).
   */
  async withPart<P extends Catalogue>(catalogues: Catalogues<P>): Promise<LocalizeController<M & P>> {
    let part = this.parts.get(catalogues);
    if (!part) this.parts.set(catalogues, (part = texts(this.host, catalogues as Catalogues<Catalogue>)));
    // The language may change while they load: the part comes with the texts of the language shown when it does.
    let locale: Locale;
    do await part.load((locale = this.locale));
    while (locale !== this.locale);
    return this as unknown as LocalizeController<M & P>;
  }

  protected override message(key: string, locale: Locale): Message | undefined {
    let message = super.message(key, locale);
    for (const part of this.parts.values()) message ??= part.get(locale)?.[key];
    return message;
  }
}
