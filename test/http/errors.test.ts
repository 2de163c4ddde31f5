/**
 * Every error status of the ingest API, with its exact problem body, in English and in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { PXG_MAX_BODY_BYTES: '2048', PXG_MAX_JSON_DEPTH: '8', PXG_MAX_BATCH_RECORDS: '2' } });
});
afterAll(() => gw.close());

const REQUEST_ID = 'req-test-0001';
type Lang = 'en' | 'zh-CN';

async function push(lang: Lang, body: string, headers: Record<string, string> = {}, path = '/v1/records') {
  return gw.app.request(path, {
    method: 'POST',
    body,
    headers: { ...asSystem(keys.fujian, lang), 'x-request-id': REQUEST_ID, ...headers },
  });
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(res.headers.get('x-request-id')).toBe(REQUEST_ID);
  return json(res);
}

function problem(
  code: string,
  status: number,
  retriable: boolean,
  title: string,
  detail: string,
  errors: unknown[] = [],
  extra: object = {},
) {
  return {
    type: `https://procurement-exchange.example/problems/${code}`,
    title,
    status,
    detail,
    code,
    retriable,
    requestId: REQUEST_ID,
    errors,
    ...extra,
  };
}

describe('401 unauthenticated', () => {
  it.each([
    ['en', 'Unauthenticated', 'Missing or invalid credentials (Authorization: Bearer <API key> or a client certificate).'],
    ['zh-CN', '未认证', '缺少或无效的凭据（Authorization: Bearer <API 密钥> 或客户端证书）。'],
  ] as const)('answers a push with an unknown API key with 401 (%s)', async (lang, title, detail) => {
    const res = await push(lang, JSON.stringify(headerRecord()), { authorization: 'Bearer not-a-registered-key-000' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-language')).toBe(lang);
    expect(await problemOf(res)).toEqual(problem('unauthenticated', 401, false, title, detail));
  });

  it('answers a push without Authorization with 401', async () => {
    const res = await gw.app.request('/v1/records', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', 'x-request-id': REQUEST_ID },
    });
    expect(res.status).toBe(401);
    expect((await problemOf(res)).code).toBe('unauthenticated');
  });
});

describe('403 not allowed', () => {
  it.each([
    [
      'en',
      'Not allowed to publish',
      'This system may not publish records of this area or type.',
      'This system may not publish records for area 350200',
    ],
    ['zh-CN', '无权发布', '该系统无权发布此地区或此类型的记录。', '该系统无权发布地区 350200 的记录'],
  ] as const)('refuses a Fuzhou (350100) system publishing for Xiamen 350200 (%s)', async (lang, title, detail, message) => {
    const res = await push(lang, JSON.stringify(headerRecord({ regionCode: '350200' })), { authorization: `Bearer ${keys.fuzhou}` });
    expect(res.status).toBe(403);
    expect(await problemOf(res)).toEqual(
      problem('publish_not_allowed', 403, false, title, detail, [{ pointer: '/regionCode', keyword: 'publishArea', message }]),
    );
  });

  it('lets a Fuzhou (350100) system publish for its county 350102 and Fujian (350000) for any 35xxxx', async () => {
    expect(
      (await push('en', JSON.stringify(headerRecord({ regionCode: '350102' })), { authorization: `Bearer ${keys.fuzhou}` })).status,
    ).toBe(201);
    expect((await push('en', JSON.stringify(headerRecord({ regionCode: '350203' })))).status).toBe(201);
  });

  it('refuses a record type the system may not publish', async () => {
    const res = await push('en', JSON.stringify(headerRecord({ recordType: 'transaction', regionCode: '350102' })), {
      authorization: `Bearer ${keys.fuzhou}`,
    });
    expect(res.status).toBe(403);
    expect((await problemOf(res)).errors).toEqual([
      { pointer: '/recordType', keyword: 'publishRecordType', message: 'This system may not publish transaction records' },
    ]);
  });

  it.each([
    ['en', 'Record owned by another system', 'This record id was first published by another system.', 'belongs to another system'],
    ['zh-CN', '记录属于其他系统', '该记录标识已由其他系统发布。', '属于其他系统'],
  ] as const)('refuses a record id first published by another system (%s)', async (lang, title, detail, fragment) => {
    const record = headerRecord({ regionCode: '350102' });
    expect((await push(lang, JSON.stringify(record))).status).toBe(201);
    const res = await push(lang, JSON.stringify({ ...record, version: 2, operation: 'update' }), {
      authorization: `Bearer ${keys.fuzhou}`,
    });
    expect(res.status).toBe(403);
    const body = await problemOf(res);
    expect(body).toEqual(
      problem('record_foreign', 403, false, title, detail, [
        { pointer: '/id', keyword: 'recordOwner', message: expect.stringContaining(fragment) },
      ]),
    );
    expect(body.errors[0].message).toContain(record.id);
  });
});

describe('409 conflicting version', () => {
  it.each([
    [
      'en',
      'Version conflict',
      'This version was already accepted with different content. To change the record, push a higher version (see nextVersion).',
      (id: string) =>
        `Version 1 of record ${id} was already accepted with different content: to change it, push version 2 (or one above the current version)`,
    ],
    [
      'zh-CN',
      '版本冲突',
      '该版本已以不同内容被接收。如需修改记录，请以更高的版本号推送（见 nextVersion）。',
      (id: string) => `记录 ${id} 的版本 1 已以不同内容被接收：如需修改，请以版本 2（或高于当前版本的版本号）推送`,
    ],
  ] as const)(
    'refuses the same version with different content and names the version to push (%s)',
    async (lang, title, detail, message) => {
      const record = headerRecord();
      expect((await push(lang, JSON.stringify(record))).status).toBe(201);
      const res = await push(lang, JSON.stringify({ ...record, title: 'changed' }));
      expect(res.status).toBe(409);
      expect(await problemOf(res)).toEqual(
        problem(
          'version_conflict',
          409,
          false,
          title,
          detail,
          [{ pointer: '/version', keyword: 'versionConflict', message: message(record.id) }],
          { nextVersion: 2 },
        ),
      );
    },
  );

  it.each([
    [
      'en',
      'Stale version',
      'A newer version of this record already exists.',
      (id: string) => `Record ${id} already has the newer version 3: to change it, push version 4`,
    ],
    ['zh-CN', '版本过旧', '已存在该记录的更新版本。', (id: string) => `记录 ${id} 已有更新的版本 3：如需修改，请以版本 4 推送`],
  ] as const)('refuses a version older than the current one as stale (%s)', async (lang, title, detail, message) => {
    const record = headerRecord({ version: 3 });
    expect((await push(lang, JSON.stringify(record))).status).toBe(201);
    const res = await push(lang, JSON.stringify({ ...record, version: 2 }));
    expect(res.status).toBe(409);
    expect(await problemOf(res)).toEqual(
      problem('version_stale', 409, false, title, detail, [{ pointer: '/version', keyword: 'versionStale', message: message(record.id) }], {
        currentVersion: 3,
        nextVersion: 4,
      }),
    );
  });
});

describe('413 too large', () => {
  it.each([
    ['en', 'Payload too large', 'The request body exceeds 2048 bytes.'],
    ['zh-CN', '请求体过大', '请求体超过 2048 字节。'],
  ] as const)('refuses a body over the limit (%s)', async (lang, title, detail) => {
    const res = await push(lang, JSON.stringify({ ...headerRecord(), padding: 'x'.repeat(3000) }));
    expect(res.status).toBe(413);
    expect(await problemOf(res)).toEqual(problem('payload_too_large', 413, false, title, detail));
  });

  it.each([
    ['en', 'Batch too large', 'A batch holds at most 2 records.'],
    ['zh-CN', '批量过大', '批量最多 2 条记录。'],
  ] as const)('refuses a batch with more records than allowed (%s)', async (lang, title, detail) => {
    const res = await push(lang, JSON.stringify([headerRecord(), headerRecord(), headerRecord()]), {}, '/v1/records/batch');
    expect(res.status).toBe(413);
    expect(await problemOf(res)).toEqual(problem('batch_too_large', 413, false, title, detail));
  });
});

describe('415 wrong media type', () => {
  it.each([
    ['en', 'Unsupported media type', 'Send application/json (UTF-8).'],
    ['zh-CN', '不支持的媒体类型', '请使用 application/json（UTF-8）。'],
  ] as const)('refuses a text/plain push (%s)', async (lang, title, detail) => {
    const res = await push(lang, JSON.stringify(headerRecord()), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(await problemOf(res)).toEqual(problem('unsupported_media_type', 415, false, title, detail));
  });

  it('refuses a charset other than UTF-8', async () => {
    const res = await push('en', JSON.stringify(headerRecord()), { 'content-type': 'application/json; charset=gbk' });
    expect(res.status).toBe(415);
  });
});

describe('422 invalid', () => {
  it.each([
    [
      'en',
      'Record does not conform to the standard',
      'The record failed validation against the standard.',
      'Field regionCode is missing or invalid',
    ],
    ['zh-CN', '记录不符合数据标准', '记录未通过数据标准校验。', '字段 regionCode 缺失或无效'],
  ] as const)('refuses a record the standard rejects, with pointer, keyword and message (%s)', async (lang, title, detail, message) => {
    const res = await push(lang, JSON.stringify(headerRecord({ regionCode: '35' })));
    expect(res.status).toBe(422);
    expect(await problemOf(res)).toEqual(
      problem('record_invalid', 422, false, title, detail, [{ pointer: '/regionCode', keyword: 'header', message }]),
    );
  });

  it.each([
    [
      'en',
      'Record exceeds limits',
      'The record is nested too deeply, has too long a string or a forbidden key.',
      'Forbidden key __proto__',
    ],
    ['zh-CN', '记录超出限制', '记录嵌套过深、字符串过长或含有禁止的键。', '不允许的键 __proto__'],
  ] as const)('refuses a __proto__ key (%s)', async (lang, title, detail, message) => {
    const body = `{"recordType":"notice","id":"N-proto","version":1,"operation":"create","regionCode":"350102","ocid":"o-proto","nested":{"__proto__":{"polluted":true}}}`;
    const res = await push(lang, body);
    expect(res.status).toBe(422);
    expect(await problemOf(res)).toEqual(
      problem('record_limits_exceeded', 422, false, title, detail, [{ pointer: '/nested/__proto__', keyword: 'forbiddenKey', message }]),
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a record nested deeper than the limit', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = { d: deep };
    const res = await push('en', JSON.stringify({ ...headerRecord(), deep }));
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors[0].keyword).toBe('maxDepth');
  });

  it.each([
    [
      'en',
      'Idempotency key reused',
      'This Idempotency-Key was already used for a different request. Use a new Idempotency-Key for a new batch; to retry a batch, resend exactly the same body.',
    ],
    [
      'zh-CN',
      '幂等键重复使用',
      '该 Idempotency-Key 已用于不同的请求。请为新的批量使用新的 Idempotency-Key；重发同一批量时请发送完全相同的请求体。',
    ],
  ] as const)('refuses an Idempotency-Key reused for a different batch and says a new key is needed (%s)', async (lang, title, detail) => {
    const key = `batch-${lang}-${Date.now()}`;
    expect((await push(lang, JSON.stringify([headerRecord()]), { 'idempotency-key': key }, '/v1/records/batch')).status).toBe(200);
    const res = await push(lang, JSON.stringify([headerRecord()]), { 'idempotency-key': key }, '/v1/records/batch');
    expect(res.status).toBe(422);
    expect(await problemOf(res)).toEqual(problem('idempotency_key_reused', 422, false, title, detail));
  });
});

describe('400 malformed', () => {
  it.each([
    ['en', 'Malformed request', 'The request body is not valid JSON.', 'Not valid JSON: '],
    ['zh-CN', '请求格式错误', '请求体不是合法的 JSON。', '不是合法的 JSON：'],
  ] as const)('refuses a body that is not JSON (%s)', async (lang, title, detail, prefix) => {
    const res = await push(lang, '{"recordType": ');
    expect(res.status).toBe(400);
    const body = await problemOf(res);
    expect(body).toEqual(
      problem('malformed_request', 400, false, title, detail, [
        { pointer: '', keyword: 'json', message: expect.stringMatching(new RegExp(`^${prefix}`)) },
      ]),
    );
  });
});

describe('404 not found', () => {
  it.each([
    ['en', 'Not found', 'The resource does not exist or is not visible to this system.'],
    ['zh-CN', '未找到', '请求的资源不存在或无权查看。'],
  ] as const)('answers an unknown process with 404 (%s)', async (lang, title, detail) => {
    const res = await gw.app.request('/v1/records/ocds-unknown', {
      headers: { ...asSystem(keys.fujian, lang), 'x-request-id': REQUEST_ID },
    });
    expect(res.status).toBe(404);
    expect(await problemOf(res)).toEqual(problem('not_found', 404, false, title, detail));
  });
});

describe('429 over the rate limit', () => {
  it.each([
    ['en', 'Too many requests', "The system's rate limit is exceeded; retry later."],
    ['zh-CN', '请求过于频繁', '超过该系统的速率限制，请稍后重试。'],
  ] as const)('answers 429 with Retry-After once the burst is spent (%s)', async (lang, title, detail) => {
    const first = await push(lang, JSON.stringify(headerRecord()), { authorization: `Bearer ${keys.throttled}` });
    const res =
      first.status === 429 ? first : await push(lang, JSON.stringify(headerRecord()), { authorization: `Bearer ${keys.throttled}` });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await problemOf(res)).toEqual(problem('rate_limited', 429, true, title, detail));
  });
});

describe('503 when the log cannot accept writes', () => {
  it.each([
    [
      'en',
      'Temporarily unable to accept records',
      'The record log cannot accept writes right now; retry later.',
      'The record log cannot accept writes right now',
    ],
    ['zh-CN', '暂时无法写入', '记录日志暂时不可写入，请稍后重试。', '记录日志暂时不可写入'],
  ] as const)('answers 503 with Retry-After (%s)', async (lang, title, detail, message) => {
    const down = await startTestGateway();
    try {
      await down.services.log.close();
      const res = await down.app.request('/v1/records', {
        method: 'POST',
        body: JSON.stringify(headerRecord()),
        headers: { ...asSystem(keys.fujian, lang), 'x-request-id': REQUEST_ID },
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await problemOf(res)).toEqual(
        problem('log_unavailable', 503, true, title, detail, [{ pointer: '', keyword: 'logUnavailable', message }]),
      );
    } finally {
      await down.close();
    }
  });
});

describe('request ids', () => {
  it('puts a generated request id on every response, success or not', async () => {
    const ok = await gw.app.request('/healthz');
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await gw.app.request('/nowhere');
    const body = await json(missing);
    expect(missing.status).toBe(404);
    expect(body.requestId).toBe(missing.headers.get('x-request-id'));
  });

  it('answers in Chinese when no language is asked for', async () => {
    const res = await gw.app.request('/nowhere');
    expect(res.headers.get('content-language')).toBe('zh-CN');
    expect((await json(res)).title).toBe('未找到');
  });
});
