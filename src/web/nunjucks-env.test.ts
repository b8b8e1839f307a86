import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import nunjucks from 'nunjucks';
import { configureNunjucks } from './nunjucks-env.ts';

describe('the template filters', () => {
  const env = new nunjucks.Environment(null, { autoescape: true });
  configureNunjucks(env);
  const render = (template: string, context: object = {}) => env.renderString(template, context);

  it("trims as nunjucks' own trim does, keeping markup marked safe as safe and escaping the rest", () => {
    const samples = [' a b ', '\n\t  <p>x</p>\n  \n', 'no spaces', '   ', '', '\u00a0nbsp\u2028', 'a\n'.repeat(3)];
    const original = new nunjucks.Environment(null, { autoescape: true });
    for (const text of samples) {
      assert.equal(
        render('{{ t | trim }}', { t: text }),
        original.renderString('{{ t | trim }}', { t: text }),
        JSON.stringify(text),
      );
      assert.equal(
        render('{{ t | safe | trim }}', { t: text }),
        original.renderString('{{ t | safe | trim }}', { t: text }),
        JSON.stringify(text),
      );
    }
    // A macro's output, trimmed as the GOV.UK macros trim their blocks: still markup, not escaped.
    const macro = '{% macro m() %}\n   <strong>Hi</strong>\n{% endmacro %}[{{ m() | trim }}]';
    assert.equal(render(macro), '[<strong>Hi</strong>]');
    assert.equal(render(macro), original.renderString(macro, {}));
    assert.equal(render('[{{ nothing | trim }}]'), '[]');
  });

  it('trims long runs of spaces and lines, as whole pages of indented markup have', () => {
    // 200,000 spaces in runs of 2,000: nunjucks' regular expression takes seconds over these.
    const html = `${' '.repeat(2000)}x`.repeat(100);
    assert.equal(render('{{ h | safe | trim }}', { h: html }).length, html.trimStart().length);
  });
});
