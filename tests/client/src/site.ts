// The pages of a news site, on the generated client: front page with paging, article by slug with its related articles, tag page,
// author page, search with highlights. A public read answers only published articles, and the types say so once
// `status` is checked: `publishedAt` is then a string, with no `!` or `?? ""`.
import { type Api, type Schemas, check, expect } from "./api.js";

export type Card = Schemas["PublishedArticleSummary"];
export type Story = Schemas["PublishedArticle"];

export interface Page<T> {
  items: T[];
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
}

/** What a public list holds, narrowed by `status` (compare with the values of a variant: `!== "draft"` does not narrow a
 *  variant whose status is `"draft" | "archived"`). A draft on a public page would be the server's bug. */
function published(items: Schemas["ArticleSummary"][]): Card[] {
  return items.map(article => {
    if (article.status === "published" || article.status === "scheduled")
      return article;
    throw new Error(`a public page listed the ${article.status} ${article.slug}`);
  });
}

function page(list: Schemas["ArticleSummaryList"]): Page<Card> {
  return { items: published(list.data), next: list.meta.nextCursor };
}

/** A card as a page shows it: the date is always there for a published article. */
export function dateline(card: Card | Story): string {
  return new Date(card.publishedAt).toISOString().slice(0, 10);
}

export async function frontPage(api: Api, options: { language?: string; limit?: number; cursor?: string } = {}): Promise<Page<Card>> {
  return page(expect(await api.GET("/api/v1/articles", { params: { query: options } }), "front page"));
}

/** Every page of the front page, following `meta.nextCursor`. */
export async function wholeFrontPage(api: Api, limit: number, language?: string): Promise<Card[][]> {
  const pages: Card[][] = [];
  let cursor: string | undefined;
  do {
    const next = await frontPage(api, { limit, cursor, language });
    pages.push(next.items);
    cursor = next.next ?? undefined;
  } while (cursor !== undefined);
  return pages;
}

/** An article page by slug; null for a slug the public cannot see (404), so the site can answer its own 404. */
export async function articlePage(api: Api, slug: string): Promise<Story | null> {
  const answer = await api.GET("/api/v1/articles/{id}", { params: { path: { id: slug }, query: { formats: ["html"] } } });
  if (answer.response.status === 404)
    return null;
  const article = expect(answer, `article ${slug}`);
  if (article.status === "published" || article.status === "scheduled")
    return article;
  throw new Error(`a public read answered the ${article.status} ${slug}`);
}

/** The "related articles" box of an article page: published articles in its language, most related first, never itself.
 *  Empty for a slug the public cannot see, as the page itself is. */
export async function relatedCards(api: Api, slug: string, limit = 5): Promise<Card[]> {
  const answer = await api.GET("/api/v1/articles/{id}/related", { params: { path: { id: slug }, query: { limit } } });
  if (answer.response.status === 404)
    return [];
  return published(expect(answer, `related to ${slug}`).data);
}

export async function tagPage(api: Api, slug: string, cursor?: string): Promise<{ tag: Schemas["Tag"]; articles: Page<Card> } | null> {
  const tag = await api.GET("/api/v1/tags/{id}", { params: { path: { id: slug } } });
  if (tag.response.status === 404)
    return null;
  const articles = await api.GET("/api/v1/articles", { params: { query: { tag: slug, cursor } } });
  return { tag: expect(tag, `tag ${slug}`), articles: page(expect(articles, `articles tagged ${slug}`)) };
}

export async function authorPage(api: Api, slug: string, cursor?: string): Promise<{ author: Schemas["Author"]; articles: Page<Card> } | null> {
  const author = await api.GET("/api/v1/authors/{id}", { params: { path: { id: slug } } });
  if (author.response.status === 404)
    return null;
  const articles = await api.GET("/api/v1/articles", { params: { query: { author: slug, cursor } } });
  return { author: expect(author, `author ${slug}`), articles: page(expect(articles, `articles by ${slug}`)) };
}

export interface Hit {
  card: Card;
  /** HTML: the matched words wrapped in <mark>, everything else escaped. */
  highlight: string;
}

/** A filter sidebar: each facet's most common values among all the matches (not only the page). */
export type Facets = Schemas["ArticleFacets"];

export interface SearchResults extends Page<Hit> {
  /** With the first page only (the counts are the same on every page); null on the following ones. */
  facets: Facets | null;
  /** True when more articles match than the facets count (they count the newest ones): show the counts as "about". */
  facetsApproximate: boolean;
  /** True when the search ran out of its time budget: the hits are those among the newest articles only; say "results may be incomplete". */
  incompleteResults: boolean;
  /** When the search found little, q with its misspelt words corrected (`sanctoins` → "sanctions"): offer it as a link. */
  didYouMean: string | null;
}

/** Search results: every hit of a search carries its highlight; the first page brings the sidebar's facets. Called as
 *  the reader types: the last word of q also finds the words it starts once it has 3 letters (`sanz` finds "sanzioni"),
 *  so a search box can search on each key. */
export async function searchPage(api: Api, q: string, cursor?: string): Promise<SearchResults> {
  const facets = cursor === undefined ? (["tag", "author", "language", "source"] as const).slice() : undefined;
  const list = expect(await api.GET("/api/v1/articles", { params: { query: { q, cursor, facets } } }), `search ${q}`);
  const results = page(list);
  check(facets === undefined || list.meta.facets !== undefined, `search ${q} without the facets asked for`);
  return {
    next: results.next,
    didYouMean: list.meta.didYouMean ?? null,
    items: results.items.map(card => {
      check(card.highlight !== undefined, `search hit ${card.slug} without a highlight`);
      return { card, highlight: card.highlight };
    }),
    facets: list.meta.facets ?? null,
    facetsApproximate: list.meta.facetsApproximate ?? false,
    incompleteResults: list.meta.incompleteResults ?? false,
  };
}

/** A sidebar's line for one value: "Esteri (12)", or "Esteri (about 12)" when the counts are a sample. */
export function facetLabel(value: { name?: string; code?: string; count: number }, approximate: boolean): string {
  return `${value.name ?? value.code} (${approximate ? "about " : ""}${value.count})`;
}
