/**
 * The gateway's API as TypeScript types, generated from contracts/openapi.yaml by openapi-typescript.
 * Do not edit: run `npm run gen:client`.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 存活探针 · Liveness probe. */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 回执签名公钥（JWKS） · The public keys (JWKS, RFC 7517) that verify receipt signatures. */
        get: operations["receiptKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 本接口契约（JSON） · This contract, as JSON. */
        get: operations["contract"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/ocds/extension/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 本项目 OCDS 扩展的文件 · A file of the project's OCDS extension (extension.json, release-schema.json, README.md).
         * @description The OCDS extension for Chinese government procurement that every OCDS package of the gateway declares in `extensions`. Public open data.
         */
        get: operations["ocdsExtensionFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/ocds/extension/codelists/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 本项目 OCDS 扩展的代码表（CSV） · A CSV codelist of the project's OCDS extension. */
        get: operations["ocdsExtensionCodelist"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 接口文档页面 · A browsable page of this contract. */
        get: operations["docs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/assets/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 接口文档页面的静态资源 · A script of the docs page (the API-reference renderer, served from the package, never from a CDN). */
        get: operations["docsAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schemas/v1/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 数据标准的 JSON Schema · A JSON Schema of the data standard, at the URL every event's `dataschema` names.
         * @description The schema's `$id` is this URL (under PXG_PUBLIC_URL when set), so its relative references resolve to the sibling files here.
         */
        get: operations["standardSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 推送一条记录版本 · Push one record version; answers with a signed receipt once it is durably in the log.
         * @description Pushing the same record id, version and content again returns the original receipt (200) and publishes nothing. The same version with different content, or a version older than the current one, is a conflict (409). A record id belongs to the system that first published it.
         */
        post: operations["pushRecord"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 批量推送记录 · Push many records (a JSON array or NDJSON); one result per record, in order.
         * @description The response is 200 with a result per record (its receipt, or its problem). With an `Idempotency-Key`, a repeated identical request returns the stored response; the same key with a different body is refused (422).
         */
        post: operations["pushBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 采购过程或订单的当前汇总状态 · The current compiled state of a procurement process (ocid) or e-marketplace order (transaction id).
         * @description A record id is accepted too and resolves to its process. Only records the caller may read are included.
         */
        get: operations["compiledProcess"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 采购过程的全部已接收版本 · Every accepted version of the records of a process, in journal order. */
        get: operations["processHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/systems/{systemId}/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 以系统原生格式推送记录 · Push records in the system's own native format; its adapter translates them, then they are ingested like a batch.
         * @description The systems registry names each system's adapter (adapters/registry.ts). The body must have one of the adapter's native media types and, when a charset is given, one of its encodings (e.g. `text/csv; charset=GB18030` for the Fujian legacy export, `application/xml` for the trading-platform data sets, `application/json` for e-marketplace order events). A payload the adapter cannot read is refused as a problem of the adapter catalogue (`adapter.malformed`, `adapter.encoding` and `adapter.xml-entity` 400, `adapter.too-large` 413, `adapter.unsupported-media-type` 415, `adapter.mapping` 422, `adapter.config` 500); otherwise the answer is 200 with one result per translated record, as for a batch.
         */
        post: operations["pushNative"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 订阅列表 · The caller's subscriptions (every subscription for the ministry), with endpoint state and cursor; never secrets. */
        get: operations["listSubscriptions"];
        put?: never;
        /**
         * 创建订阅 · Subscribe to a feed (webhook, pull or sse); a webhook subscription's signing secret is returned once, here.
         * @description The registry decides whether the system may subscribe, by which modes, and which records it may read; the subscription's filter applies on top of that entitlement. Webhook URLs pointing into internal networks are refused unless the registry allow-lists them. See docs/feeds.md.
         */
        post: operations["createSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 查看订阅 · One subscription. */
        get: operations["getSubscription"];
        put?: never;
        post?: never;
        /** 删除订阅 · Delete a subscription created through the API, with its cursor, attempts and dead letters. */
        delete: operations["deleteSubscription"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 重放订阅（移动游标） · Move the subscription's cursor to a cursor, a time, or the beginning; webhooks redeliver from there under the same webhook-ids. */
        post: operations["replaySubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 轮换 Webhook 签名密钥 · Start a new webhook signing secret; the previous one keeps signing alongside it for the grace period. */
        post: operations["rotateSubscriptionSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 重新启用 Webhook 端点 · Re-enable a disabled webhook endpoint; delivery resumes from the subscription's cursor. */
        post: operations["enableSubscriptionEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 暂停订阅 · Pause a subscription with a reason: nothing is delivered (webhooks, pull, stream) until it is resumed. The owner may pause its own subscriptions; the ministry may pause any (supervision), taking over an owner's pause. Audited. */
        post: operations["pauseSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 恢复订阅 · Resume a paused subscription; delivery continues from its cursor. Only the side that paused it may resume it: the owner cannot lift the ministry's pause (403), nor the ministry the owner's own. Resuming one that is not paused changes nothing. Audited. */
        post: operations["resumeSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{id}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook 投递尝试记录 · The latest webhook delivery attempts (status, latency, error), optionally of one event. */
        get: operations["listDeliveryAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 死信列表 · Dead letters of one subscription, or of every subscription the caller may see, by subscription and journal order. */
        get: operations["listDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dead-letters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 查看死信 · One dead letter with its event. */
        get: operations["getDeadLetter"];
        put?: never;
        post?: never;
        /** 丢弃死信 · Discard a dead letter without delivering it. */
        delete: operations["discardDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dead-letters/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 重投死信 · Deliver a dead letter once, now (same webhook-id); removed on success, kept on failure. */
        post: operations["retryDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feeds/{subscription}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 拉取数据流 · CloudEvents after a cursor, in journal order, with the cursor to continue from (long-poll with `wait`).
         * @description Without `after`, reading starts at the subscription's stored cursor (where it was created or replayed to). With `Accept: text/event-stream` the feed is streamed as Server-Sent Events, as on `/stream`. Cursors are opaque, durable and served by any gateway process.
         */
        get: operations["pullFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feeds/{subscription}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 数据流（服务器推送事件） · The feed as Server-Sent Events; `id:` is the cursor, resume with Last-Event-ID; heartbeat comments keep it open. */
        get: operations["streamFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 监控指标（Prometheus） · Metrics in the Prometheus text exposition format (docs/monitoring.md). */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 就绪探针 · Readiness probe: the log takes writes, the state store answers, the signing key is loaded (cached a few seconds). */
        get: operations["readiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/monitor/systems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 各推送系统同步状态（财政部） · The ministry only: per publishing system, last accepted and rejected push, freshness against its expected cadence, counts over 1 h and 24 h, top rejection codes, status OK / WARN / SILENT. */
        get: operations["monitorSystems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/monitor/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 各订阅投递状态（财政部） · The ministry only: per subscription, lag in events and seconds, delivery success rate and latency, dead letters, endpoint state, status OK / WARN / STALLED / ERROR. */
        get: operations["monitorSubscriptions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/monitor/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 监控看板会话令牌（财政部） · The ministry only: a short-lived token for the dashboard's event stream (EventSource cannot send an Authorization header). */
        post: operations["monitorSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/monitor/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 监控看板实时推送 · The dashboard's live tables as Server-Sent Events (`event: snapshot`, data `{ generatedAt, html }`), authenticated by a token from POST /v1/monitor/session. */
        get: operations["monitorStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 实时监控看板 · The live monitoring dashboard (HTML); it shows data only once the ministry's API key is entered. */
        get: operations["monitorDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 审计日志（财政部） · The ministry only: the audit log of administrative actions (who, what, when, from which address, request id), in sequence order, hash-chained. */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 校验审计日志哈希链（财政部） · The ministry only: re-read the whole audit log and check its hash chain (every link, every hash, and the recorded head). */
        get: operations["verifyAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconciliation/{systemId}/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                systemId: string;
                /** @description A day in Asia/Shanghai (UTC+8), by the time the gateway accepted the records (years 0100–9999). */
                date: components["parameters"]["ReconciliationDate"];
            };
            cookie?: never;
        };
        /** 系统某日已接收记录的对账摘要 · The count and digest of the record versions the gateway accepted from the system on that day (Asia/Shanghai); `?records=true` lists them. The system itself or the ministry only. */
        get: operations["reconciliationSummary"];
        put?: never;
        /** 按系统清单对账 · Compares the system's own manifest of a day (a list of versions, or a digest and count) with the gateway's: missing (not accepted), extra, mismatched. */
        post: operations["reconcileSystem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconciliation/subscriptions/{subscriptionId}/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subscriptionId: string;
                /** @description A day in Asia/Shanghai (UTC+8), by the time the gateway accepted the records (years 0100–9999). */
                date: components["parameters"]["ReconciliationDate"];
            };
            cookie?: never;
        };
        /** 订阅某日已发送记录的对账摘要 · What the subscription was sent of the versions accepted that day (webhooks: delivered up to its cursor, dead letters excluded; pull and SSE: all it may read). Its owner or the ministry only. */
        get: operations["reconciliationSent"];
        put?: never;
        /** 按订阅方清单对账 · Compares what the subscriber received that day with what it was sent: missing (sent, not received), extra, mismatched. */
        post: operations["reconcileSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/ocds/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 公开的 OCDS 1.1 发布包 · Public OCDS 1.1 release package: the public notice versions after a cursor, in the gateway's order; the Link header rel=next continues (docs/open-data.md). */
        get: operations["publicReleases"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/ocds/records/{ocid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 一个采购项目的公开 OCDS 1.1 记录包 · Public OCDS 1.1 record package of one process: its public releases and the compiled release. */
        get: operations["publicRecord"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 每日批量文件（北京时间日） · The daily bulk files (Asia/Shanghai days): for each, the gzipped JSON Lines file, its manifest, sha-256 and counts. */
        get: operations["publicBulkIndex"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/bulk/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 某日的批量文件或其清单 · A day's bulk file `{YYYY-MM-DD}.jsonl.gz` (one OCDS release package per line, gzipped) or its manifest `{YYYY-MM-DD}.manifest.json` (sha-256 per file, counts). */
        get: operations["publicBulkFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/atom/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 某地区最新公开公告的 Atom 订阅 · Atom 1.0 feed (RFC 4287) of the newest public notices of an area `{areaCode}.xml` (GB/T 2260; a province includes its cities), titles in Chinese. */
        get: operations["publicAtom"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ReadinessChecks: {
            log: boolean;
            store: boolean;
            signingKey: boolean;
        };
        WindowCounts: {
            accepted: number;
            rejected: number;
        };
        SystemHealth: {
            id: string;
            name: string;
            /** @enum {unknown} */
            kind: "provincial" | "trading-platform" | "e-marketplace" | "ministry";
            /** @enum {unknown} */
            status: "OK" | "WARN" | "SILENT";
            reasons: ("never_accepted" | "silent" | "late" | "rejections")[];
            expectedCadenceS: number;
            /** Format: date-time */
            lastAcceptedAt: string | null;
            /** Format: date-time */
            lastRejectedAt: string | null;
            /** @description Seconds since the last accepted push. */
            ageS: number | null;
            counts: {
                "1h"?: components["schemas"]["WindowCounts"];
                "24h"?: components["schemas"]["WindowCounts"];
            };
            topRejectionCodes: {
                code?: components["schemas"]["ProblemCode"];
                count?: number;
            }[];
            /** @description Accepted and rejected per hour over the last 24 hours, oldest first. */
            trend: {
                bucketS?: number;
                accepted?: number[];
                rejected?: number[];
            };
        };
        SubscriptionHealth: {
            id: string;
            systemId: string;
            /** @enum {unknown} */
            mode: "webhook" | "pull" | "sse";
            /** @enum {unknown} */
            status: "OK" | "WARN" | "STALLED" | "ERROR";
            reasons: ("endpoint_disabled" | "endpoint_failing" | "stalled" | "lagging" | "dead_letters" | "low_success_rate")[];
            /** @description Null for pull and SSE subscriptions, whose clients hold their cursors. */
            lag: {
                events?: number;
                seconds?: number;
                /** @description True when the count is a lower bound. */
                capped?: boolean;
                cursor?: number;
                head?: number;
            } | null;
            delivery: {
                attempts1h?: number;
                successRate?: number | null;
                latencyMs?: {
                    p50?: number;
                    p95?: number;
                } | null;
                /** Format: date-time */
                lastSuccessAt?: string | null;
                /** Format: date-time */
                lastFailureAt?: string | null;
            };
            deadLetters: number;
            endpoint: {
                /** @enum {unknown} */
                status?: "active" | "failing" | "disabled";
                reason?: string | null;
                /** Format: date-time */
                since?: string;
            } | null;
        };
        ManifestEntry: {
            /** @description A record id without control or format characters. */
            recordId: string;
            version: number;
            contentHash: string;
        };
        /** @description A list of versions (bare, or as `records`), or a digest and count: sha-256 over the lines `recordId<TAB>version<TAB>contentHash<LF>` sorted in byte order. */
        ManifestInput: components["schemas"]["ManifestEntry"][] | {
            records: components["schemas"]["ManifestEntry"][];
        } | {
            digest: string;
            count: number;
        };
        ManifestSummary: {
            systemId?: string;
            subscriptionId?: string;
            /** Format: date */
            date: string;
            /** @constant */
            timeZone: "Asia/Shanghai";
            /** @enum {unknown} */
            basis?: "delivered" | "available";
            count: number;
            digest: string;
            records?: components["schemas"]["ManifestEntry"][];
        };
        Reconciliation: {
            systemId?: string;
            subscriptionId?: string;
            /** Format: date */
            date: string;
            /** @constant */
            timeZone: "Asia/Shanghai";
            match: boolean;
            gateway: {
                count?: number;
                digest?: string;
            };
            submitted: {
                count?: number;
                digest?: string;
            };
            /** @description Versions the receiving side lacks (the gateway for a system's pushes, the subscriber for deliveries); null when only a digest was submitted. */
            missing: components["schemas"]["ManifestEntry"][] | null;
            extra: components["schemas"]["ManifestEntry"][] | null;
            mismatched: {
                recordId?: string;
                version?: number;
                gatewayHash?: string;
                submittedHash?: string;
            }[] | null;
        };
        /** @description An opaque feed cursor (base64url), as the gateway hands it out. */
        Cursor: string;
        /** @description Every dimension given must match; absent or empty ones match all. Areas and catalogue codes match by prefix. */
        FeedFilter: {
            recordTypes?: ("notice" | "transaction")[];
            noticeTypes?: string[];
            transactionTypes?: string[];
            areaPrefixes?: string[];
            cataloguePrefixes?: string[];
            sourceSystems?: string[];
        };
        SubscriptionInput: {
            id?: string;
            /** @enum {unknown} */
            mode: "webhook" | "pull" | "sse";
            /** @description cloudevents (default), cloudevents-binary, standard, or adapter:<id> of an adapter that renders outbound. */
            format?: string;
            filter?: components["schemas"]["FeedFilter"];
            /**
             * @default now
             * @enum {unknown}
             */
            from: "now" | "beginning";
            webhook?: {
                url: string;
                /** @description Generated when absent. */
                secret?: string;
                /** @description Extra signatures: sm3-hmac adds the header webhook-signature-sm3 (HMAC-SM3 of id.timestamp.body with the same secret; docs/cryptography.md). */
                signatures?: "sm3-hmac"[];
            };
        };
        Subscription: {
            id: string;
            systemId: string;
            /** @enum {unknown} */
            mode: "webhook" | "pull" | "sse";
            format: string;
            filter: components["schemas"]["FeedFilter"];
            /** @enum {unknown} */
            origin: "registry" | "api";
            /** Format: date-time */
            createdAt: string;
            /** @description The stored cursor (webhooks deliver after it; pulls without `after` start there). */
            cursor: string;
            webhook?: {
                url?: string;
                secrets?: {
                    expiresAt?: string | null;
                }[];
                signatures?: "sm3-hmac"[];
            };
            endpoint?: components["schemas"]["EndpointState"];
            /** @description Who paused it (its owner or the ministry), when and why; null while it delivers. */
            paused: null | components["schemas"]["SubscriptionPause"];
        };
        SubscriptionPause: {
            /** @description The system that paused it. */
            by: string;
            /** Format: date-time */
            at: string;
            reason: string;
        };
        EndpointState: {
            subscriptionId: string;
            /** @enum {unknown} */
            status: "active" | "failing" | "disabled";
            reason: string | null;
            /** Format: date-time */
            since: string;
            consecutiveDeadLetters: number;
            /** Format: date-time */
            lastSuccessAt: string | null;
            /** Format: date-time */
            lastFailureAt: string | null;
        };
        DeliveryAttempt: {
            subscriptionId?: string;
            eventId?: string;
            seq?: number;
            attempt?: number;
            /** Format: date-time */
            at?: string;
            status?: number | null;
            latencyMs?: number;
            error?: string | null;
            /** @enum {unknown} */
            outcome?: "delivered" | "retry" | "dead-lettered" | "gone" | "abandoned";
        };
        DeadLetter: {
            id?: string;
            subscriptionId?: string;
            seq?: number;
            eventId?: string;
            attempts?: number;
            /** Format: date-time */
            firstAttemptAt?: string;
            /** Format: date-time */
            lastAttemptAt?: string;
            lastStatus?: number | null;
            lastError?: string | null;
            /** Format: date-time */
            createdAt?: string;
            event?: components["schemas"]["CloudEvent"];
        };
        /** @description A CloudEvents 1.0 event carrying one standard record version (structured JSON form). */
        CloudEvent: {
            /** @constant */
            specversion: "1.0";
            id: string;
            source: string;
            type: string;
            subject: string;
            /** Format: date-time */
            time: string;
            datacontenttype?: string;
            dataschema?: string;
            /** @enum {unknown} */
            operation?: "create" | "update" | "withdraw";
            recordversion?: number;
            processkey?: string;
            contenthash?: string;
            traceparent?: string;
            data?: unknown;
        };
        /** @description A Server-Sent Events stream (text/event-stream), described as the sequence of its events. It opens with `retry: 2000`; comment lines (`:`) are heartbeats. */
        FeedEventStream: {
            id: components["schemas"]["Cursor"];
            /** @description The event in the subscription's format (a CloudEvent unless the format is an adapter's). */
            data: string;
        }[];
        /** @description A Server-Sent Events stream (text/event-stream) of dashboard snapshots, described as the sequence of its events. */
        MonitorEventStream: {
            /** @constant */
            event: "snapshot";
            data: string;
        }[];
        FeedPage: {
            subscription: string;
            events: components["schemas"]["CloudEvent"][];
            /** @description The cursor to continue from. */
            next: string;
            /** @description Present while the subscription is paused: no events are read until it is resumed. */
            paused?: components["schemas"]["SubscriptionPause"];
        };
        /** @enum {unknown} */
        AuditAction: "subscription.created" | "subscription.changed" | "subscription.paused" | "subscription.resumed" | "subscription.enabled" | "subscription.deleted" | "subscription.secret_rotated" | "subscription.replayed" | "dead_letter.retried" | "dead_letter.discarded" | "registry.reloaded" | "registry.reload_refused" | "auth.refused_burst" | "signature.refused_burst" | "process.ownership_transferred";
        /** @description One audited action. Its hash covers the previous entry's hash and the entry's canonical JSON (RFC 8785) without `hash`. */
        AuditEntry: {
            seq: number;
            /** Format: date-time */
            at: string;
            action: components["schemas"]["AuditAction"];
            /** @description The system that acted, or `operator` / `gateway`. */
            actor: string;
            /** @description A subscription id, a dead-letter id, a system id. */
            target?: string;
            /** @description The systems concerned besides the actor (the target's owner). */
            systems?: string[];
            /** @description What changed, or why; never a secret. */
            details?: Record<string, never>;
            /** @description The client address of the request. */
            address?: string;
            requestId?: string;
            prevHash: string;
            hash: string;
        };
        /** @description A record of the unified data standard (schemas/v1). */
        StandardRecord: components["schemas"]["v1-notice"] | components["schemas"]["v1-transaction"];
        /** @description Signed proof of acceptance. Receipts issued together are the leaves of one RFC 9162 Merkle tree (SHA-256; leaf = H(0x00 || RFC 8785 canonical JSON of the seven fields eventId..sourceSystem)); `signature` is a compact JWS (EdDSA, `typ` pxg-receipt-tree+jws) over `{"rootHash","treeSize"}` and `proof` the inclusion proof of this receipt's leaf; verify with GET /v1/keys. */
        Receipt: {
            /** Format: uuid */
            eventId: string;
            recordId: string;
            version: number;
            /** @description sha-256 of the canonical record. */
            contentHash: string;
            logPosition: string;
            /** Format: date-time */
            acceptedAt: string;
            sourceSystem: string;
            proof: {
                leafIndex: number;
                /** @description Sibling hashes from the leaf up (RFC 9162 §2.1.3). */
                path: string[];
            };
            signature: string;
        };
        ProblemItem: {
            /** @description JSON Pointer into the record. */
            pointer: string;
            keyword: string;
            message: string;
        };
        /**
         * @description The closed catalogue of error codes (docs/errors.md).
         * @enum {unknown}
         */
        ProblemCode: "malformed_request" | "not_found" | "method_not_allowed" | "payload_too_large" | "unsupported_media_type" | "unauthenticated" | "signature_invalid" | "forbidden" | "publish_not_allowed" | "record_foreign" | "process_not_owned" | "rate_limited" | "record_invalid" | "record_limits_exceeded" | "batch_too_large" | "version_conflict" | "version_stale" | "idempotency_key_reused" | "subscription_invalid" | "subscription_exists" | "subscription_managed_by_registry" | "subscription_paused" | "webhook_target_forbidden" | "cursor_invalid" | "feed_mode_mismatch" | "webhook_delivery_failed" | "log_unavailable" | "store_unavailable" | "not_ready" | "internal" | "adapter.malformed" | "adapter.encoding" | "adapter.xml-entity" | "adapter.unsupported-media-type" | "adapter.too-large" | "adapter.mapping" | "adapter.config" | "adapter.unexpected";
        Problem: {
            /**
             * Format: uri
             * @description https://procurement-exchange.example/problems/<code>
             */
            type: string;
            title: string;
            status: number;
            detail: string;
            code: components["schemas"]["ProblemCode"];
            retriable: boolean;
            requestId: string;
            errors: components["schemas"]["ProblemItem"][];
            /** @description For version_stale, the current version. */
            currentVersion?: number;
            /** @description For version_conflict and version_stale, the version to push next (the pushed, or the current, version + 1). */
            nextVersion?: number;
        };
        BatchResults: {
            accepted: number;
            duplicates: number;
            rejected: number;
            results: {
                index: number;
                status: number;
                /** @description The record's id as pushed (or as receipted), when the input named one. */
                recordId?: string;
                /** @description The record's version as pushed (or as receipted), when the input named one. */
                version?: number;
                receipt?: components["schemas"]["Receipt"];
                warnings?: components["schemas"]["ProblemItem"][];
                problem?: components["schemas"]["Problem"];
            }[];
        };
        History: {
            processKey: string;
            versions: {
                seq?: number;
                eventId?: string;
                recordId?: string;
                version?: number;
                /** @enum {unknown} */
                operation?: "create" | "update" | "withdraw";
                /** Format: date-time */
                acceptedAt?: string;
                sourceSystem?: string;
                contentHash?: string;
                logPosition?: string;
                record?: components["schemas"]["StandardRecord"];
            }[];
        };
        /**
         * Notice
         * @description A government procurement notice of one of the 13 formats of 财办库〔2020〕50号, shaped so that it maps onto an OCDS release of its procurement process (ocid).
         */
        "v1-notice": {
            /**
             * Record type
             * @description Always notice.
             * @constant
             */
            recordType: "notice";
            /**
             * Notice id
             * @description The notice's own id, stable across its versions.
             */
            id: components["schemas"]["v1-common"]["$defs"]["Id"];
            /**
             * Version
             * @description Version of this notice, from 1 to 2147483647 (2^31 − 1: room for a new version every second for 68 years, and exact in every JSON parser and 32-bit integer column); a newer version replaces an older one.
             */
            version: number;
            /**
             * Operation
             * @description create, update or withdraw (codelist operation).
             * @enum {unknown}
             */
            operation: "create" | "update" | "withdraw";
            /**
             * Area code
             * @description GB/T 2260 code of the area whose system published the notice.
             */
            regionCode: components["schemas"]["v1-common"]["$defs"]["RegionCode"];
            /**
             * Process id (ocid)
             * Format: plain-id
             * @description Id of the procurement process: an OCDS prefix (ocds- and 6 lowercase letters or digits, e.g. ocds-px0001) then '-' and the project number.
             */
            ocid: string;
            /**
             * Notice type
             * @description One of the 13 notice formats (codelist noticeType).
             * @enum {unknown}
             */
            noticeType: "intention" | "prequalification" | "tender" | "competitive" | "award" | "correction" | "termination" | "contract" | "acceptance" | "singleSource" | "complaintRuling" | "supervisionRuling" | "agencyAssessment";
            /**
             * Published
             * @description When this version of the notice was published.
             */
            date: components["schemas"]["v1-common"]["$defs"]["DateTime"];
            /**
             * Notice title
             * @description Title of the notice as published.
             */
            title?: string;
            /**
             * Notice URL
             * Format: uri
             * @description Where the notice is published.
             */
            url?: string;
            /**
             * Body
             * @description Free text of the notice, e.g. other matters (其他补充事宜).
             */
            description?: string;
            /**
             * Project
             * @description The procurement project the notice belongs to.
             */
            project?: {
                /**
                 * Project number
                 * Format: plain-id
                 * @description Project number assigned by the buyer or agency; the ocid ends with it.
                 */
                id: string;
                /**
                 * Project name
                 * @description Name of the project.
                 */
                name: string;
            };
            /**
             * Parties
             * @description Every organisation named in the notice, with its roles.
             */
            parties?: components["schemas"]["v1-common"]["$defs"]["Organization"][];
            /**
             * Buyer
             * @description The buyer, a party with role buyer.
             */
            buyer?: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"];
            /**
             * Planning
             * @description What an intention notice announces (财库〔2020〕10号).
             */
            planning?: components["schemas"]["v1-notice"]["$defs"]["Planning"];
            /**
             * Tender
             * @description The call for bids or responses: method, budget, requirements, deadlines, documents (MOF Order 87 §13).
             */
            tender?: components["schemas"]["v1-notice"]["$defs"]["Tender"];
            /**
             * Awards
             * @description Award decisions, one per lot or winner.
             */
            awards?: components["schemas"]["v1-notice"]["$defs"]["Award"][];
            /**
             * Contracts
             * @description Signed contracts.
             */
            contracts?: components["schemas"]["v1-notice"]["$defs"]["Contract"][];
            /**
             * Correction
             * @description What a correction notice corrects, and whether the deadlines moved (MOF Order 87 §27).
             */
            correction?: components["schemas"]["v1-notice"]["$defs"]["Correction"];
            /**
             * Termination
             * @description Why the procurement was terminated.
             */
            termination?: components["schemas"]["v1-notice"]["$defs"]["Termination"];
            /**
             * Acceptance
             * @description Acceptance of a public service contract (履约验收, 财库〔2016〕205号).
             */
            acceptance?: components["schemas"]["v1-notice"]["$defs"]["Acceptance"];
            /**
             * Single-source publicity
             * @description The proposed supplier and why single source is needed.
             */
            singleSource?: components["schemas"]["v1-notice"]["$defs"]["SingleSource"];
            /**
             * Ruling
             * @description A complaint or supervision ruling by a finance department.
             */
            ruling?: components["schemas"]["v1-notice"]["$defs"]["Ruling"];
            /**
             * Assessment
             * @description Assessment of a central purchasing body by the finance department.
             */
            assessment?: components["schemas"]["v1-notice"]["$defs"]["Assessment"];
            /**
             * Attachments
             * @description Documents published with the notice.
             */
            documents?: components["schemas"]["v1-common"]["$defs"]["Document"][];
            $defs: {
                /**
                 * Planning
                 * @description What an intention notice announces (财库〔2020〕10号).
                 */
                Planning: {
                    /**
                     * Budget
                     * @description Estimated budget.
                     */
                    budget?: components["schemas"]["v1-common"]["$defs"]["Value"];
                    /**
                     * Requirement summary
                     * @description Summary of what will be procured.
                     */
                    requirementSummary?: string;
                    /**
                     * Expected month
                     * @description Expected month of procurement, YYYY-MM.
                     */
                    expectedDate?: string;
                    /**
                     * Reserved for SMEs
                     * @description Whether the procurement is reserved for small and medium enterprises.
                     */
                    reservedForSme?: boolean;
                    /**
                     * Items
                     * @description Items planned.
                     */
                    items?: components["schemas"]["v1-common"]["$defs"]["Item"][];
                };
                /**
                 * Tender
                 * @description The call for bids or responses: method, budget, requirements, deadlines, documents (MOF Order 87 §13).
                 */
                Tender: {
                    /**
                     * Tender id
                     * @description Id of the tender, usually the project number.
                     */
                    id?: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Title
                     * @description Name of the tender.
                     */
                    title?: string;
                    /**
                     * Requirements
                     * @description Summary of the requirements.
                     */
                    description?: string;
                    /**
                     * Status
                     * @description Codelist tenderStatus.
                     * @enum {unknown}
                     */
                    status?: "planning" | "planned" | "active" | "cancelled" | "unsuccessful" | "complete" | "withdrawn";
                    /**
                     * Procurement method
                     * @description Codelist procurementMethod.
                     * @enum {unknown}
                     */
                    procurementMethod?: "open" | "invited" | "competitiveNegotiation" | "competitiveConsultation" | "inquiry" | "singleSource" | "frameworkAgreement" | "innovation";
                    /**
                     * Method rationale
                     * @description Why this method was used (required reading for single source).
                     */
                    procurementMethodRationale?: string;
                    /**
                     * Organisation form
                     * @description Codelist organizationForm.
                     * @enum {unknown}
                     */
                    organizationForm?: "centralized" | "departmental" | "decentralized";
                    /**
                     * Main category
                     * @description goods, works or services (codelist procurementCategory).
                     * @enum {unknown}
                     */
                    mainProcurementCategory?: "goods" | "works" | "services";
                    /**
                     * Budget
                     * @description Budget of the procurement (采购预算).
                     */
                    value?: components["schemas"]["v1-common"]["$defs"]["Value"];
                    /**
                     * Price ceiling
                     * @description Price ceiling, if any.
                     */
                    maxPrice?: components["schemas"]["v1-common"]["$defs"]["Value"];
                    /**
                     * Agency
                     * @description The agency running the procurement, a party with role procuringEntity or centralPurchasingBody.
                     */
                    procuringEntity?: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"];
                    /**
                     * Items
                     * @description Items to be procured.
                     */
                    items?: components["schemas"]["v1-common"]["$defs"]["Item"][];
                    /**
                     * Lots
                     * @description Lots of the tender.
                     */
                    lots?: components["schemas"]["v1-common"]["$defs"]["Lot"][];
                    /**
                     * Supplier qualifications
                     * @description Qualifications suppliers must meet.
                     */
                    eligibilityCriteria?: string;
                    /**
                     * Reserved for SMEs
                     * @description Whether the tender is reserved for SMEs.
                     */
                    reservedForSme?: boolean;
                    /**
                     * Obtaining the documents
                     * @description Where, when and how to obtain the procurement documents, and their price.
                     */
                    documentsAccess?: {
                        /**
                         * Period
                         * @description When the documents can be obtained.
                         */
                        period: components["schemas"]["v1-common"]["$defs"]["Period"];
                        /**
                         * Place
                         * @description Where (address or platform).
                         */
                        place?: string;
                        /**
                         * URL
                         * Format: uri
                         * @description Online address to obtain the documents.
                         */
                        url?: string;
                        /**
                         * Method
                         * @description How (e.g. online download with CA login).
                         */
                        method: string;
                        /**
                         * Price
                         * @description Price of the documents (0 when free).
                         */
                        price?: components["schemas"]["v1-common"]["$defs"]["Value"];
                    };
                    /**
                     * Bid period
                     * @description endDate is the bid (or response) deadline, 投标截止时间.
                     */
                    tenderPeriod?: components["schemas"]["v1-common"]["$defs"]["Period"];
                    /**
                     * Bid opening
                     * @description Opening time and place.
                     */
                    bidOpening?: {
                        /**
                         * Opening time
                         * @description When the bids are opened.
                         */
                        date: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                        /**
                         * Opening place
                         * @description Where the bids are opened (address or platform).
                         */
                        address: string;
                    };
                    /**
                     * Submission
                     * @description How and where bids are submitted.
                     */
                    submissionMethodDetails?: string;
                    /**
                     * Documents
                     * @description Tender documents.
                     */
                    documents?: components["schemas"]["v1-common"]["$defs"]["Document"][];
                    /**
                     * Amendments
                     * @description Changes made by correction notices.
                     */
                    amendments?: components["schemas"]["v1-common"]["$defs"]["Amendment"][];
                };
                /**
                 * Award
                 * @description The winner, amount and main items of a lot (MOF Order 87 §69).
                 */
                Award: {
                    /**
                     * Award id
                     * @description Local id of the award; contracts reference it by awardID.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Title
                     * @description Name of the award, e.g. the lot name.
                     */
                    title?: string;
                    /**
                     * Status
                     * @description Codelist awardStatus.
                     * @enum {unknown}
                     */
                    status?: "pending" | "active" | "cancelled" | "unsuccessful";
                    /**
                     * Decision date
                     * @description When the winner was determined (中标、成交供应商确定之日); the award notice is due within 2 working days.
                     */
                    date?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Evaluation date
                     * @description When the evaluation panel met.
                     */
                    evaluationDate?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Award amount
                     * @description Winning bid amount, or rate/unit price by the price form.
                     */
                    value?: components["schemas"]["v1-common"]["$defs"]["Value"];
                    /**
                     * Winners
                     * @description The winning suppliers, parties with role supplier and an identifier.
                     */
                    suppliers?: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"][];
                    /**
                     * Main items
                     * @description Main items: name, brand, model, quantity, unit price.
                     */
                    items?: components["schemas"]["v1-common"]["$defs"]["Item"][];
                    /**
                     * Lots
                     * @description Ids of the lots awarded.
                     */
                    relatedLots?: components["schemas"]["v1-common"]["$defs"]["Id"][];
                    /**
                     * Evaluation panel
                     * @description Names of the evaluation panel members.
                     */
                    evaluationPanel?: string[];
                    /**
                     * Documents
                     * @description e.g. the evaluation report.
                     */
                    documents?: components["schemas"]["v1-common"]["$defs"]["Document"][];
                };
                /**
                 * Contract
                 * @description A signed procurement contract, linked to its award.
                 */
                Contract: {
                    /**
                     * Contract id
                     * @description Contract number.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Award id
                     * @description The award this contract implements.
                     */
                    awardID?: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Title
                     * @description Name of the contract.
                     */
                    title?: string;
                    /**
                     * Status
                     * @description Codelist contractStatus.
                     * @enum {unknown}
                     */
                    status?: "pending" | "active" | "cancelled" | "terminated";
                    /**
                     * Contract amount
                     * @description Amount of the contract.
                     */
                    value?: components["schemas"]["v1-common"]["$defs"]["Value"];
                    /**
                     * Suppliers
                     * @description The contracted suppliers, parties with role supplier.
                     */
                    suppliers?: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"][];
                    /**
                     * Term
                     * @description Performance period.
                     */
                    period?: components["schemas"]["v1-common"]["$defs"]["Period"];
                    /**
                     * Signed
                     * @description When the contract was signed.
                     */
                    dateSigned?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Items
                     * @description Contracted items.
                     */
                    items?: components["schemas"]["v1-common"]["$defs"]["Item"][];
                    /**
                     * Milestones
                     * @description Delivery, acceptance and payment milestones.
                     */
                    milestones?: components["schemas"]["v1-common"]["$defs"]["Milestone"][];
                    /**
                     * Documents
                     * @description The contract text and annexes.
                     */
                    documents?: components["schemas"]["v1-common"]["$defs"]["Document"][];
                };
                /**
                 * Correction
                 * @description What a correction notice corrects, and whether the deadlines moved (MOF Order 87 §27).
                 */
                Correction: {
                    /**
                     * Corrected notice
                     * @description Id of the notice corrected (same ocid).
                     */
                    noticeId: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Affects bids
                     * @description Whether the change may affect the preparation of bids.
                     */
                    substantive: boolean;
                    /**
                     * Deadline moved
                     * @description Whether the bid deadline or opening time moves.
                     */
                    deadlineChanged: boolean;
                    /**
                     * New bid deadline
                     * @description The new bid deadline when it moves.
                     */
                    tenderPeriodEnd?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * New opening time
                     * @description The new opening time when it moves.
                     */
                    bidOpeningDate?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Changes
                     * @description Each corrected item: what it was, what it is now.
                     */
                    changes: {
                        /**
                         * Item corrected
                         * @description What is corrected, e.g. a section of the tender documents.
                         */
                        field: string;
                        /**
                         * Before
                         * @description The original content.
                         */
                        before?: string;
                        /**
                         * After
                         * @description The corrected content.
                         */
                        after: string;
                    }[];
                };
                /**
                 * Termination
                 * @description Why the procurement was terminated.
                 */
                Termination: {
                    /**
                     * Reason
                     * @description Reason for the termination.
                     */
                    reason: string;
                    /**
                     * Terminated notice
                     * @description Id of the notice whose procurement ends.
                     */
                    noticeId?: components["schemas"]["v1-common"]["$defs"]["Id"];
                };
                /**
                 * Acceptance
                 * @description Acceptance of a public service contract (履约验收, 财库〔2016〕205号).
                 */
                Acceptance: {
                    /**
                     * Contract
                     * @description The contract accepted.
                     */
                    contractID: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Acceptance date
                     * @description When the acceptance took place.
                     */
                    date: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Result
                     * @description passed or failed.
                     * @enum {unknown}
                     */
                    result: "passed" | "failed";
                    /**
                     * Findings
                     * @description What was checked and found.
                     */
                    description?: string;
                    /**
                     * Participants
                     * @description Members of the acceptance team, including service recipients.
                     */
                    participants?: string[];
                };
                /**
                 * Single-source publicity
                 * @description The proposed supplier and why single source is needed.
                 */
                SingleSource: {
                    /**
                     * Proposed supplier
                     * @description The only supplier proposed, a party with role supplier.
                     */
                    supplier: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"];
                    /**
                     * Reason
                     * @description Why only this supplier can deliver.
                     */
                    reason: string;
                    /**
                     * Expert opinions
                     * @description Opinions of the experts consulted.
                     */
                    expertOpinions?: {
                        /**
                         * Expert
                         * @description Name and title of the expert.
                         */
                        expert: string;
                        /**
                         * Opinion
                         * @description The expert's opinion.
                         */
                        opinion: string;
                    }[];
                    /**
                     * Publicity period
                     * @description When objections may be raised (at least 5 working days).
                     */
                    objectionPeriod: components["schemas"]["v1-common"]["$defs"]["Period"];
                };
                /**
                 * Ruling
                 * @description A complaint or supervision ruling by a finance department.
                 */
                Ruling: {
                    /**
                     * Case number
                     * @description Number of the decision document.
                     */
                    caseNumber: string;
                    /**
                     * Authority
                     * @description The finance department deciding, a party with role reviewBody.
                     */
                    authority: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"];
                    /**
                     * Complainant
                     * @description Who complained (complaint rulings), a party with role complainant.
                     */
                    complainant?: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"];
                    /**
                     * Respondents
                     * @description Who the ruling concerns.
                     */
                    respondents?: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"][];
                    /**
                     * Decision date
                     * @description When the decision was made.
                     */
                    decisionDate: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Matters
                     * @description What was complained about or inspected.
                     */
                    matters?: string;
                    /**
                     * Decision
                     * @description The decision and its basis.
                     */
                    decision: string;
                };
                /**
                 * Assessment
                 * @description Assessment of a central purchasing body by the finance department.
                 */
                Assessment: {
                    /**
                     * Body assessed
                     * @description The central purchasing body, a party with role centralPurchasingBody.
                     */
                    agency: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"];
                    /**
                     * Period assessed
                     * @description Period covered by the assessment.
                     */
                    period: components["schemas"]["v1-common"]["$defs"]["Period"];
                    /**
                     * Score
                     * @description Score out of 100.
                     */
                    score?: number;
                    /**
                     * Result
                     * @description Conclusion and findings.
                     */
                    result: string;
                };
            };
        } & (unknown & unknown & unknown & unknown & unknown & unknown & unknown & unknown & unknown & unknown & unknown & unknown & unknown);
        /**
         * Common building blocks
         * @description Shapes shared by notices and transactions, aligned with the Open Contracting Data Standard (OCDS) 1.1.
         */
        "v1-common": {
            $defs: {
                /**
                 * Identifier
                 * Format: plain-id
                 * @description A local identifier: 1 to 64 printable characters without spaces; no control (Cc) or format (Cf) characters such as bidi overrides or zero-width characters (format plain-id), so that two ids never look alike.
                 */
                Id: string;
                /**
                 * Date and time
                 * Format: date-time
                 * @description RFC 3339 date-time with an explicit offset, e.g. 2026-03-02T09:30:00+08:00.
                 */
                DateTime: string;
                /**
                 * Area code
                 * Format: gbt2260
                 * @description GB/T 2260 administrative division code (6 digits), checked against the shipped code table.
                 */
                RegionCode: string;
                /**
                 * Procurement catalogue code
                 * @description Code of the procurement catalogue, padded with zeros to 9 characters, e.g. A02010105. Codes of the 2022 catalogue (财库〔2022〕31号) are looked up in the shipped table; codes of other versions are checked for shape only.
                 */
                CatalogueCode: string;
                /**
                 * Amount in yuan
                 * @description A non-negative amount in yuan (元) with at most 2 decimals, at most 9 999 999 999 999.99 (10^13 − 0.01). Why: every amount of 2 decimals below 2^53/100 (about 9.007 × 10^13) is exactly distinct as a JSON number (IEEE 754 double), so no amount is silently rounded on its way through any JSON parser; 10^13 yuan is above the whole country's yearly government procurement (about 3.4 × 10^12 yuan).
                 */
                Money: number;
                /**
                 * Value
                 * @description A price or amount, always in CNY yuan, with what the source sent and the price form (amount, rate, unit price or other).
                 */
                Value: {
                    /**
                     * Amount
                     * @description Amount in yuan (元), at most 2 decimals. Required unless the price form is a rate or other.
                     */
                    amount?: components["schemas"]["v1-common"]["$defs"]["Money"];
                    /**
                     * Currency
                     * @description Always CNY.
                     * @constant
                     */
                    currency?: "CNY";
                    /**
                     * Original amount
                     * @description The amount and unit as the source system sent them (元 or 万元, up to 6 decimals).
                     */
                    original?: {
                        /**
                         * Original amount
                         * @description The number the source sent.
                         */
                        amount: number;
                        /**
                         * Original unit
                         * @description 元 (yuan) or 万元 (ten thousand yuan).
                         * @enum {unknown}
                         */
                        unit: "元" | "万元";
                    };
                    /**
                     * Price form
                     * @description 1 amount, 2 rate, 3 unit price, 9 other (codelist priceForm). Defaults to 1.
                     * @enum {unknown}
                     */
                    priceForm?: "1" | "2" | "3" | "9";
                    /**
                     * Rate
                     * @description Percentage (0 to 100) when the price form is a rate, e.g. a fee or discount rate.
                     */
                    rate?: number;
                    /**
                     * Price details
                     * @description Free text explaining the price; required when the price form is other.
                     */
                    details?: string;
                } & unknown;
                /**
                 * Period
                 * @description A span of time; either end may be open.
                 */
                Period: {
                    /**
                     * Start
                     * @description When the period starts.
                     */
                    startDate?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * End
                     * @description When the period ends.
                     */
                    endDate?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Duration in days
                     * @description Length of the period in calendar days.
                     */
                    durationInDays?: number;
                };
                /**
                 * Organisation identifier
                 * @description An organisation identifier with an explicit scheme; USCC and organisation codes are checked with their check characters.
                 */
                Identifier: {
                    /**
                     * Scheme
                     * @description CN-USCC, CN-ORGCODE, CN-RESIDENT or OTHER (codelist identifierScheme).
                     * @enum {unknown}
                     */
                    scheme: "CN-USCC" | "CN-ORGCODE" | "CN-RESIDENT" | "OTHER";
                    /**
                     * Identifier
                     * @description The identifier within its scheme.
                     */
                    id: string;
                    /**
                     * Legal name
                     * @description The name registered under this identifier.
                     */
                    legalName?: string;
                } & (unknown & unknown);
                /**
                 * Address
                 * @description A postal address with its GB/T 2260 area code.
                 */
                Address: {
                    /**
                     * Street address
                     * @description Street and number.
                     */
                    streetAddress?: string;
                    /**
                     * Locality
                     * @description City or county name.
                     */
                    locality?: string;
                    /**
                     * Region
                     * @description Province name.
                     */
                    region?: string;
                    /**
                     * Area code
                     * @description GB/T 2260 area code of the address.
                     */
                    regionCode?: components["schemas"]["v1-common"]["$defs"]["RegionCode"];
                    /**
                     * Postal code
                     * @description Six-digit postal code.
                     */
                    postalCode?: string;
                    /**
                     * Country
                     * @description Country name, usually 中国.
                     */
                    countryName?: string;
                };
                /**
                 * Contact point
                 * @description Who to contact and how.
                 */
                ContactPoint: {
                    /**
                     * Name
                     * @description Contact person.
                     */
                    name?: string;
                    /**
                     * Telephone
                     * @description Telephone number.
                     */
                    telephone?: string;
                    /**
                     * Fax
                     * @description Fax number.
                     */
                    faxNumber?: string;
                    /**
                     * Email
                     * Format: email
                     * @description Email address.
                     */
                    email?: string;
                };
                /**
                 * Organisation (party)
                 * @description An organisation taking part in the process: buyer, agency, supplier, review body …
                 */
                Organization: {
                    /**
                     * Party id
                     * @description Local id referenced by OrganizationReference; by convention the scheme and identifier, e.g. CN-USCC-91350100MA31K8PQ6L.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Name
                     * @description Name of the organisation.
                     */
                    name: string;
                    /**
                     * Primary identifier
                     * @description The organisation's registered identifier.
                     */
                    identifier?: components["schemas"]["v1-common"]["$defs"]["Identifier"];
                    /**
                     * Additional identifiers
                     * @description Other identifiers, e.g. a legacy organisation code.
                     */
                    additionalIdentifiers?: components["schemas"]["v1-common"]["$defs"]["Identifier"][];
                    /**
                     * Address
                     * @description Postal address.
                     */
                    address?: components["schemas"]["v1-common"]["$defs"]["Address"];
                    /**
                     * Contact point
                     * @description Contact person and details.
                     */
                    contactPoint?: components["schemas"]["v1-common"]["$defs"]["ContactPoint"];
                    /**
                     * Roles
                     * @description Roles of the party in this process (codelist partyRole).
                     */
                    roles: ("buyer" | "procuringEntity" | "centralPurchasingBody" | "supplier" | "tenderer" | "payer" | "payee" | "reviewBody" | "complainant" | "interestedParty")[];
                    /**
                     * Details
                     * @description Classification of the organisation.
                     */
                    details?: {
                        /**
                         * Scale
                         * @description large, medium, small or micro (SME status, 中小企业).
                         * @enum {unknown}
                         */
                        scale?: "large" | "medium" | "small" | "micro";
                    };
                };
                /**
                 * Organisation reference
                 * @description A reference to an entry of parties[] by id, with its name.
                 */
                OrganizationReference: {
                    /**
                     * Party id
                     * @description The id of the party in parties[].
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Name
                     * @description Name of the party.
                     */
                    name: string;
                };
                /**
                 * Catalogue classification
                 * @description The procurement catalogue entry of an item, with the catalogue version.
                 */
                Classification: {
                    /**
                     * Scheme
                     * @description CN-GPC: the government procurement catalogue.
                     * @constant
                     */
                    scheme: "CN-GPC";
                    /**
                     * Code
                     * @description Catalogue code, 9 characters.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["CatalogueCode"];
                    /**
                     * Name
                     * @description Name of the catalogue entry.
                     */
                    description?: string;
                    /**
                     * Catalogue version
                     * @description Version of the catalogue, e.g. 2022 for 财库〔2022〕31号; absent means 2022.
                     */
                    version?: string;
                };
                /**
                 * Item
                 * @description A good, work or service procured: description, classification, quantity, unit and unit price.
                 */
                Item: {
                    /**
                     * Item id
                     * @description Local id of the item.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Description
                     * @description Name and short description.
                     */
                    description: string;
                    /**
                     * Classification
                     * @description Procurement catalogue entry.
                     */
                    classification?: components["schemas"]["v1-common"]["$defs"]["Classification"];
                    /**
                     * Brand
                     * @description Brand of the item (award results).
                     */
                    brand?: string;
                    /**
                     * Model
                     * @description Model or specification (award results).
                     */
                    model?: string;
                    /**
                     * Quantity
                     * @description Quantity in the unit below.
                     */
                    quantity?: number;
                    /**
                     * Unit
                     * @description Unit of measure and unit price.
                     */
                    unit?: {
                        /**
                         * Unit name
                         * @description e.g. 台, 把, 项.
                         */
                        name?: string;
                        /**
                         * Unit price
                         * @description Price of one unit.
                         */
                        value?: components["schemas"]["v1-common"]["$defs"]["Value"];
                    };
                    /**
                     * Lot
                     * @description Id of the lot the item belongs to.
                     */
                    relatedLot?: components["schemas"]["v1-common"]["$defs"]["Id"];
                };
                /**
                 * Lot
                 * @description A lot (采购包 / 标段) of the tender, awarded separately.
                 */
                Lot: {
                    /**
                     * Lot id
                     * @description Lot number, e.g. 1.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Title
                     * @description Name of the lot.
                     */
                    title: string;
                    /**
                     * Description
                     * @description What the lot covers.
                     */
                    description?: string;
                    /**
                     * Budget
                     * @description Budget of the lot.
                     */
                    value?: components["schemas"]["v1-common"]["$defs"]["Value"];
                    /**
                     * Price ceiling
                     * @description Price ceiling of the lot, if any.
                     */
                    maxPrice?: components["schemas"]["v1-common"]["$defs"]["Value"];
                    /**
                     * Status
                     * @description Status of the lot (codelist tenderStatus).
                     * @enum {unknown}
                     */
                    status?: "planning" | "planned" | "active" | "cancelled" | "unsuccessful" | "complete" | "withdrawn";
                };
                /**
                 * Document
                 * @description A document published with the notice: tender documents, contract text, report …
                 */
                Document: {
                    /**
                     * Document id
                     * @description Local id of the document.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Document type
                     * @description OCDS documentType code, e.g. biddingDocuments, contractSigned.
                     */
                    documentType?: string;
                    /**
                     * Title
                     * @description Title of the document.
                     */
                    title: string;
                    /**
                     * URL
                     * Format: uri
                     * @description Where the document can be downloaded.
                     */
                    url?: string;
                    /**
                     * Published
                     * @description When the document was published.
                     */
                    datePublished?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Format
                     * @description IANA media type, e.g. application/pdf.
                     */
                    format?: string;
                };
                /**
                 * Milestone
                 * @description A dated event of the process, e.g. delivery or acceptance.
                 */
                Milestone: {
                    /**
                     * Milestone id
                     * @description Local id of the milestone.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Title
                     * @description Name of the milestone.
                     */
                    title: string;
                    /**
                     * Type
                     * @description OCDS milestoneType: preProcurement, approval, engagement, assessment, delivery, reporting, financing.
                     * @enum {unknown}
                     */
                    type?: "preProcurement" | "approval" | "engagement" | "assessment" | "delivery" | "reporting" | "financing";
                    /**
                     * Due
                     * @description When the milestone is due.
                     */
                    dueDate?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Met
                     * @description When the milestone was met.
                     */
                    dateMet?: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Status
                     * @description scheduled, met, notMet or partiallyMet.
                     * @enum {unknown}
                     */
                    status?: "scheduled" | "met" | "notMet" | "partiallyMet";
                };
                /**
                 * Amendment
                 * @description A change to the tender, published by a correction notice.
                 */
                Amendment: {
                    /**
                     * Amendment id
                     * @description Local id of the amendment.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Date
                     * @description When the amendment was made.
                     */
                    date: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                    /**
                     * Rationale
                     * @description Why the change was made.
                     */
                    rationale?: string;
                    /**
                     * Description
                     * @description What changed.
                     */
                    description?: string;
                };
            };
        };
        /**
         * Transaction
         * @description One step of an e-marketplace (电子卖场) or framework-agreement call-off: order, confirmation, delivery, acceptance, payment, cancellation or return. All steps of one order share its transactionId.
         */
        "v1-transaction": {
            /**
             * Record type
             * @description Always transaction.
             * @constant
             */
            recordType: "transaction";
            /**
             * Event id
             * @description Id of this step, stable across its versions.
             */
            id: components["schemas"]["v1-common"]["$defs"]["Id"];
            /**
             * Version
             * @description Version of this record, from 1 to 2147483647 (2^31 − 1: room for a new version every second for 68 years, and exact in every JSON parser and 32-bit integer column).
             */
            version: number;
            /**
             * Operation
             * @description create, update or withdraw (codelist operation).
             * @enum {unknown}
             */
            operation: "create" | "update" | "withdraw";
            /**
             * Area code
             * @description GB/T 2260 code of the area of the marketplace or buyer.
             */
            regionCode: components["schemas"]["v1-common"]["$defs"]["RegionCode"];
            /**
             * Order id
             * Format: plain-id
             * @description The order (call-off) this step belongs to; its ordering key.
             */
            transactionId: string;
            /**
             * Transaction type
             * @description Codelist transactionType.
             * @enum {unknown}
             */
            transactionType: "order" | "confirmation" | "delivery" | "acceptance" | "payment" | "cancellation" | "return";
            /**
             * Date
             * @description When this step happened.
             */
            date: components["schemas"]["v1-common"]["$defs"]["DateTime"];
            /**
             * Marketplace
             * @description The e-marketplace where the order was placed.
             */
            marketplace?: {
                /**
                 * Name
                 * @description Name of the marketplace.
                 */
                name: string;
                /**
                 * URL
                 * Format: uri
                 * @description Address of the marketplace.
                 */
                url?: string;
            };
            /**
             * Framework agreement
             * @description The framework agreement (框架协议, MOF Order 110) the order calls off, if any.
             */
            frameworkAgreement?: {
                /**
                 * Agreement id
                 * Format: plain-id
                 * @description Number of the agreement.
                 */
                id: string;
                /**
                 * Agreement process
                 * Format: plain-id
                 * @description ocid of the procurement that set up the agreement.
                 */
                ocid?: string;
                /**
                 * Title
                 * @description Name of the agreement.
                 */
                title?: string;
            };
            /**
             * Parties
             * @description Buyer, supplier and any payer or payee.
             */
            parties?: components["schemas"]["v1-common"]["$defs"]["Organization"][];
            /**
             * Buyer
             * @description The buyer, a party with role buyer.
             */
            buyer?: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"];
            /**
             * Supplier
             * @description The supplier, a party with role supplier.
             */
            supplier?: components["schemas"]["v1-common"]["$defs"]["OrganizationReference"];
            /**
             * Lines
             * @description Order lines (order, confirmation, return) or the lines delivered.
             */
            lines?: components["schemas"]["v1-transaction"]["$defs"]["Line"][];
            /**
             * Total
             * @description Order total (order, confirmation) or refund total (return): the sum of the line totals.
             */
            total?: components["schemas"]["v1-common"]["$defs"]["Value"];
            /**
             * Delivery
             * @description Shipment details.
             */
            delivery?: {
                /**
                 * Delivered
                 * @description When the goods were delivered.
                 */
                date: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                /**
                 * Address
                 * @description Where the goods were delivered.
                 */
                address?: components["schemas"]["v1-common"]["$defs"]["Address"];
                /**
                 * Tracking number
                 * @description Carrier tracking number.
                 */
                trackingNumber?: string;
            };
            /**
             * Acceptance
             * @description Acceptance by the buyer (财库〔2016〕205号).
             */
            acceptance?: {
                /**
                 * Accepted
                 * @description When the acceptance took place.
                 */
                date: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                /**
                 * Result
                 * @description passed or failed.
                 * @enum {unknown}
                 */
                result: "passed" | "failed";
                /**
                 * Findings
                 * @description What was checked and found.
                 */
                description?: string;
            };
            /**
             * Payment
             * @description A payment to the supplier.
             */
            payment?: {
                /**
                 * Amount
                 * @description Amount paid.
                 */
                amount: components["schemas"]["v1-common"]["$defs"]["Value"];
                /**
                 * Paid
                 * @description When the payment was made.
                 */
                date: components["schemas"]["v1-common"]["$defs"]["DateTime"];
                /**
                 * Reference
                 * @description Payment voucher or bank reference.
                 */
                reference?: string;
            };
            /**
             * Cancellation
             * @description Why and by whom the order was cancelled.
             */
            cancellation?: {
                /**
                 * Reason
                 * @description Why the order was cancelled.
                 */
                reason: string;
                /**
                 * Initiated by
                 * @description buyer or supplier.
                 * @enum {unknown}
                 */
                initiatedBy: "buyer" | "supplier";
            };
            /**
             * Return
             * @description Why goods are returned; the lines and total give what is returned and refunded.
             */
            return?: {
                /**
                 * Reason
                 * @description Why the goods are returned.
                 */
                reason: string;
            };
            $defs: {
                /**
                 * Line
                 * @description One line: item, quantity, unit price and line total (quantity × unit price).
                 */
                Line: {
                    /**
                     * Line id
                     * @description Line number; deliveries and returns reuse the order's line ids.
                     */
                    id: components["schemas"]["v1-common"]["$defs"]["Id"];
                    /**
                     * Description
                     * @description Product name.
                     */
                    description: string;
                    /**
                     * Classification
                     * @description Procurement catalogue entry.
                     */
                    classification?: components["schemas"]["v1-common"]["$defs"]["Classification"];
                    /**
                     * Brand
                     * @description Brand.
                     */
                    brand?: string;
                    /**
                     * Model
                     * @description Model or specification.
                     */
                    model?: string;
                    /**
                     * Quantity
                     * @description Quantity.
                     */
                    quantity: number;
                    /**
                     * Unit
                     * @description Unit of measure, e.g. 台.
                     */
                    unit?: string;
                    /**
                     * Unit price
                     * @description Price of one unit in yuan.
                     */
                    unitPrice?: components["schemas"]["v1-common"]["$defs"]["Money"];
                    /**
                     * Line total
                     * @description quantity × unitPrice, rounded to 2 decimals.
                     */
                    lineTotal?: components["schemas"]["v1-common"]["$defs"]["Money"];
                };
            };
        } & (unknown & unknown & unknown & unknown & unknown & unknown & unknown);
    };
    responses: {
        /** @description Accepted (201) or already accepted with identical content (200, the original receipt). */
        Receipt: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    receipt: components["schemas"]["Receipt"];
                    warnings: components["schemas"]["ProblemItem"][];
                };
            };
        };
        /** @description A problem (RFC 9457). */
        Problem: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A problem that a later retry may solve (rate limited, or the log or the state store cannot take writes). */
        Retry: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The gateway failed unexpectedly. */
        Internal: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description A day in Asia/Shanghai (UTC+8), by the time the gateway accepted the records (years 0100–9999). */
        ReconciliationDate: string;
        Subscription: string;
        Id: string;
        /** @description zh-CN (default) or en. */
        AcceptLanguage: string;
        /** @description Echoed back when it is 8–128 of [A-Za-z0-9._:-]; generated otherwise. */
        RequestId: string;
    };
    requestBodies: never;
    headers: {
        /** @description The id of this request, also in problem bodies. */
        RequestId: string;
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The gateway is running. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                        logWritable?: boolean;
                    };
                };
            };
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    receiptKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key set. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/jwk-set+json": {
                        keys: {
                            /** @constant */
                            kty: "OKP";
                            /** @constant */
                            crv?: "Ed25519";
                            x?: string;
                            kid: string;
                            /** @constant */
                            alg?: "EdDSA";
                            /** @constant */
                            use?: "sig";
                        }[];
                    };
                };
            };
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    contract: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    ocdsExtensionFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                    "text/markdown": string;
                };
            };
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    ocdsExtensionCodelist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The codelist. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    docs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HTML page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    docsAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: "api-reference.js";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The script. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    standardSchema: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: "common.schema.json" | "notice.schema.json" | "transaction.schema.json" | "envelope.schema.json";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schema (JSON Schema 2020-12). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/schema+json": {
                        /** Format: uri */
                        $id: string;
                    };
                };
            };
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    pushRecord: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
                /** @description Echoed back when it is 8–128 of [A-Za-z0-9._:-]; generated otherwise. */
                "X-Request-Id"?: components["parameters"]["RequestId"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StandardRecord"];
            };
        };
        responses: {
            200: components["responses"]["Receipt"];
            201: components["responses"]["Receipt"];
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Retry"];
        };
    };
    pushBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
                /** @description Echoed back when it is 8–128 of [A-Za-z0-9._:-]; generated otherwise. */
                "X-Request-Id"?: components["parameters"]["RequestId"];
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StandardRecord"][];
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Per-record results. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResults"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Retry"];
        };
    };
    compiledProcess: {
        parameters: {
            query?: {
                /** @description `true` adds the versioned release: every field with its history of values. */
                versioned?: boolean;
            };
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The compiled state, by the merge engine: `{ recordType, processKey, releases, compiledRelease, versionedRelease? }`. Notices compile as OCDS releases of the procurement process; order steps as the order's releases. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    processHistory: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The versions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["History"];
                };
            };
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    pushNative: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
                /** @description Echoed back when it is 8–128 of [A-Za-z0-9._:-]; generated otherwise. */
                "X-Request-Id"?: components["parameters"]["RequestId"];
            };
            path: {
                /** @description The pushing system's own id (a system pushes only for itself). */
                systemId: string;
            };
            cookie?: never;
        };
        /** @description Only the media types and charsets of the system's own adapter are accepted (415 `adapter.unsupported-media-type` otherwise): `x-adapter-media-types` lists them per adapter. 只接受该系统适配器的原生媒体类型与字符集。 */
        requestBody: {
            content: {
                "application/xml": string;
                "text/xml": string;
                "text/csv": string;
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Per-record results of the translated records. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResults"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Retry"];
        };
    };
    listSubscriptions: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscriptions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        subscriptions: components["schemas"]["Subscription"][];
                    };
                };
            };
            401: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    createSubscription: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubscriptionInput"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        subscription: components["schemas"]["Subscription"];
                        /** @description Webhook subscriptions only; shown only once. */
                        secret?: string;
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    getSubscription: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    deleteSubscription: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    replaySubscription: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    cursor: components["schemas"]["Cursor"];
                } | {
                    /** Format: date-time */
                    time: string;
                } | {
                    /** @constant */
                    from: "beginning";
                };
            };
        };
        responses: {
            /** @description The cursor the subscription now stands at. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cursor: string;
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    rotateSubscriptionSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new secret, shown only once. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                        /** Format: date-time */
                        previousExpiresAt: string;
                    };
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    enableSubscriptionEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endpoint: components["schemas"]["EndpointState"];
                    };
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    pauseSubscription: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Why it is paused; shown to the owner in the subscription's view. */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The paused subscription. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    resumeSubscription: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription, delivering again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    listDeliveryAttempts: {
        parameters: {
            query?: {
                event?: string;
                limit?: number;
            };
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Attempts, most recent first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: components["schemas"]["DeliveryAttempt"][];
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    listDeadLetters: {
        parameters: {
            query?: {
                subscription?: string;
                limit?: number;
                offset?: number;
            };
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The dead letters. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deadLetters: components["schemas"]["DeadLetter"][];
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    getDeadLetter: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The dead letter. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetter"];
                };
            };
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    discardDeadLetter: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Discarded. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    retryDeadLetter: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Delivered. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        delivered: true;
                        status: number;
                        attempts: number;
                    };
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
            502: components["responses"]["Problem"];
        };
    };
    pullFeed: {
        parameters: {
            query?: {
                after?: string;
                limit?: number;
                /** @description Seconds to wait for a first event. */
                wait?: number;
            };
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                subscription: components["parameters"]["Subscription"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events, or an event stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedPage"];
                    "text/event-stream": components["schemas"]["FeedEventStream"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    streamFeed: {
        parameters: {
            query?: {
                after?: string;
            };
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
                "Last-Event-ID"?: string;
            };
            path: {
                subscription: components["parameters"]["Subscription"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream; each `data:` is one event (JSON) in the subscription's format, `id:` its cursor. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["FeedEventStream"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Counters, gauges and histograms: ingest accepted/rejected, latencies, log and subscriber lag, dead letters, endpoint and system states. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    readiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ready";
                        checks: components["schemas"]["ReadinessChecks"];
                        /** Format: date-time */
                        checkedAt: string;
                    };
                };
            };
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Retry"];
        };
    };
    monitorSystems: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The systems' sync health. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        generatedAt: string;
                        thresholds: Record<string, never>;
                        systems: components["schemas"]["SystemHealth"][];
                    };
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    monitorSubscriptions: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscriptions' health. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        generatedAt: string;
                        thresholds: Record<string, never>;
                        /** @description lagEvents and lagSeconds: versions this process appended that the journal does not show yet, and the age of the oldest. backlogEvents: events of the whole log the projector group (every process) has yet to consume; null when the log cannot be asked. */
                        log: {
                            lagEvents?: number;
                            lagSeconds?: number;
                            backlogEvents?: number | null;
                        };
                        subscriptions: components["schemas"]["SubscriptionHealth"][];
                    };
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    monitorSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token: string;
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    monitorStream: {
        parameters: {
            query: {
                token: string;
                lang?: "zh" | "en";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream (`event: snapshot`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["MonitorEventStream"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    monitorDashboard: {
        parameters: {
            query?: {
                lang?: "zh" | "en";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            400: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    listAudit: {
        parameters: {
            query?: {
                /** @description Entries whose actor is this system or that concern it. */
                system?: string;
                action?: components["schemas"]["AuditAction"];
                /** @description Entries at or after this time (RFC 3339). */
                since?: string;
                /** @description Entries before this time (RFC 3339). */
                until?: string;
                /** @description Entries after this sequence number (the `next` of the previous page). */
                after?: number;
                limit?: number;
            };
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries in sequence order and the cursor to continue from. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: components["schemas"]["AuditEntry"][];
                        /** @description Pass as `after` for the next page: the last entry's seq, or `after` when there was none. */
                        next: number;
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    verifyAudit: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the check found. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        chain: {
                            intact: boolean;
                            /** @description The seq of the last entry found intact. */
                            checkedThrough: number;
                            /** @description The first entry that does not hold (absent when intact). */
                            brokenAt?: number;
                        };
                    };
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    reconciliationSummary: {
        parameters: {
            query?: {
                records?: "true" | "false";
            };
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                systemId: string;
                /** @description A day in Asia/Shanghai (UTC+8), by the time the gateway accepted the records (years 0100–9999). */
                date: components["parameters"]["ReconciliationDate"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The gateway's manifest. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManifestSummary"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    reconcileSystem: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                systemId: string;
                /** @description A day in Asia/Shanghai (UTC+8), by the time the gateway accepted the records (years 0100–9999). */
                date: components["parameters"]["ReconciliationDate"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ManifestInput"];
            };
        };
        responses: {
            /** @description The comparison. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reconciliation"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    reconciliationSent: {
        parameters: {
            query?: {
                records?: "true" | "false";
            };
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                subscriptionId: string;
                /** @description A day in Asia/Shanghai (UTC+8), by the time the gateway accepted the records (years 0100–9999). */
                date: components["parameters"]["ReconciliationDate"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The manifest of what was sent. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManifestSummary"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    reconcileSubscription: {
        parameters: {
            query?: never;
            header?: {
                /** @description zh-CN (default) or en. */
                "Accept-Language"?: components["parameters"]["AcceptLanguage"];
            };
            path: {
                subscriptionId: string;
                /** @description A day in Asia/Shanghai (UTC+8), by the time the gateway accepted the records (years 0100–9999). */
                date: components["parameters"]["ReconciliationDate"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ManifestInput"];
            };
        };
        responses: {
            /** @description The comparison. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reconciliation"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    publicReleases: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `since` of the previous page's next link; absent: the beginning. */
                since?: number;
                limit?: number;
            };
            header?: {
                /** @description Entity tags (RFC 9110); a match answers 304, a malformed header 400. */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A release package (OCDS 1.1); the Link header (rel=next) carries the next cursor; ETag and Cache-Control. */
            200: {
                headers: {
                    Link?: string;
                    ETag?: string;
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        releases: Record<string, never>[];
                        links?: Record<string, never>;
                    };
                };
            };
            /** @description Not modified: the If-None-Match matched the current ETag. */
            304: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    publicRecord: {
        parameters: {
            query?: never;
            header?: {
                /** @description Entity tags (RFC 9110); a match answers 304, a malformed header 400. */
                "If-None-Match"?: string;
            };
            path: {
                ocid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A record package (OCDS 1.1). */
            200: {
                headers: {
                    ETag?: string;
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        records: Record<string, never>[];
                    };
                };
            };
            /** @description Not modified: the If-None-Match matched the current ETag. */
            304: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    publicBulkIndex: {
        parameters: {
            query?: never;
            header?: {
                /** @description Entity tags (RFC 9110); a match answers 304, a malformed header 400. */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The index of bulk files. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        timeZone: "Asia/Shanghai";
                        days: Record<string, never>[];
                    };
                };
            };
            /** @description Not modified: the If-None-Match matched the current ETag. */
            304: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    publicBulkFile: {
        parameters: {
            query?: never;
            header?: {
                /** @description Entity tags (RFC 9110); a match answers 304, a malformed header 400. */
                "If-None-Match"?: string;
            };
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/gzip": string;
                    "application/json": Record<string, never>;
                };
            };
            /** @description Not modified: the If-None-Match matched the current ETag. */
            304: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
    publicAtom: {
        parameters: {
            query?: never;
            header?: {
                /** @description Entity tags (RFC 9110); a match answers 304, a malformed header 400. */
                "If-None-Match"?: string;
            };
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The feed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/atom+xml": string;
                };
            };
            /** @description Not modified: the If-None-Match matched the current ETag. */
            304: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Retry"];
            500: components["responses"]["Internal"];
        };
    };
}
