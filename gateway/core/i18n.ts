/**
 * The gateway's two languages: bilingual messages and language negotiation (zh-CN and en, chosen by
 * Accept-Language, RFC 9110 §12.5.4). Lowest layer: messages are written everywhere, from the standard's
 * rules to the error catalogue and the dashboard.
 */

/** A message in both languages of the gateway. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** A language the gateway answers in. */
export type Lang = 'zh' | 'en';

/** The Content-Language tag of a language. */
export const contentLanguage: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

/** The language to answer in, from an Accept-Language header; zh-CN when nothing matches. */
export function negotiateLanguage(header: string | undefined | null): Lang {
  if (!header) return 'zh';
  let best: { lang: Lang; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const lang: Lang | null = tag.startsWith('zh') ? 'zh' : tag.startsWith('en') ? 'en' : null;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'zh';
}

/** A bilingual message in one language. */
export function say(message: Bilingual, lang: Lang): string {
  return message[lang];
}
