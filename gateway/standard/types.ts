/**
 * TypeScript view of the v1 record shapes (schemas/v1/*.schema.json), for code that reads
 * records after they validated: compliance rules, the OCDS adapter, system adapters.
 */
import type { RecordHeader } from '../core/index.ts';

/** Value: amount in CNY 元 plus what the source sent and the price form (价款形式). */
export interface Value {
  amount?: number;
  currency?: 'CNY';
  original?: { amount: number; unit: '元' | '万元' };
  priceForm?: '1' | '2' | '3' | '9';
  rate?: number;
  details?: string;
}

/** A span of time. */
export interface Period {
  startDate?: string;
  endDate?: string;
  durationInDays?: number;
}

/** An organisation identifier with its scheme. */
export interface Identifier {
  scheme: 'CN-USCC' | 'CN-ORGCODE' | 'CN-RESIDENT' | 'OTHER';
  id: string;
  legalName?: string;
}

/** A party (参与方) of the process. */
export interface Organization {
  id: string;
  name: string;
  identifier?: Identifier;
  additionalIdentifiers?: Identifier[];
  address?: { streetAddress?: string; locality?: string; region?: string; regionCode?: string; postalCode?: string; countryName?: string };
  contactPoint?: { name?: string; telephone?: string; faxNumber?: string; email?: string };
  roles: string[];
  details?: { scale?: 'large' | 'medium' | 'small' | 'micro' };
}

/** A reference to a party by id. */
export interface OrganizationReference {
  id: string;
  name: string;
}

/** A procured item (标的). */
export interface Item {
  id: string;
  description: string;
  classification?: { scheme: 'CN-GPC'; id: string; description?: string; version?: string };
  brand?: string;
  model?: string;
  quantity?: number;
  unit?: { name?: string; value?: Value };
  relatedLot?: string;
}

/** A document. */
export interface Document {
  id: string;
  title: string;
  documentType?: string;
  url?: string;
  datePublished?: string;
  format?: string;
}

/** 中标（成交）结果: an award. */
export interface Award {
  id: string;
  title?: string;
  status?: 'pending' | 'active' | 'cancelled' | 'unsuccessful';
  date?: string;
  evaluationDate?: string;
  value?: Value;
  suppliers?: OrganizationReference[];
  items?: Item[];
  relatedLots?: string[];
  evaluationPanel?: string[];
  documents?: Document[];
}

/** 合同: a contract. */
export interface Contract {
  id: string;
  awardID?: string;
  title?: string;
  status?: 'pending' | 'active' | 'cancelled' | 'terminated';
  value?: Value;
  suppliers?: OrganizationReference[];
  period?: Period;
  dateSigned?: string;
  items?: Item[];
  milestones?: { id: string; title: string; type?: string; dueDate?: string; dateMet?: string; status?: string }[];
  documents?: Document[];
}

/** The tender part of a notice. */
export interface Tender {
  id?: string;
  title?: string;
  description?: string;
  status?: string;
  procurementMethod?: string;
  procurementMethodRationale?: string;
  organizationForm?: string;
  mainProcurementCategory?: 'goods' | 'works' | 'services';
  value?: Value;
  maxPrice?: Value;
  procuringEntity?: OrganizationReference;
  items?: Item[];
  lots?: { id: string; title: string; description?: string; value?: Value; maxPrice?: Value; status?: string }[];
  eligibilityCriteria?: string;
  reservedForSme?: boolean;
  documentsAccess?: { period: Period; place?: string; url?: string; method: string; price?: Value };
  tenderPeriod?: Period;
  bidOpening?: { date: string; address: string };
  submissionMethodDetails?: string;
  documents?: Document[];
  amendments?: { id: string; date: string; rationale?: string; description?: string }[];
}

/**
 * A notice (公告) of the standard, after validation. A withdrawal (`operation: 'withdraw'`) may carry
 * the record header only: check `operation` before reading the body.
 */
export interface Notice extends RecordHeader {
  recordType: 'notice';
  ocid: string;
  noticeType: string;
  date: string;
  title: string;
  url?: string;
  description?: string;
  project: { id: string; name: string };
  parties: Organization[];
  buyer?: OrganizationReference;
  planning?: { budget?: Value; requirementSummary?: string; expectedDate?: string; reservedForSme?: boolean; items?: Item[] };
  tender?: Tender;
  awards?: Award[];
  contracts?: Contract[];
  correction?: {
    noticeId: string;
    substantive: boolean;
    deadlineChanged: boolean;
    tenderPeriodEnd?: string;
    bidOpeningDate?: string;
    changes: { field: string; before?: string; after: string }[];
  };
  termination?: { reason: string; noticeId?: string };
  acceptance?: { contractID: string; date: string; result: 'passed' | 'failed'; description?: string; participants?: string[] };
  singleSource?: {
    supplier: OrganizationReference;
    reason: string;
    expertOpinions?: { expert: string; opinion: string }[];
    objectionPeriod: Period;
  };
  ruling?: {
    caseNumber: string;
    authority: OrganizationReference;
    complainant?: OrganizationReference;
    respondents?: OrganizationReference[];
    decisionDate: string;
    matters?: string;
    decision: string;
  };
  assessment?: { agency: OrganizationReference; period: Period; score?: number; result: string };
  documents?: Document[];
}

/** One line of an order, delivery or return. */
export interface Line {
  id: string;
  description: string;
  classification?: { scheme: 'CN-GPC'; id: string; description?: string; version?: string };
  brand?: string;
  model?: string;
  quantity: number;
  unit?: string;
  unitPrice?: number;
  lineTotal?: number;
}

/** A transaction (电子卖场交易环节) of the standard, after validation; a withdrawal may carry the header only. */
export interface Transaction extends RecordHeader {
  recordType: 'transaction';
  transactionId: string;
  transactionType: 'order' | 'confirmation' | 'delivery' | 'acceptance' | 'payment' | 'cancellation' | 'return';
  date: string;
  marketplace?: { name: string; url?: string };
  frameworkAgreement?: { id: string; ocid?: string; title?: string };
  parties: Organization[];
  buyer: OrganizationReference;
  supplier: OrganizationReference;
  lines?: Line[];
  total?: Value;
  delivery?: { date: string; address?: Organization['address']; trackingNumber?: string };
  acceptance?: { date: string; result: 'passed' | 'failed'; description?: string };
  payment?: { amount: Value; date: string; reference?: string };
  cancellation?: { reason: string; initiatedBy: 'buyer' | 'supplier' };
  return?: { reason: string };
}
