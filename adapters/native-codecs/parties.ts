/**
 * Organisations named by source systems (a name and a code of unstated kind) as parties of a
 * standard record: the identifier scheme is made explicit from the code's shape and check character.
 */
import { isValidOrgCode, isValidUscc } from '../sdk.ts';

/** A party role of the standard (codelist partyRole). */
export type PartyRole = 'buyer' | 'procuringEntity' | 'centralPurchasingBody' | 'supplier' | 'tenderer' | 'payer' | 'payee' | 'reviewBody';

/** The standard's Organization (schemas/v1/common.schema.json#/$defs/Organization), as adapters fill it. */
export interface Party {
  id: string;
  name: string;
  identifier?: { scheme: 'CN-USCC' | 'CN-ORGCODE' | 'OTHER'; id: string; legalName?: string };
  roles: PartyRole[];
}

/** The identifier scheme a code belongs to: 统一社会信用代码, 组织机构代码, or other. */
export function schemeOf(code: string): 'CN-USCC' | 'CN-ORGCODE' | 'OTHER' {
  if (isValidUscc(code)) return 'CN-USCC';
  if (isValidOrgCode(code)) return 'CN-ORGCODE';
  return 'OTHER';
}

/** The party id by the standard's convention: scheme and identifier, e.g. CN-USCC-91350100M000100Y43. */
export function partyId(name: string, code: string | undefined): string {
  if (code) return `${schemeOf(code)}-${code.replace('-', '')}`;
  // No code: a stable id from the name (the standard's Id allows any non-space characters).
  return `NAME-${name.replace(/\s+/g, '')}`.slice(0, 64);
}

/** Collects parties by id, merging the roles of an organisation named more than once. */
export class PartyList {
  private readonly byId = new Map<string, Party>();

  /** Adds (or adds a role to) an organisation; returns the reference to put in the record. */
  add(name: string, code: string | undefined, role: PartyRole): { id: string; name: string } {
    const id = partyId(name, code);
    const existing = this.byId.get(id);
    if (existing) {
      if (!existing.roles.includes(role)) existing.roles.push(role);
    } else {
      const party: Party = { id, name, roles: [role] };
      if (code) party.identifier = { scheme: schemeOf(code), id: code };
      this.byId.set(id, party);
    }
    return { id, name };
  }

  /** The parties in the order first named. */
  list(): Party[] {
    return [...this.byId.values()];
  }
}

/** The code and name of the party a reference points at (the identifier's id, else none). */
export function codeOf(parties: readonly Party[] | undefined, ref: { id: string } | undefined): string | undefined {
  if (!ref) return undefined;
  return parties?.find((p) => p.id === ref.id)?.identifier?.id;
}
