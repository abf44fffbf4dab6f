import { cumulative, Rng } from "./prng.js";

/**
 * The demo shop's catalog: 8 categories × 25 products. It is built from a fixed internal seed, so product ids,
 * names and prices are the same for every `--seed` (docs and tests can name them).
 */
export interface Product {
  id: string;
  name: string;
  category: string;
  price: number;
}

interface CategorySpec {
  name: string;
  medianPrice: number;
  nouns: readonly string[];
}

const CATEGORY_SPECS: readonly CategorySpec[] = [
  {
    name: "electronics",
    medianPrice: 120,
    nouns: ["Headphones", "Smartwatch", "Speaker", "Tablet", "Webcam", "Charger", "E-Reader", "Keyboard"],
  },
  {
    name: "apparel",
    medianPrice: 45,
    nouns: ["T-Shirt", "Jeans", "Hoodie", "Sneakers", "Rain Jacket", "Dress", "Scarf", "Backpack"],
  },
  {
    name: "home",
    medianPrice: 60,
    nouns: ["Table Lamp", "Throw Blanket", "Coffee Maker", "Cookware Set", "Desk Chair", "Plant Pot", "Bed Sheets"],
  },
  {
    name: "beauty",
    medianPrice: 25,
    nouns: ["Face Serum", "Moisturizer", "Lipstick", "Shampoo", "Perfume", "Sunscreen", "Hair Dryer"],
  },
  {
    name: "sports",
    medianPrice: 55,
    nouns: ["Yoga Mat", "Dumbbells", "Running Shoes", "Tennis Racket", "Bike Helmet", "Camping Tent", "Water Bottle"],
  },
  {
    name: "books",
    medianPrice: 18,
    nouns: ["Cookbook", "Thriller", "Biography", "Sci-Fi Novel", "Travel Guide", "Business Book", "Graphic Novel"],
  },
  {
    name: "toys",
    medianPrice: 30,
    nouns: ["Building Blocks", "Puzzle", "Plush Bear", "Board Game", "RC Car", "Art Set", "Science Kit"],
  },
  {
    name: "grocery",
    medianPrice: 12,
    nouns: ["Coffee Beans", "Green Tea", "Olive Oil", "Dark Chocolate", "Granola", "Hot Sauce", "Honey", "Spice Set"],
  },
];

/** Adjectives and their price factor (premium lines cost more, essentials less). */
const LINES: readonly (readonly [string, number])[] = [
  ["Essential", 0.6],
  ["Compact", 0.75],
  ["Classic", 1],
  ["Eco", 1.1],
  ["Smart", 1.3],
  ["Pro", 1.6],
  ["Premium", 2],
  ["Deluxe", 2.4],
];

export const CATEGORIES: readonly string[] = CATEGORY_SPECS.map((s) => s.name);
export const PRODUCTS_PER_CATEGORY = 25;

export interface Catalog {
  products: readonly Product[];
  /** Products of each category (index = category index), in popularity-rank order. */
  byCategory: readonly (readonly Product[])[];
  /** Cumulative Zipf(0.9) popularity over the ranks of one category. */
  popularity: Float64Array;
  /** Cumulative overall category shares. */
  categoryShares: Float64Array;
}

const CATALOG_SEED = 0x7e55e4a;

function buildCatalog(): Catalog {
  const rng = new Rng(CATALOG_SEED);
  const products: Product[] = [];
  const byCategory: Product[][] = [];
  CATEGORY_SPECS.forEach((spec, ci) => {
    const used = new Set<string>();
    const list: Product[] = [];
    while (list.length < PRODUCTS_PER_CATEGORY) {
      const [line, factor] = rng.pick(LINES);
      const noun = rng.pick(spec.nouns);
      const name = `${line} ${noun}`;
      if (used.has(name)) continue;
      used.add(name);
      // Log-normal spread around the category median, scaled by the product line; .99 endings like a real shop.
      const raw = spec.medianPrice * factor * Math.exp(0.25 * rng.normal());
      const price = Math.max(0.99, Math.round(raw) - 0.01);
      const id = `p${String(ci * PRODUCTS_PER_CATEGORY + list.length + 1).padStart(3, "0")}`;
      list.push({ id, name, category: spec.name, price });
    }
    byCategory.push(list);
    products.push(...list);
  });
  const ranks = Array.from({ length: PRODUCTS_PER_CATEGORY }, (_, r) => 1 / (r + 1) ** 0.9);
  return {
    products,
    byCategory,
    popularity: cumulative(ranks),
    categoryShares: cumulative([18, 20, 14, 12, 12, 8, 8, 8]),
  };
}

export const CATALOG: Catalog = buildCatalog();

/** Interests (a profile trait) and the categories they draw shopping towards. */
export const INTERESTS: Readonly<Record<string, readonly string[]>> = {
  technology: ["electronics"],
  gaming: ["electronics", "toys"],
  fashion: ["apparel", "beauty"],
  "home decor": ["home"],
  beauty: ["beauty"],
  fitness: ["sports", "apparel"],
  outdoors: ["sports"],
  reading: ["books"],
  parenting: ["toys", "books"],
  cooking: ["grocery", "home"],
  travel: ["apparel", "books"],
  music: ["electronics"],
  pets: ["home", "grocery"],
  office: ["electronics", "home", "books"],
};
export const INTEREST_NAMES: readonly string[] = Object.keys(INTERESTS);
