import { describe, expect, it } from 'vitest';
import { markdownToText } from '../../src/lib/markdown-text.ts';

describe('markdownToText', () => {
  it('reads markdown as the site shows it, as plain text', () => {
    const source = 'We are **moving** <b>mail</b> & "things" <script>x()</script>.\n\n- one\n- two [docs](https://x.example/a?b=1&c=2)\n\n> quoted\n\n```\ncode <x>\n```\n\n1. a\n2. b\n\n<div>raw block</div>\n\nline one  \nline two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nmail <ops@example.com> &amp; more';
    expect(markdownToText(source)).toBe(
      'We are moving mail & "things" .\n\n- one\n- two docs (https://x.example/a?b=1&c=2)\n\n> quoted\n\ncode <x>\n\n1. a\n2. b\n\nraw block\n\nline one\nline two\n\na | b\n1 | 2\n\nmail ops@example.com & more',
    );
  });

  it('is empty for an empty or blank source', () => {
    expect(markdownToText('')).toBe('');
    expect(markdownToText('  \n\n ')).toBe('');
  });
});
