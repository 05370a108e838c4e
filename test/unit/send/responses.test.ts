/** Reading the API's answers (src/core/send/responses): codes, advice, and bodies that are not the API's. */
import * as assert from 'node:assert';
import { interpretAnswer } from '../../../src/core/send/responses';

describe('reading answers', () => {
  it('reads the success array and the error object by their code, not the HTTP status', () => {
    const ok = interpretAnswer(200, '{"response":[{"code":"1001","transid":"t-1","description":"Queued"}]}');
    assert.deepStrictEqual([ok.outcome, ok.code, ok.transid, ok.meaning], ['queued', '1001', 't-1', 'Queued']);
    const auth = interpretAnswer(200, '{"response":{"code":"7001","description":"Authentication failed.","transid":"t-2"}}');
    assert.deepStrictEqual([auth.outcome, auth.code, auth.meaning], ['rejected', '7001', 'Authentication failed']);
    assert.match(auth.advice, /Set Service Key/);
    assert.match(interpretAnswer(400, '{"response":{"code":"7104"}}').advice, /WAAppid/);
    assert.match(interpretAnswer(400, '{"response":{"code":"7009"}}').advice, /at most 1000/);
    const unknown = interpretAnswer(400, '{"response":{"code":"7999","description":"Something new"}}');
    assert.strictEqual(unknown.meaning, 'Something new');
  });

  it('explains bodies that are not the API\'s', () => {
    const html = interpretAnswer(500, '<html>Server Error</html>', 'text/html');
    assert.strictEqual(html.outcome, 'unreadable');
    assert.match(html.meaning, /HTTP 500 with an HTML page/);
    assert.match(html.advice, /server failed/);
    assert.match(interpretAnswer(200, 'OK').meaning, /not JSON/);
    assert.match(interpretAnswer(200, '{"status":"ok"}').meaning, /without a response code/);
    assert.match(interpretAnswer(200, 'x'.repeat(70_000)).prettyBody, /more characters not shown/);
  });
});
