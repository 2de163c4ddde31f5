/**
 * Safe XML for native payloads (fast-xml-parser). Document type declarations are refused before
 * parsing, so no external entity is ever resolved and no entity is ever expanded (no "billion
 * laughs"): only the five predefined entities and character references are decoded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type AdapterError, adapterError, errorMessage } from '../sdk.ts';

/** A parsed element: text, or child elements by name (repeated names as arrays where asked). */
export type XmlNode = string | { [name: string]: XmlNode | XmlNode[] };

const DECLARATION = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
/** An ampersand that starts none of the references XML defines without a DTD. */
const UNDECLARED_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/;

/**
 * Parses an XML document; `arrays` names the elements that may repeat (always given as arrays).
 * Text is kept as strings (no number guessing) and trimmed.
 */
export function parseXml(
  text: string,
  arrays: readonly string[],
): { ok: true; root: Record<string, XmlNode> } | { ok: false; error: AdapterError } {
  if (DECLARATION.test(text)) {
    return adapterError('adapter.xml-entity', {
      zh: 'XML 含有 DOCTYPE 或实体声明，已拒绝（不解析、不展开）',
      en: 'the XML contains a DOCTYPE or entity declaration; refused without parsing or expanding it',
    });
  }
  const withoutCdata = removeCdata(text);
  const reference = UNDECLARED_REFERENCE.exec(withoutCdata);
  if (reference) {
    const name = withoutCdata.slice(reference.index, reference.index + 20).split(/[;\s<]/)[0];
    return adapterError('adapter.malformed', {
      zh: `XML 引用了未声明的实体 ${name}`,
      en: `the XML refers to the undeclared entity ${name}`,
    });
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    return adapterError(
      'adapter.malformed',
      { zh: `XML 格式错误（第 ${line} 行第 ${col} 列）：${msg}`, en: `malformed XML (line ${line}, column ${col}): ${msg}` },
      [{ pointer: `line ${line}, column ${col}`, keyword: 'parse', message: { zh: msg, en: msg } }],
    );
  }
  const repeated = new Set(arrays);
  const parser = new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    // An empty table (typed as boolean upstream): the five XML entities and character references, no HTML names.
    htmlEntities: {} as unknown as boolean,
    isArray: (name) => repeated.has(name),
  });
  try {
    return { ok: true, root: parser.parse(text) as Record<string, XmlNode> };
  } catch (error) {
    // The validator passed it, so this is a parser corner case: still the sender's malformed XML.
    const message = errorMessage(error);
    return adapterError('adapter.malformed', { zh: `XML 无法解析：${message}`, en: `the XML cannot be parsed: ${message}` });
  }
}

/** A child element of `parent` as an object, or undefined. */
export function childObject(parent: XmlNode | undefined, name: string): Record<string, XmlNode | XmlNode[]> | undefined {
  if (parent === undefined || typeof parent === 'string') return undefined;
  const child = parent[name];
  return child !== undefined && typeof child === 'object' && !Array.isArray(child) ? child : undefined;
}

/** Repeated child elements of `parent` named `name` (declared in `arrays` when parsing). */
export function childList(parent: XmlNode | undefined, name: string): XmlNode[] {
  if (parent === undefined || typeof parent === 'string') return [];
  const child = parent[name];
  if (child === undefined) return [];
  return Array.isArray(child) ? child : [child];
}

/**
 * The text without its CDATA sections, in one pass: a lazy regular expression re-scanned the rest of
 * the text from every unterminated `<![CDATA[`, work growing with the square of their number. The
 * text after an unterminated section is dropped; the XML validator refuses such a document anyway.
 */
function removeCdata(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('<![CDATA[', from);
    if (start < 0) parts.push(text.slice(from));
    if (start < 0) return parts.join('');
    parts.push(text.slice(from, start));
    const end = text.indexOf(']]>', start + 9);
    if (end < 0) return parts.join('');
    from = end + 3;
  }
}
