import { Rng } from "./prng.js";

/**
 * Names and companies for demo profiles. E-mail addresses use the reserved example domains (RFC 2606) so no
 * generated address can belong to a real person.
 */
const words = (text: string): readonly string[] => text.split(" ");

export const FEMALE_NAMES: readonly string[] = words(
  "Maria Emma Olivia Sofia Aisha Yuki Priya Chloe Anna Lucia Fatima Mei Hannah Isabella Zoe Elena Amara Sara Nora Julia Laura Ines Freya Leila Camila Ava Mia Grace Hana Clara",
);
export const MALE_NAMES: readonly string[] = words(
  "James Liam Noah Mateo Ahmed Hiroshi Arjun Lucas David Marco Omar Wei Ethan Leon Samuel Ivan Kwame Daniel Felix Jonas Pedro Tom Ravi Hugo Diego Ben Max Oscar Minho Erik",
);
export const NEUTRAL_NAMES: readonly string[] = words("Alex Sam Robin Jordan Kai Charlie Riley Noa");
export const LAST_NAMES: readonly string[] = words(
  "Smith Garcia Muller Rossi Tanaka Kim Patel Silva Johnson Martin Novak Kowalski Dubois Jensen Lopez Nguyen Khan Cohen Brown Wilson Schmidt Fischer Moreau Santos Yamamoto Park Singh Ali Okafor Mensah Andersson Larsen Costa Romero Walker Taylor Clarke Evans Weber Becker",
);
export const CONSUMER_DOMAINS: readonly string[] = words("example.com example.org example.net");

export const INDUSTRIES: readonly string[] = words(
  "Technology Retail Healthcare Finance Manufacturing Education Hospitality Logistics Media Energy",
);

export interface Company {
  id: string;
  name: string;
  domain: string;
  industry: string;
  employees: number;
}

const PREFIXES = words(
  "North Blue Bright Summit Iron Silver Green Apex Cedar Harbor Nova Quantum Pioneer Atlas Vertex Crystal Maple Falcon Orion Lumen",
);
const SUFFIXES = words(
  "Systems Logistics Labs Foods Health Capital Works Retail Energy Analytics Design Dynamics Partners Supply Media",
);

export const COMPANY_COUNT = 240;
const COMPANY_SEED = 0xc0ffee;

function buildCompanies(): Company[] {
  const rng = new Rng(COMPANY_SEED);
  const used = new Set<string>();
  const out: Company[] = [];
  while (out.length < COMPANY_COUNT) {
    const name = `${rng.pick(PREFIXES)} ${rng.pick(SUFFIXES)}`;
    if (used.has(name)) continue;
    used.add(name);
    // Firm sizes are heavy-tailed: log-normal around 120 employees, 5 to 50,000.
    const employees = Math.min(50_000, Math.max(5, Math.round(120 * Math.exp(1.3 * rng.normal()))));
    out.push({
      id: `g${String(out.length + 1).padStart(4, "0")}`,
      name,
      domain: `${name.toLowerCase().replace(/\s+/g, "")}.example`,
      industry: rng.pick(INDUSTRIES),
      employees,
    });
  }
  return out;
}

export const COMPANIES: readonly Company[] = buildCompanies();

/** ASCII-only local part for e-mail addresses. */
export const emailLocal = (first: string, last: string): string =>
  `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
