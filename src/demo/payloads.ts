import { CATALOG, type Product } from "./catalog.js";
import { CHANNELS, type Channel } from "./personas.js";

/**
 * Property payloads that repeat across millions of rows, serialised once: product views, landing pages, campaign
 * touches and message campaigns. The simulator only concatenates or picks these strings.
 */
export const SHOP_URL = "https://shop.example.com";
export const CURRENCY = "USD";

/** `{"product_id","name","category","price"}` per product, in catalog order; Product Added appends `quantity`. */
export const PRODUCT_JSON: ReadonlyMap<Product, string> = new Map(
  CATALOG.products.map((p) => [
    p,
    JSON.stringify({ product_id: p.id, name: p.name, category: p.category, price: p.price }),
  ]),
);

export const productAddedJson = (p: Product, quantity: number): string =>
  `${(PRODUCT_JSON.get(p) ?? "{").slice(0, -1)},"quantity":${quantity}}`;

const REFERRER: Readonly<Record<Channel, string | null>> = {
  email: "https://mail.example.com/",
  paid_search: "https://search.example.com/",
  social: "https://social.example.com/",
  display: "https://news.example.com/",
  affiliate: "https://coupons.example.com/",
  direct: null,
};

const LANDING: Readonly<Record<Channel, readonly (readonly [string, string])[]>> = {
  email: [["Deals", "/deals"]],
  paid_search: [
    ["Search", "/search"],
    ["Home", "/"],
  ],
  social: [["Lookbook", "/lookbook"]],
  display: [["Deals", "/deals"]],
  affiliate: [["Deals", "/deals"]],
  direct: [
    ["Home", "/"],
    ["Account", "/account"],
  ],
};
const BUSINESS_PAGE = ["Business", "/business"] as const;

export interface Landing {
  name: string;
  json: string;
}

const landingJson = (name: string, path: string, ch: Channel): string => {
  const referrer = REFERRER[ch];
  const props: Record<string, string> = { path, url: `${SHOP_URL}${path}`, title: `${name} | Demo Shop` };
  if (referrer !== null) props["referrer"] = referrer;
  return JSON.stringify(props);
};

/** Landing pages per channel index; B2B buyers sometimes land on the business page instead. */
export const LANDINGS: readonly (readonly Landing[])[] = CHANNELS.map((ch) =>
  LANDING[ch].map(([name, path]) => ({ name, json: landingJson(name, path, ch) })),
);
export const BUSINESS_LANDINGS: readonly Landing[] = CHANNELS.map((ch) => ({
  name: BUSINESS_PAGE[0],
  json: landingJson(BUSINESS_PAGE[0], BUSINESS_PAGE[1], ch),
}));

const CAMPAIGNS: Readonly<Record<Channel, readonly string[]>> = {
  email: ["newsletter", "winback", "new_arrivals"],
  paid_search: ["search_brand", "search_generic", "shopping_ads"],
  social: ["social_stories", "influencer_collab"],
  display: ["retargeting_banner", "prospecting_banner"],
  affiliate: ["coupon_sites", "review_blogs"],
  direct: ["(none)"],
};

/** Campaign Touch payloads per channel index (several campaigns each). */
export const TOUCHES: readonly (readonly string[])[] = CHANNELS.map((channel) =>
  CAMPAIGNS[channel].map((campaign) => JSON.stringify({ channel, campaign })),
);
/** Touches of sessions opened from an SMS or push message: channel "direct", the message channel as source. */
export const MESSAGE_TOUCH: Readonly<Record<"sms" | "push", string>> = {
  sms: JSON.stringify({ channel: "direct", campaign: "(none)", source: "sms" }),
  push: JSON.stringify({ channel: "direct", campaign: "(none)", source: "push" }),
};
