/**
 * Validator messages a person can act on, in both languages: the allowed values of an enum, the
 * missing field, the nearest allowed name of a misspelt one, and Ajv's other messages in Chinese
 * (ajv-i18n) rather than English phrases inside Chinese text.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ajvMessage } from '../../gateway/standard/index.ts';

const ajv = new Ajv({ allErrors: true, verbose: true });
const validate = ajv.compile({
  type: 'object',
  properties: { status: { enum: ['active', 'paused'] }, title: { type: 'string' }, count: { type: 'integer', multipleOf: 5 } },
  required: ['title'],
  additionalProperties: false,
});

function messagesOf(value: unknown) {
  expect(validate(value)).toBe(false);
  return (validate.errors ?? []).map((e) => ajvMessage(e));
}

describe('validator messages', () => {
  it('list the allowed values of an enum', () => {
    expect(messagesOf({ title: 't', status: 'stopped' })).toEqual([
      {
        zh: '“/status”取值“stopped”不在允许范围内，应为：active、paused',
        en: "'/status' value 'stopped' is not allowed: use one of active, paused",
      },
    ]);
  });

  it('name the missing field and where to add it', () => {
    expect(messagesOf({})).toEqual([
      { zh: '缺少必填字段“title”：请在记录中添加该字段', en: "missing required property 'title': add it to the record" },
    ]);
  });

  it('name a misspelt field and suggest the allowed one nearest to it', () => {
    expect(messagesOf({ title: 't', stauts: 'active' })).toEqual([
      { zh: '不允许的字段“stauts”：是否应为“status”？', en: "property 'stauts' is not allowed: did you mean 'status'?" },
    ]);
    expect(messagesOf({ title: 't', unrelated: 1 })[0]!.en).toBe("property 'unrelated' is not allowed: remove it");
  });

  it('render the keywords without a message of our own in Chinese through ajv-i18n', () => {
    const [message] = messagesOf({ title: 't', count: 7 });
    expect(message!.zh).toBe('“/count”应当是 5 的整数倍');
    expect(message!.zh).not.toContain('must');
  });
});
