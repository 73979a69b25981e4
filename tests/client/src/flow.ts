// A front end's flow through a client generated from the served document (openapi-typescript types,
// openapi-fetch calls): nothing here is hand-typed against the API, so a document that lies fails tsc
// or these checks. API_URL and API_KEY (an editor or admin key) come from the environment.
import type { components } from "../generated/api.js";
import { check, client, etagOf, featureImageInput } from "./api.js";
import { editorFlow, sitePages } from "./examples.js";

type Article = components["schemas"]["Article"];
type ArticleSummary = components["schemas"]["ArticleSummary"];

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

const baseUrl = process.env.API_URL;
const key = process.env.API_KEY;
check(baseUrl && key, "API_URL and API_KEY must be set");

const staff = client(baseUrl, key);
const reader = client(baseUrl);

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
  body: { name: `Agenzia Nova ${run}`, kind: "agency", country: "IT", websiteUrl: "https://www.agenzianova.com" },
});
check(source.response.status === 201 && source.data, `create source: ${source.response.status} ${JSON.stringify(source.error)}`);
check(source.data.url === `${site.data.url}/sources/${source.data.slug}` && source.data.websiteUrl === "https://www.agenzianova.com",
  `a source's url is its page on the front end, websiteUrl its own site: ${source.data.url}`);
const kind: components["schemas"]["SourceKind"] = source.data.kind;
check(kind === "agency", `source kind: ${kind}`);

// A picture uploaded to the media library (multipart/form-data), then the article's feature image by its id.
const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAABAAAAAJCAIAAAC0SDtlAAABRklEQVR42g3LIY6AMBAAwHvOPQBZgb+KNSQNBrMG0zSpWUFNTRFrSAh6H4Cs4AGIyj5gH3OMn59fcw3mGA1bU5zJaFIwtJm4G3+aVQzeZnnM/JqpG1Dz9/ML1wDHCGyhOMgIKQBtEHfwJ6wCeMPywPzC1AEUvoDXgMeIbLE4zIgpIG0Yd/QnroJ44/Lg/OLUERS/QNdAx0hsqTjKSCkQbRR38ietQnjT8tD80tQJlL7A18DHyGy5OM7IKTBtHHf2J6/CePPy8Pzy1BmUvyDXIMcobKU4ySgpCG0Sd/GnrCJ4y/LI/MrUBVS+UK+hHmNlW4urGWsKlbYa9+rPukrFuy5Pnd869Qpav9CuoR1jY9uKaxlbCo22Fvfmz7ZKw7stT5vfNvUG2r6g16DHqGy1OM2oKShtGnf1p66ieOvy6Pzq1BVU//4BEXfXKZzxZRkAAAAASUVORK5CYII="), (c) => c.charCodeAt(0));
const uploaded = await staff.POST("/api/v1/media", {
  body: { file: new Blob([png], { type: "image/png" }) as never, alt: "I ministri al tavolo", credit: "Foto: Redazione / CC BY 4.0" },
  bodySerializer: (body) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(body as Record<string, string | Blob>))
      form.append(name, value);
    return form;
  },
});
check(uploaded.response.status === 201 && uploaded.data, `upload media: ${uploaded.response.status} ${JSON.stringify(uploaded.error)}`);

