/**
 * An area's Atom 1.0 feed (RFC 4287) of new public notices: titles in Chinese (the notice type's
 * name from 财办库〔2020〕50号 and the notice title), each entry linking to the public record package
 * of its process. Built with fast-xml-parser's XMLBuilder, which escapes text and attributes.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { loadCodelist } from '../standard/index.ts';
import type { PublicNotice } from './service.ts';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, processEntities: true });

/** 公告类型 code → Chinese name. */
function noticeTypeNames(): Map<string, string> {
  return new Map(loadCodelist('noticeType').codes.map((c) => [c.code, c.zh]));
}

/** Renders the feed of `areaCode`; `origin` is the gateway's public origin (scheme, host, port). */
export function renderAtom(areaCode: string, origin: string, notices: PublicNotice[]): string {
  const names = noticeTypeNames();
  const self = `${origin}/public/atom/${areaCode}.xml`;
  const entries = notices.map(({ record, time }) => {
    const ocid = String(record.ocid);
    const link = `${origin}/public/ocds/records/${encodeURIComponent(ocid)}`;
    const typeName = names.get(String(record.noticeType)) ?? '公告';
    const title = typeof record.title === 'string' ? record.title : ocid;
    return {
      title: `【${typeName}】${title}`,
      id: `${link}#${encodeURIComponent(`${record.id}-v${record.version}`)}`,
      updated: new Date(time).toISOString(),
      published: new Date(String(record.date)).toISOString(),
      link: { '@_rel': 'alternate', '@_type': 'application/json', '@_href': link },
      category: { '@_term': String(record.noticeType), '@_label': typeName },
      summary: `${typeName}，行政区划 ${String(record.regionCode)}，项目编号 ${ocid}`,
    };
  });
  const feed = {
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      '@_xml:lang': 'zh-CN',
      title: `政府采购公告（行政区划 ${areaCode}）`,
      subtitle: '本行政区划及所辖地区新发布的政府采购公告',
      id: self,
      updated: entries[0]?.updated ?? new Date(0).toISOString(),
      link: [
        { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': self },
        { '@_rel': 'related', '@_type': 'application/json', '@_href': `${origin}/public/ocds/releases` },
      ],
      author: { name: '政府采购数据交换平台' },
      generator: 'Procurement Exchange',
      entry: entries,
    },
  };
  return builder.build(feed) as string;
}
