/**
 * The closed catalogue of every problem the gateway answers with: the HTTP API's errors and the
 * adapters' translation errors (`adapter.*`), each with its status, whether a retry can help, and a
 * zh/en title and default detail. Lowest layer, so that the HTTP error handler (gateway/http/errors.ts,
 * problem.ts) and the adapter SDK (adapters/sdk.ts) render from one list. Documented in docs/errors.md
 * and contracts/openapi.yaml (ProblemCode); a test checks both against this list.
 */
import type { Bilingual } from './i18n.ts';

/** Base of every problem `type` URI: `${PROBLEM_BASE}<code>`. */
export const PROBLEM_BASE = 'https://procurement-exchange.example/problems/';

/** One catalogue entry. */
export interface ErrorSpec {
  status: number;
  /** Whether the same request may succeed later. */
  retriable: boolean;
  title: Bilingual;
  /** Detail when the thrower gives none. */
  detail: Bilingual;
}

function spec(status: number, retriable: boolean, title: [string, string], detail: [string, string]): ErrorSpec {
  return { status, retriable, title: { zh: title[0], en: title[1] }, detail: { zh: detail[0], en: detail[1] } };
}

/** The errors of the HTTP API, grouped by concern. */
export const httpProblems = {
  // Requests
  malformed_request: spec(
    400,
    false,
    ['请求格式错误', 'Malformed request'],
    ['请求体不是合法的 JSON。', 'The request body is not valid JSON.'],
  ),
  not_found: spec(
    404,
    false,
    ['未找到', 'Not found'],
    ['请求的资源不存在或无权查看。', 'The resource does not exist or is not visible to this system.'],
  ),
  method_not_allowed: spec(
    405,
    false,
    ['方法不允许', 'Method not allowed'],
    [
      '该路径不支持此 HTTP 方法，可用方法见 Allow 响应头。',
      'This path does not answer this HTTP method; the Allow header lists those it does.',
    ],
  ),
  payload_too_large: spec(
    413,
    false,
    ['请求体过大', 'Payload too large'],
    ['请求体超过允许的大小。', 'The request body exceeds the allowed size.'],
  ),
  unsupported_media_type: spec(
    415,
    false,
    ['不支持的媒体类型', 'Unsupported media type'],
    ['请使用 application/json。', 'Send application/json.'],
  ),
  // Authentication and authorization
  unauthenticated: spec(
    401,
    false,
    ['未认证', 'Unauthenticated'],
    [
      '缺少或无效的凭据（Authorization: Bearer <API 密钥> 或客户端证书）。',
      'Missing or invalid credentials (Authorization: Bearer <API key> or a client certificate).',
    ],
  ),
  signature_invalid: spec(
    401,
    false,
    ['请求签名无效', 'Invalid request signature'],
    ['请求签名缺失、错误、过期或重放。', 'The request signature is missing, wrong, expired or replayed.'],
  ),
  forbidden: spec(403, false, ['无权操作', 'Not allowed'], ['该系统无权执行此操作。', 'This system is not allowed to do this.']),
  publish_not_allowed: spec(
    403,
    false,
    ['无权发布', 'Not allowed to publish'],
    ['该系统无权发布此地区或此类型的记录。', 'This system may not publish records of this area or type.'],
  ),
  record_foreign: spec(
    403,
    false,
    ['记录属于其他系统', 'Record owned by another system'],
    ['该记录标识已由其他系统发布。', 'This record id was first published by another system.'],
  ),
  process_not_owned: spec(
    403,
    false,
    ['流程属于其他系统', 'Process owned by another system'],
    [
      '该流程（采购项目或订单）由其他系统负责，该系统未获授权向其添加此类记录。',
      'The process (procurement process or order) is owned by another system, and this system is not granted to add this kind of record to it.',
    ],
  ),
  rate_limited: spec(
    429,
    true,
    ['请求过于频繁', 'Too many requests'],
    ['超过该系统的速率限制，请稍后重试。', "The system's rate limit is exceeded; retry later."],
  ),
  // Records
  record_invalid: spec(
    422,
    false,
    ['记录不符合数据标准', 'Record does not conform to the standard'],
    ['记录未通过数据标准校验。', 'The record failed validation against the standard.'],
  ),
  record_limits_exceeded: spec(
    422,
    false,
    ['记录超出限制', 'Record exceeds limits'],
    ['记录嵌套过深、字符串过长或含有禁止的键。', 'The record is nested too deeply, has too long a string or a forbidden key.'],
  ),
  batch_too_large: spec(
    413,
    false,
    ['批量过大', 'Batch too large'],
    ['批量中的记录数超过上限。', 'The batch holds more records than allowed.'],
  ),
  version_conflict: spec(
    409,
    false,
    ['版本冲突', 'Version conflict'],
    [
      '该版本已以不同内容被接收。如需修改记录，请以更高的版本号推送（见 nextVersion）。',
      'This version was already accepted with different content. To change the record, push a higher version (see nextVersion).',
    ],
  ),
  version_stale: spec(
    409,
    false,
    ['版本过旧', 'Stale version'],
    ['已存在该记录的更新版本。', 'A newer version of this record already exists.'],
  ),
  idempotency_key_reused: spec(
    422,
    false,
    ['幂等键重复使用', 'Idempotency key reused'],
    [
      '该 Idempotency-Key 已用于不同的请求。请为新的批量使用新的 Idempotency-Key；重发同一批量时请发送完全相同的请求体。',
      'This Idempotency-Key was already used for a different request. Use a new Idempotency-Key for a new batch; to retry a batch, resend exactly the same body.',
    ],
  ),
  // Feeds and delivery (subscriptions, cursors, webhooks, dead letters)
  subscription_invalid: spec(
    422,
    false,
    ['订阅无效', 'Invalid subscription'],
    ['订阅请求不符合要求。', 'The subscription request is not valid.'],
  ),
  subscription_exists: spec(
    409,
    false,
    ['订阅已存在', 'Subscription exists'],
    ['已存在相同标识的订阅。', 'A subscription with this id already exists.'],
  ),
  subscription_managed_by_registry: spec(
    409,
    false,
    ['订阅由登记册管理', 'Subscription managed by the registry'],
    ['该订阅在登记册文件中声明，只能在文件中修改。', 'This subscription is declared in the registry file and can only be changed there.'],
  ),
  subscription_paused: spec(
    409,
    true,
    ['订阅已暂停', 'Subscription paused'],
    ['订阅已暂停，恢复之前不投递任何事件。', 'The subscription is paused: nothing is delivered until it is resumed.'],
  ),
  webhook_target_forbidden: spec(
    422,
    false,
    ['不允许的 webhook 地址', 'Webhook URL not allowed'],
    ['webhook 地址指向内部网络或不是 http(s) 地址。', 'The webhook URL points into an internal network or is not an http(s) URL.'],
  ),
  cursor_invalid: spec(
    400,
    false,
    ['游标无效', 'Invalid cursor'],
    ['游标不是本网关签发的。', 'The cursor was not issued by this gateway.'],
  ),
  feed_mode_mismatch: spec(
    409,
    false,
    ['订阅方式不符', 'Wrong delivery mode'],
    ['该操作不适用于此订阅的投递方式。', "This operation does not apply to the subscription's delivery mode."],
  ),
  webhook_delivery_failed: spec(
    502,
    true,
    ['webhook 投递失败', 'Webhook delivery failed'],
    ['订阅端点未接收该事件。', 'The subscriber endpoint did not accept the event.'],
  ),
  // The gateway itself
  not_ready: spec(
    503,
    true,
    ['尚未就绪', 'Not ready'],
    [
      '网关暂时无法处理请求：记录日志、状态存储或签名密钥不可用。',
      'The gateway cannot serve requests right now: the record log, the state store or the signing key is unavailable.',
    ],
  ),
  log_unavailable: spec(
    503,
    true,
    ['暂时无法写入', 'Temporarily unable to accept records'],
    ['记录日志暂时不可写入，请稍后重试。', 'The record log cannot accept writes right now; retry later.'],
  ),
  store_unavailable: spec(
    503,
    true,
    ['状态存储暂时不可用', 'State store temporarily unavailable'],
    [
      '状态存储暂时无法访问，本次请求未被处理，请稍后重试。',
      'The state store cannot be reached right now; the request was not processed; retry later.',
    ],
  ),
  internal: spec(500, true, ['内部错误', 'Internal error'], ['网关内部错误。', 'The gateway failed unexpectedly.']),
} as const satisfies Record<string, ErrorSpec>;

