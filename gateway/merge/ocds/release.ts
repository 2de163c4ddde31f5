/**
 * One standard notice version ↔ one OCDS 1.1 release.
 *
 * The standard is shaped after OCDS, so parties, buyer, tender, awards and contracts travel under
 * their OCDS names; the differences are mapped (release tag from the notice type, procurement
 * method, identifier schemes, project → planning.budget). What OCDS has no field for (the notice
 * header, title, correction/termination/acceptance/single-source/ruling/assessment sections …)
 * travels in the release extension object `cnNotice`, so a release the gateway published maps
 * back to exactly the notice it came from. For OCDS users the outbound side also adds *derived
 * views* (the project name as tender.title, an amendment for a correction, tender.status for a
 * termination, an implementation milestone for an acceptance); their JSON Pointers are listed in
 * `cnNotice.derived` and inbound removes them before mapping back.
 */
import type { StandardRecord } from '../../core/index.ts';
import { cloneJson, isObject, type Json, type JsonObject, setOwn } from '../json.ts';
import { methodOfOcds, ocdsMethodOf, releaseTagOf } from './codes.ts';
import { partyFromOcds, partyToOcds } from './parties.ts';

/** Notice sections with no OCDS home, carried whole in `cnNotice`. */
const NOTICE_ONLY = [
  'title',
  'url',
  'documents',
  'correction',
  'termination',
  'acceptance',
  'singleSource',
  'ruling',
  'assessment',
] as const;
/** Header fields that become the release's own ocid/id/date or live in `cnNotice`. */
const HEADER = ['recordType', 'id', 'version', 'operation', 'regionCode', 'ocid', 'noticeType', 'date', 'project'] as const;

/** The release id of a notice version: unique within the process. */
export function releaseIdOf(noticeId: string, version: number): string {
  return `${noticeId}-v${version}`;
}

/** What other notices of the same process tell about this one: the award each contract belongs to. */
export interface ProcessFacts {
  awardOfContract: ReadonlyMap<string, string>;
}

/** Collects the facts a notice's mapping may need from the notices of its process. */
export function processFactsOf(notices: readonly StandardRecord[]): ProcessFacts {
  const awardOfContract = new Map<string, string>();
  for (const notice of notices) {
    for (const contract of Array.isArray(notice.contracts) ? notice.contracts : []) {
      if (isObject(contract) && typeof contract.id === 'string' && typeof contract.awardID === 'string')
        awardOfContract.set(contract.id, contract.awardID);
    }
  }
  return { awardOfContract };
}

/** Maps one standard notice version to an OCDS release (pure; the notice is assumed valid). */
export function noticeToRelease(notice: StandardRecord, facts: ProcessFacts = processFactsOf([notice])): JsonObject {
  const n = cloneJson(notice as unknown as JsonObject);
  const release: JsonObject = {
    ocid: n.ocid ?? null,
    id: releaseIdOf(String(n.id), Number(n.version)),
    date: n.date ?? null,
    tag: [releaseTagOf(String(n.noticeType)) ?? 'tenderUpdate'],
    initiationType: 'tender',
    language: 'zh',
  };
  if (Array.isArray(n.parties)) release.parties = n.parties.filter(isObject).map(partyToOcds);
  if (isObject(n.buyer)) release.buyer = n.buyer;
  const planning = planningToOcds(n);
  if (Object.keys(planning).length > 0) release.planning = planning;
  if (isObject(n.tender)) release.tender = tenderToOcds(n.tender);
  if (Array.isArray(n.awards)) release.awards = n.awards;
  if (Array.isArray(n.contracts)) release.contracts = n.contracts;

  const ext: JsonObject = {
    noticeId: n.id ?? null,
    version: n.version ?? null,
    operation: n.operation ?? null,
    regionCode: n.regionCode ?? null,
    noticeType: n.noticeType ?? null,
  };
  for (const key of NOTICE_ONLY) if (n[key] !== undefined) ext[key] = n[key]!;
  const planningRest = planningLeftovers(n.planning);
  if (planningRest) ext.planning = planningRest;
  // Anything a later version of the standard adds travels unchanged.
  for (const [key, value] of Object.entries(n)) {
    if (!(HEADER as readonly string[]).includes(key) && !Object.hasOwn(release, key) && !Object.hasOwn(ext, key) && key !== 'planning')
      setOwn(ext, key, value);
  }
  const derived: string[] = [];
  addDerivedViews(n, release, facts, derived);
  if (derived.length > 0) ext.derived = derived;
  release.cnNotice = ext;
  return release;
}

