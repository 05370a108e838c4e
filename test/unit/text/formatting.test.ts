/** WhatsApp's formatting rules (src/core/text/formatting): bold, italic, strike, monospace and links, written by hand. */
import * as assert from 'node:assert';
import { formatWhatsApp } from '../../../src/core/text/formatting';

/** The pieces as `text[styles]`, e.g. `bold[b] plain[]`: easy to write by hand. */
function shape(source: string): string[] {
  return formatWhatsApp(source).map((p) => `${p.text}[${[p.bold && 'b', p.italic && 'i', p.strike && 's', p.mono && 'm', p.href && `→${p.href}`].filter(Boolean).join(',')}]`);
}

describe('WhatsApp formatting', () => {
  it('bold, italic, strike and monospace lose their markers', () => {
    assert.deepStrictEqual(shape('a *b* _c_ ~d~ ```e```'), ['a []', 'b[b]', ' []', 'c[i]', ' []', 'd[s]', ' []', 'e[m]']);
  });
  it('markers nest', () => {
    assert.deepStrictEqual(shape('*_both_ bold*'), ['both[b,i]', ' bold[b]']);
  });
  it('an unclosed marker is plain text', () => {
    assert.deepStrictEqual(shape('*not bold'), ['*not bold[]']);
    assert.deepStrictEqual(shape('```not mono'), ['```not mono[]']);
  });
  it('markers inside words do nothing (2*3*4, snake_case_name)', () => {
    assert.deepStrictEqual(shape('2*3*4 and snake_case_name'), ['2*3*4 and snake_case_name[]']);
    assert.deepStrictEqual(shape('*bold*er'), ['*bold*er[]']);
  });
  it('a marker followed or closed by a space does nothing', () => {
    assert.deepStrictEqual(shape('* not bold*'), ['* not bold*[]']);
    assert.deepStrictEqual(shape('*not bold *'), ['*not bold *[]']);
    assert.deepStrictEqual(shape('**'), ['**[]']);
  });
  it('bold, italic and strike do not reach across a line break; monospace does and formats nothing inside', () => {
    assert.deepStrictEqual(shape('*one\ntwo*'), ['*one\ntwo*[]']);
    assert.deepStrictEqual(shape('```*a*\nb```'), ['*a*\nb[m]']);
  });
  it('punctuation around a marker is fine', () => {
    assert.deepStrictEqual(shape('(*yes*).'), ['([]', 'yes[b]', ').[]']);
  });
  it('a link is one piece: markers inside it stay, and the styles around it apply', () => {
    assert.deepStrictEqual(shape('see https://x.com/a_b_c.'), ['see []', 'https://x.com/a_b_c[→https://x.com/a_b_c]', '.[]']);
    assert.deepStrictEqual(shape('*https://x.com*'), ['https://x.com[b,→https://x.com]']);
  });
  it('only http and https become links', () => {
    assert.deepStrictEqual(shape('javascript:alert(1) ftp://x.com'), ['javascript:alert(1) ftp://x.com[]']);
  });
});
