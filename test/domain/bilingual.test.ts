import { describe, expect, it } from 'vitest';
import { fallbackLang, showIn } from '../../src/domain/bilingual.ts';

describe('showIn', () => {
  it('gives the reader their language: the original, the translation, or the original marked as a fallback', () => {
    expect(showIn('nl', 'nl', 'Webmail traag', 'Slow webmail')).toEqual({ text: 'Webmail traag', lang: 'nl', fallback: false });
    expect(showIn('en', 'nl', 'Webmail traag', 'Slow webmail')).toEqual({ text: 'Slow webmail', lang: 'en', fallback: false });
    expect(showIn('en', 'nl', 'Webmail traag', null)).toEqual({ text: 'Webmail traag', lang: 'nl', fallback: true });
    // A blank translation is no translation.
    expect(showIn('nl', 'en', 'Slow webmail', '  ')).toEqual({ text: 'Slow webmail', lang: 'en', fallback: true });
    // An empty original (an optional description) is nothing to fall back to.
    expect(showIn('nl', 'en', '', null)).toEqual({ text: '', lang: 'en', fallback: false });
    expect(fallbackLang(showIn('nl', 'en', 'Slow webmail', undefined))).toBe('en');
    expect(fallbackLang(showIn('en', 'en', 'Slow webmail', undefined))).toBeNull();
  });
});