/**
 * A release as input to merging: without `cnNotice.derived`, which describes one release only and
 * would be noise in a compiled release.
 */
export function mergeableRelease(release: JsonObject): JsonObject {
  if (!isObject(release.cnNotice) || release.cnNotice.derived === undefined) return release;
  const { derived: _derived, ...ext } = release.cnNotice;
  return { ...release, cnNotice: ext };
}

/** Maps a release the gateway published (it has `cnNotice`) back to the notice; undefined for other releases. */
export function releaseToNotice(input: JsonObject): StandardRecord | undefined {
  if (!isObject(input.cnNotice)) return undefined;
  const release = cloneJson(input);
  const ext = release.cnNotice as JsonObject;
  if (Array.isArray(ext.derived))
    removeDerived(
      release,
      ext.derived.filter((p): p is string => typeof p === 'string'),
    );
  const { noticeId, version, operation, regionCode, noticeType, derived: _derived, planning: planningRest, ...sections } = ext;
  const notice: JsonObject = {
    recordType: 'notice',
    id: noticeId ?? null,
    version: version ?? null,
    operation: operation ?? null,
    regionCode: regionCode ?? null,
    ocid: release.ocid ?? null,
    noticeType: noticeType ?? null,
    date: release.date ?? null,
  };
  const budget = isObject(release.planning) && isObject(release.planning.budget) ? release.planning.budget : {};
  notice.project = { id: budget.projectID ?? null, name: budget.project ?? null };
  if (Array.isArray(release.parties)) notice.parties = release.parties.filter(isObject).map(partyFromOcds);
  if (isObject(release.buyer)) notice.buyer = release.buyer;
  const planning = planningFromOcds(release.planning, planningRest);
  if (planning) notice.planning = planning;
  if (isObject(release.tender)) notice.tender = tenderFromOcds(release.tender);
  if (Array.isArray(release.awards)) notice.awards = release.awards;
  if (Array.isArray(release.contracts)) notice.contracts = release.contracts;
  // Spread, not Object.assign: a `__proto__` key in the payload stays a plain (invalid) field.
  return { ...notice, ...sections } as unknown as StandardRecord;
}

/** OCDS planning: the project as budget.projectID/project, the intention's budget and requirement summary. */
function planningToOcds(n: JsonObject): JsonObject {
  const project = isObject(n.project) ? n.project : {};
  const budget: JsonObject = {};
  if (project.id !== undefined) budget.projectID = project.id;
  if (project.name !== undefined) budget.project = project.name;
  const planning: JsonObject = {};
  if (isObject(n.planning)) {
    if (n.planning.budget !== undefined) budget.amount = n.planning.budget;
    if (n.planning.requirementSummary !== undefined) planning.rationale = n.planning.requirementSummary;
  }
  if (Object.keys(budget).length > 0) planning.budget = budget;
  return planning;
}

function planningLeftovers(planning: Json | undefined): JsonObject | undefined {
  if (!isObject(planning)) return undefined;
  const { budget: _b, requirementSummary: _r, ...rest } = planning;
  // An empty object still records that the notice had a planning section.
  return rest;
}

function planningFromOcds(planning: Json | undefined, rest: Json | undefined): JsonObject | undefined {
  const out: JsonObject = isObject(rest) ? { ...rest } : {};
  if (isObject(planning)) {
    if (isObject(planning.budget) && planning.budget.amount !== undefined) out.budget = planning.budget.amount;
    if (planning.rationale !== undefined) out.requirementSummary = planning.rationale;
  }
  return isObject(rest) || Object.keys(out).length > 0 ? out : undefined;
}

function tenderToOcds(tender: JsonObject): JsonObject {
  const out: JsonObject = { ...tender };
  if (typeof tender.procurementMethod === 'string') {
    const method = ocdsMethodOf(tender.procurementMethod);
    if (method) Object.assign(out, method);
  }
  return out;
}

function tenderFromOcds(tender: JsonObject): JsonObject {
  const { procurementMethodDetails, ...out } = tender;
  if (tender.procurementMethod !== undefined) {
    const method = methodOfOcds(tender.procurementMethod, procurementMethodDetails);
    if (method) out.procurementMethod = method;
    else delete out.procurementMethod;
  }
  return out;
}

