import { CATEGORIES, INTEREST_NAMES, INTERESTS } from "./catalog.js";
import {
  COMPANIES,
  CONSUMER_DOMAINS,
  type Company,
  emailLocal,
  FEMALE_NAMES,
  LAST_NAMES,
  MALE_NAMES,
  NEUTRAL_NAMES,
} from "./people.js";
import { PERSONAS, type Persona, PLANS, type Plan } from "./personas.js";
import { CITIES, type City, JITTER_KM, KM_PER_DEGREE_LAT } from "./places.js";
import { cumulative, type Rng } from "./prng.js";

/** Who a demo profile is: drawn once per profile from its own random stream, before any behaviour. */
export interface ProfileAttributes {
  userId: string;
  anonymousId: string | null;
  persona: Persona;
  personaIndex: number;
  city: City;
  firstName: string;
  lastName: string;
  email: string;
  age: number;
  gender: "female" | "male" | "non-binary";
  lat: number;
  lon: number;
  interests: string[];
  /** Category indexes the interests point to. */
  favouriteCategories: number[];
  priceSensitivity: number;
  /** The plan this profile will subscribe to (everyone signs up on "free"). */
  targetPlan: Plan;
  optIn: { email: boolean; sms: boolean; push: boolean };
  company: Company | null;
  /** Personal multiplier on the persona's session rate (log-normal, mean 1). */
  activity: number;
  context: string;
}

const PERSONA_CUM = cumulative(PERSONAS.map((p) => p.weight));
const CITY_CUM = cumulative(CITIES.map((c) => c.weight));
/** Companies are hit unevenly: a few large accounts have many buyers. */
const COMPANY_CUM = cumulative(COMPANIES.map((_, i) => 1 / (i + 1) ** 0.7));
const DEVICES = [
  { type: "mobile", os: ["iOS", "Android"] },
  { type: "desktop", os: ["Windows", "macOS", "Linux"] },
  { type: "tablet", os: ["iPadOS", "Android"] },
] as const;
const DEVICE_CUM = cumulative([0.55, 0.4, 0.05]);

export const userIdOf = (index: number): string => `u${String(index + 1).padStart(6, "0")}`;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function drawAttributes(rng: Rng, index: number): ProfileAttributes {
  const personaIndex = rng.weighted(PERSONA_CUM);
  const persona = PERSONAS[personaIndex] as Persona;
  const city = CITIES[rng.weighted(CITY_CUM)] as City;
  const g = rng.next();
  const gender = g < 0.48 ? "female" : g < 0.96 ? "male" : "non-binary";
  const firstName = rng.pick(gender === "female" ? FEMALE_NAMES : gender === "male" ? MALE_NAMES : NEUTRAL_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const b2b = persona.id === "b2b_buyer";
  const company = b2b ? (COMPANIES[rng.weighted(COMPANY_CUM)] ?? null) : null;
  const domain = company ? company.domain : rng.pick(CONSUMER_DOMAINS);
  const email = `${emailLocal(firstName, lastName)}${index + 1}@${domain}`;
  const lat = city.lat + (rng.normal() * JITTER_KM) / KM_PER_DEGREE_LAT;
  const lon = city.lon + (rng.normal() * JITTER_KM) / (KM_PER_DEGREE_LAT * Math.cos((city.lat * Math.PI) / 180));

  const interests = b2b ? ["office"] : [];
  const want = (b2b ? 1 : 2) + rng.int(3);
  while (interests.length < want) {
    const x = rng.pick(INTEREST_NAMES);
    if (!interests.includes(x)) interests.push(x);
  }
  const favourite = new Set<number>();
  for (const x of interests) for (const cat of INTERESTS[x] ?? []) favourite.add(CATEGORIES.indexOf(cat));

  const planIdx = rng.weighted(cumulative(persona.plans));
  const deviceIdx = b2b ? (rng.chance(0.85) ? 1 : 0) : rng.weighted(DEVICE_CUM);
  const device = DEVICES[deviceIdx] ?? DEVICES[0];
  const context = JSON.stringify({
    library: { name: "tessera-demo", version: "1.0.0" },
    locale: city.locale,
    timezone: city.timezone,
    device: { type: device.type },
    os: { name: rng.pick(device.os) },
  });
  return {
    userId: userIdOf(index),
    anonymousId: rng.chance(b2b ? 0.2 : 0.4) ? rng.uuid() : null,
    persona,
    personaIndex,
    city,
    firstName,
    lastName,
    email,
    age: Math.round(clamp(persona.age[0] + persona.age[1] * rng.normal(), 18, 85)),
    gender,
    lat: round(lat, 5),
    lon: round(lon, 5),
    interests,
    favouriteCategories: [...favourite].sort((a, b) => a - b),
    priceSensitivity: round(clamp(persona.priceSensitivity[0] + persona.priceSensitivity[1] * rng.normal(), 0, 1), 2),
    targetPlan: PLANS[planIdx] ?? "free",
    optIn: {
      email: rng.chance(persona.optIn.email),
      sms: rng.chance(persona.optIn.sms),
      push: rng.chance(persona.optIn.push),
    },
    company,
    activity: Math.exp(0.5 * rng.normal() - 0.125),
    context,
  };
}

/** The traits of the sign-up identify call. Everyone starts on the free plan; subscriptions change it later. */
export function signupTraits(a: ProfileAttributes, createdAt: number): string {
  return JSON.stringify({
    first_name: a.firstName,
    last_name: a.lastName,
    name: `${a.firstName} ${a.lastName}`,
    email: a.email,
    age: a.age,
    gender: a.gender,
    city: a.city.city,
    country: a.city.country,
    lat: a.lat,
    lon: a.lon,
    timezone: a.city.timezone,
    interests: a.interests,
    price_sensitivity: a.priceSensitivity,
    plan: "free",
    email_opt_in: a.optIn.email,
    sms_opt_in: a.optIn.sms,
    push_opt_in: a.optIn.push,
    created_at: new Date(createdAt).toISOString(),
  });
}
