// A front end's flow through a client generated from the served document (openapi-typescript types,
// openapi-fetch calls): nothing here is hand-typed against the API, so a document that lies fails tsc
// or these checks. API_URL and API_KEY (an editor or admin key) come from the environment.
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/api.js";

type Article = components["schemas"]["Article"];
type ArticleSummary = components["schemas"]["ArticleSummary"];

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const baseUrl = process.env.API_URL;
const key = process.env.API_KEY;
check(baseUrl && key, "API_URL and API_KEY must be set");

const staff = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
const reader = createClient<paths>({ baseUrl });

const site = await reader.GET("/api/v1/site");
check(site.data && site.data.languages.length > 0, `the site: ${site.response.status}`);
const run = Date.now().toString(36);

const author = await staff.POST("/api/v1/authors", {
  params: { header: { "Idempotency-Key": `author-${run}` } },
  body: { name: `Giulia Ferraris ${run}`, bio: "Corrispondente da Bruxelles.", location: "Bruxelles" },
});
check(author.response.status === 201 && author.data, `create author: ${author.response.status} ${JSON.stringify(author.error)}`);
check(author.response.headers.get("ETag"), "a created author carries an ETag");

const source = await staff.POST("/api/v1/sources", {
  body: { name: `Agenzia Nova ${run}`, kind: "agency", country: "IT", url: "https://www.agenzianova.com" },
});
check(source.response.status === 201 && source.data, `create source: ${source.response.status} ${JSON.stringify(source.error)}`);
const kind: components["schemas"]["SourceKind"] = source.data.kind;
check(kind === "agency", `source kind: ${kind}`);

const created = await staff.POST("/api/v1/articles", {
  body: {
    title: `Il trattato sul clima ${run}`,
    subtitle: "Firmato a Roma dopo due anni di negoziati",
    body: { markdown: `I ministri hanno firmato il **trattato** a Roma.\n\nSecondo l'agenzia, i trattati precedenti erano falliti. ${run}` },
    language: "it",
    authors: [author.data.slug],
    tags: [`clima-${run}`],
    citations: [
      { source: source.data.slug, claim: "Il trattato entrerà in vigore a gennaio", attribution: "secondo", quote: "Entrerà in vigore a gennaio" },
      { source: source.data.id, claim: "Dodici paesi hanno firmato", attribution: "ha riferito", url: "https://www.agenzianova.com/a/1" },
    ],
  },
});
check(created.response.status === 201 && created.data, `create article: ${created.response.status} ${JSON.stringify(created.error)}`);
const draft: Article = created.data;
check(draft.status === "draft", `a new article is a draft, not ${draft.status}`);
check(draft.citations.length === 2 && draft.citations[0]?.source.kind === "agency", "citations in order, with source summaries");
check(draft.citationsBySource.length === 1, "citations grouped by source");

const publishedAnswer = await staff.POST("/api/v1/articles/{id}/publish", {
  params: { path: { id: draft.id }, header: { "If-Match": created.response.headers.get("ETag") ?? undefined } },
  body: {},
});
check(publishedAnswer.response.status === 200 && publishedAnswer.data?.status === "published",
  `publish: ${publishedAnswer.response.status} ${JSON.stringify(publishedAnswer.error)}`);

const frontPage = await reader.GET("/api/v1/articles", { params: { query: { language: "it", limit: 10 } } });
check(frontPage.data, `front page: ${frontPage.response.status}`);
const items: ArticleSummary[] = frontPage.data.data;
check(items.some(a => a.id === draft.id), "the published article is on the Italian front page");
check(frontPage.data.meta.limit === 10, "meta.limit");

const search = await reader.GET("/api/v1/articles", { params: { query: { q: `trattati ${run}` } } });
check(search.data, `search: ${search.response.status}`);
const hit = search.data.data.find(a => a.id === draft.id);
check(hit, "Italian search: 'trattati' finds 'trattato'");
check(hit.highlight?.includes("<mark>"), `a search hit carries a highlight: ${hit.highlight}`);

const bySlug = await reader.GET("/api/v1/articles/{id}", { params: { path: { id: draft.slug } } });
check(bySlug.data && bySlug.data.id === draft.id, `get by slug: ${bySlug.response.status}`);
check(bySlug.data.body.html?.includes("<strong>trattato</strong>"), "the body as sanitized HTML");
check(bySlug.data.url.startsWith(site.data.url) && bySlug.data.tags[0]?.url === `${site.data.url}/tags/${bySlug.data.tags[0]?.slug}`,
  `public URLs from the site: ${bySlug.data.url}`);
check(bySlug.data.structuredData["@type"] === "NewsArticle" && bySlug.data.structuredData.headline === bySlug.data.title,
  "structured data: a NewsArticle whose headline is the title");
const etag = bySlug.response.headers.get("ETag");
check(etag, "a read carries an ETag");

const again = await reader.GET("/api/v1/articles/{id}", { params: { path: { id: draft.slug }, header: { "If-None-Match": etag } } });
check(again.response.status === 304, `a conditional GET with a matching ETag answers 304, not ${again.response.status}`);

const missing = await reader.GET("/api/v1/articles/{id}", { params: { path: { id: `no-such-article-${run}` } } });
check(missing.response.status === 404 && missing.error?.status === 404 && missing.error.detail, "404 is a problem with status and detail");

// The editor's round trip: read the Markdown only, change the title, send the article back as read, by slug,
// with the ETag of that read.
const editing = await staff.GET("/api/v1/articles/{id}", { params: { path: { id: draft.slug }, query: { formats: ["markdown"] } } });
check(editing.data && !editing.data.body.html && !editing.data.excerptIsCustom, `read to edit: ${editing.response.status}`);
const edited = await staff.PUT("/api/v1/articles/{id}", {
  params: { path: { id: draft.slug }, header: { "If-Match": editing.response.headers.get("ETag") ?? "" } },
  body: { ...editing.data, body: { markdown: editing.data.body.markdown ?? "" }, title: `${editing.data.title} (rivisto)` },
});
check(edited.response.status === 200 && edited.data?.title.endsWith("(rivisto)") && !edited.data.excerptIsCustom,
  `the article sent back as read: ${edited.response.status} ${JSON.stringify(edited.error)}`);

console.log(`flow ok: article ${draft.slug} created, published, listed, found by search and slug, revalidated (304), edited by round trip`);