const created = await staff.POST("/api/v1/articles", {
  body: {
    featureImage: { media: uploaded.data.id, caption: "Roma, la firma" },
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
check(draft.featureImage?.media === uploaded.data.id && draft.featureImage.width === 16 && draft.featureImage.height === 9
  && draft.featureImage.credit === "Foto: Redazione / CC BY 4.0" && draft.featureImage.placeholder?.startsWith("data:image/") === true,
  `the feature image by media id reads back with its size, credit and placeholder: ${JSON.stringify(draft.featureImage)}`);
check(draft.citations.length === 2 && draft.citations[0]?.source.kind === "agency", "citations in order, with source summaries");
check(draft.citations[0]?.source.url === source.data.url && draft.citations[0]?.source.websiteUrl === "https://www.agenzianova.com",
  "a citation's source summary carries the source's page and its website");
check(draft.citationsBySource.length === 1, "citations grouped by source");

const publishedAnswer = await staff.POST("/api/v1/articles/{id}/publish", {
  params: { path: { id: draft.id }, header: { "If-Match": etagOf(created.response) } },
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
check(bySlug.data.structuredData["@type"] === "ReportageNewsArticle" && bySlug.data.structuredData.headline === bySlug.data.title,
  "structured data: a ReportageNewsArticle (kind news) whose headline is the title");
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
const markdown = editing.data.body.markdown;
check(markdown !== undefined, "formats=markdown answers the Markdown");
const edited = await staff.PUT("/api/v1/articles/{id}", {
  params: { path: { id: draft.slug }, header: { "If-Match": etagOf(editing.response) } },
  body: { ...editing.data, body: { markdown }, title: `${editing.data.title} (rivisto)`, featureImage: featureImageInput(editing.data.featureImage) },
});
check(edited.response.status === 200 && edited.data?.title.endsWith("(rivisto)") && !edited.data.excerptIsCustom,
  `the article sent back as read: ${edited.response.status} ${JSON.stringify(edited.error)}`);

// The same story in English, an analysis: a translation of the Italian article, then archived.
const english = await staff.POST("/api/v1/articles", {
  body: {
    title: `The climate treaty ${run}`,
    body: { markdown: `Ministers signed the treaty in Rome. ${run}` },
    language: "en",
    kind: "analysis",
    authors: [author.data.slug],
    tags: [`clima-${run}`],
    translationOf: draft.id,
  },
});
check(english.response.status === 201 && english.data, `create translation: ${english.response.status} ${JSON.stringify(english.error)}`);
check(english.data.kind === "analysis" && english.data.primaryTag?.slug === `clima-${run}`, "kind and primaryTag");
check(english.data.translations.some(t => t.id === draft.id && t.language === "it"), "the translation lists the Italian article");
const archived = await staff.POST("/api/v1/articles/{id}/archive", { params: { path: { id: english.data.id } } });
check(archived.response.status === 200 && archived.data?.status === "archived", `archive: ${archived.response.status}`);
const trash = await staff.GET("/api/v1/articles", { params: { query: { status: ["trashed"], kind: ["analysis"], featured: "false" } } });
check(trash.response.status === 200, `status=trashed lists the trash for staff: ${trash.response.status}`);

// The editorial record: a public correction, and the revisions the writes left.
const corrected = await staff.POST("/api/v1/articles/{id}/corrections", {
  params: { path: { id: draft.slug } },
  body: { kind: "correction", note: "Il trattato è stato firmato **ieri**, non oggi." },
});
check(corrected.response.status === 200 && corrected.data?.corrections.at(-1)?.html.includes("<strong>ieri</strong>"),
  `correction: ${corrected.response.status} ${JSON.stringify(corrected.error)}`);
const revisions = await staff.GET("/api/v1/articles/{id}/revisions", { params: { path: { id: draft.slug } } });
check(revisions.data && revisions.data.data[0]?.action === "corrected" && revisions.data.data.at(-1)?.action === "created",
  `revisions: ${revisions.response.status}`);
const diff = await staff.GET("/api/v1/articles/{id}/revisions/{number}/diff", { params: { path: { id: draft.slug, number: 3 } } });
check(diff.data?.fields.find(f => f.field === "title")?.changed, `the round trip's revision changed the title: ${diff.response.status}`);

// A new slug: the old one answers 301, which fetch follows to the article under its new slug.
const current = await staff.GET("/api/v1/articles/{id}", { params: { path: { id: draft.id }, query: { formats: ["markdown"] } } });
check(current.data, `the corrected article: ${current.response.status}`);
const currentMarkdown = current.data.body.markdown;
check(currentMarkdown !== undefined, "formats=markdown answers the Markdown");
const renamed = await staff.PUT("/api/v1/articles/{id}", {
  params: { path: { id: draft.id }, header: { "If-Match": etagOf(current.response) } },
  body: { ...current.data, body: { markdown: currentMarkdown }, slug: `${draft.slug}-rinominato` },
});
check(renamed.response.status === 200 && renamed.data?.slug === `${draft.slug}-rinominato`, `rename: ${renamed.response.status}`);
const byOldSlug = await reader.GET("/api/v1/articles/{id}", { params: { path: { id: draft.slug }, query: { formats: ["html"] } } });
check(byOldSlug.response.redirected && byOldSlug.data?.id === draft.id && byOldSlug.data.body.html && !byOldSlug.data.body.markdown,
  `the old slug leads to the article with the query kept: ${byOldSlug.response.status} ${byOldSlug.response.url}`);

console.log(`flow ok: article ${draft.slug} created, published, listed, found by search and slug, revalidated (304), edited by round trip, translated, archived, corrected, renamed (301)`);

// The example client (site.ts, editor.ts) on the sample newsroom.
console.log(await sitePages(reader));
console.log(await editorFlow(staff, reader, run));