/** Adds the OCDS-native views of notice-only sections, recording what was added. */
function addDerivedViews(n: JsonObject, release: JsonObject, facts: ProcessFacts, derived: string[]): void {
  if (isObject(n.correction)) {
    const changes = Array.isArray(n.correction.changes) ? n.correction.changes.filter(isObject) : [];
    const description = changes
      .map((c) => `${String(c.field)}: ${c.before === undefined ? '' : `${String(c.before)} → `}${String(c.after)}`)
      .join('; ');
    // A correction that lists its own amendments needs no derived one.
    const own = isObject(release.tender) && Array.isArray(release.tender.amendments) && release.tender.amendments.length > 0;
    if (!own) deriveAppend(release, ['tender', 'amendments'], { id: String(n.id), date: n.date ?? null, description }, derived);
    if (n.correction.deadlineChanged === true && n.correction.tenderPeriodEnd !== undefined) {
      derive(release, ['tender', 'tenderPeriod', 'endDate'], n.correction.tenderPeriodEnd, derived);
    }
  }
  if (n.noticeType === 'termination') derive(release, ['tender', 'status'], 'cancelled', derived);
  if (isObject(n.acceptance) && n.acceptance.contractID !== undefined) {
    const milestone: JsonObject = {
      id: `acceptance-${String(n.id)}`,
      title: '履约验收',
      type: 'assessment',
      dateMet: n.acceptance.date ?? null,
      status: n.acceptance.result === 'passed' ? 'met' : 'notMet',
    };
    const contractID = String(n.acceptance.contractID);
    const contracts = Array.isArray(release.contracts) ? release.contracts : [];
    const at = contracts.findIndex((c) => isObject(c) && c.id === contractID);
    const awardID = facts.awardOfContract.get(contractID);
    if (at >= 0) deriveAppend(release, ['contracts', String(at), 'implementation', 'milestones'], milestone, derived);
    // OCDS requires a contract's awardID: without it (no contract notice known) the milestone stays in cnNotice only.
    else if (awardID)
      deriveAppend(release, ['contracts'], { id: contractID, awardID, implementation: { milestones: [milestone] } }, derived);
  }
  // OCDS requires tender.id; the project number names the tender, its name titles it.
  const project = isObject(n.project) ? n.project : {};
  if (isObject(release.tender)) {
    if (project.id !== undefined) derive(release, ['tender', 'id'], project.id, derived);
    if (project.name !== undefined) derive(release, ['tender', 'title'], project.name, derived);
  }
}

/** Sets `value` at `path` unless something is there; records the pointer of the first part it created. */
function derive(target: JsonObject, path: string[], value: Json, derived: string[]): void {
  let node: Json = target;
  for (const [i, key] of path.entries()) {
    const container = node as JsonObject | Json[];
    const existing: Json | undefined = Array.isArray(container) ? container[Number(key)] : container[key];
    if (existing === undefined) {
      derived.push(pointerOf(path.slice(0, i + 1)));
      let fresh: Json = value;
      for (const k of path.slice(i + 1).reverse()) fresh = { [k]: fresh };
      if (Array.isArray(container)) container[Number(key)] = fresh;
      else container[key] = fresh;
      return;
    }
    if (i === path.length - 1 || (!isObject(existing) && !Array.isArray(existing))) return;
    node = existing;
  }
}

/** Appends `item` to the array at `path`, creating it if absent; records what it created. */
function deriveAppend(target: JsonObject, path: string[], item: JsonObject, derived: string[]): void {
  let node: Json = target;
  for (const key of path) {
    node = Array.isArray(node) ? (node[Number(key)] ?? null) : isObject(node) ? (node[key] ?? null) : null;
  }
  if (Array.isArray(node)) {
    derived.push(pointerOf([...path, String(node.length)]));
    node.push(item);
  } else {
    derive(target, path, [item], derived);
  }
}

/** Removes derived parts, last added first so array positions stay right. */
function removeDerived(release: JsonObject, pointers: string[]): void {
  for (const pointer of [...pointers].reverse()) {
    const path = pointer
      .split('/')
      .slice(1)
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = path.pop();
    let node: Json | undefined = release;
    for (const key of path) node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
    if (last === undefined) continue;
    if (Array.isArray(node)) {
      if (/^\d+$/.test(last)) node.splice(Number(last), 1);
    } else if (isObject(node)) delete node[last];
  }
}

function pointerOf(path: string[]): string {
  return path.map((p) => `/${p.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