/** The errors of adapter translations (native payload ↔ standard), rendered by the inbound route. */
export const adapterProblems = {
  'adapter.malformed': spec(
    400,
    false,
    ['原生数据格式错误', 'Malformed native payload'],
    ['数据无法按声明的格式解析。', 'The payload cannot be parsed in its declared format.'],
  ),
  'adapter.encoding': spec(
    400,
    false,
    ['字符编码错误', 'Bad character encoding'],
    [
      '数据不是声明的字符编码（如 UTF-8、GB18030）的有效文本。',
      'The payload is not valid text in its declared encoding (e.g. UTF-8, GB18030).',
    ],
  ),
  'adapter.xml-entity': spec(
    400,
    false,
    ['拒绝 XML 实体', 'XML entities refused'],
    ['XML 中含有 DTD 或实体声明，出于安全原因拒绝处理。', 'The XML declares a DTD or entities, which are refused for safety.'],
  ),
  'adapter.unsupported-media-type': spec(
    415,
    false,
    ['不支持的原生媒体类型', 'Unsupported native media type'],
    ['该适配器不接受此媒体类型。', 'This adapter does not accept this media type.'],
  ),
  'adapter.too-large': spec(
    413,
    false,
    ['原生数据条目过多', 'Too many native items'],
    [
      '数据所含条目（事件、发布、行）超过一次请求的上限，请分批报送。',
      'The payload holds more items (events, releases, rows) than one request may carry; send it in parts.',
    ],
  ),
  'adapter.mapping': spec(
    422,
    false,
    ['无法映射到数据标准', 'Cannot map to the standard'],
    [
      '数据可以解析，但缺少或含有无法映射到数据标准的内容。',
      'The payload parses but lacks or holds content that cannot be mapped to the standard.',
    ],
  ),
  'adapter.config': spec(
    500,
    false,
    ['适配器配置错误', 'Adapter misconfigured'],
    ['该系统的适配器配置无效，请联系网关管理员。', "This system's adapter configuration is invalid; contact the gateway operator."],
  ),
  'adapter.unexpected': spec(500, false, ['适配器内部错误', 'Adapter failed'], ['适配器意外失败。', 'The adapter failed unexpectedly.']),
} as const satisfies Record<string, ErrorSpec>;

/** Every problem code. Closed: add here, document in docs/errors.md and contracts/openapi.yaml. */
export const errorCatalogue = { ...httpProblems, ...adapterProblems } as const;

/** A catalogue code. */
export type ErrorCode = keyof typeof errorCatalogue;

/** An adapter error code (`adapter.*`). */
export type AdapterErrorCode = keyof typeof adapterProblems;

/** The `type` URI of a code. */
export function problemType(code: ErrorCode): string {
  return `${PROBLEM_BASE}${code}`;
}

/** One problem inside a request, e.g. a schema violation: `{ pointer, keyword, message }`. */
export interface ProblemItem {
  pointer: string;
  keyword: string;
  message: Bilingual;
}
