import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { minifyLiterals, squeezeCss, squeezeHtml } from '../../scripts/minify-literals.js';

describe('squeezing Lit literals for the script-tag bundle', () => {
  test('CSS: comments go, whitespace collapses, quoted strings stay exactly as written', () => {
    const css = `td[data-label]::before {\n  content: attr(data-label) ': ';\n  /* it's a 'comment' */ color: red ;\n}\n a , b { font-family: "Comic /* Sans", serif; }`;
    assert.equal(squeezeCss(css), `td[data-label]::before{content:attr(data-label) ': ';color:red}a,b{font-family:"Comic /* Sans",serif}`);
  });

  test('HTML: runs of whitespace become one space, never none', () => {
    assert.equal(squeezeHtml('<p>\n    Hello,\n    <b>world</b>\n  </p>'), '<p> Hello, <b>world</b> </p>');
  });

  test('only the static parts of tagged literals change; expressions and other strings are untouched', () => {
    const code = "const s = css`a {  color: red ; }`;\nconst t = html`<p>  ${'  keep  '}  </p>`;\nconst u = `  plain  `;";
    assert.equal(minifyLiterals(code), "const s = css`a{color:red}`;\nconst t = html`<p> ${'  keep  '} </p>`;\nconst u = `  plain  `;");
  });
});
