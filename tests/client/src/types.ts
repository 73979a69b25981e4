// Type-level checks of the generated client (compiled by `tsc -p .` in GeneratedClientFlow_Runs_Against_The_Api):
// each `@ts-expect-error` line must fail to compile, so a document that stops saying what the server refuses fails
// the suite. Nothing here runs.
import type { components, paths } from "../generated/api.js";

type Schemas = components["schemas"];
type ListQuery = NonNullable<paths["/api/v1/articles"]["get"]["parameters"]["query"]>;

const markdown: Schemas["BodyInput"] = { markdown: "Testo." };
// @ts-expect-error body.markdown is required
const noMarkdown: Schemas["BodyInput"] = {};
const citation: Schemas["CitationInput"] = { source: "agenzia-nova", claim: "Dodici paesi hanno firmato" };
// @ts-expect-error citations[].claim is required
const noClaim: Schemas["CitationInput"] = { source: "agenzia-nova" };
// @ts-expect-error citations[].source is required
const noSource: Schemas["CitationInput"] = { claim: "Dodici paesi hanno firmato" };
const image: Schemas["FeatureImageInput"] = { url: "https://images.example.org/a.jpg" };
const byMedia: Schemas["FeatureImageInput"] = { media: "0193a1b2-0000-7000-8000-000000000000", alt: "I ministri" };
// @ts-expect-error featureImage.media is a media item's id
const badMedia: Schemas["FeatureImageInput"] = { media: 42 };
// @ts-expect-error featureImage is one of two forms: `url` or `media`, not neither
const noImage: Schemas["FeatureImageInput"] = { alt: "I ministri" };
// @ts-expect-error the URL form has no media item
const urlWithMedia: Schemas["FeatureImageByUrl"] = { url: "https://images.example.org/a.jpg", media: "0193a1b2-0000-7000-8000-000000000000" };
const imageWidth: number | null | undefined = ({} as Schemas["FeatureImage"]).width;

// Body formats are absent when not asked for, never null.
const html: string | undefined = ({} as Schemas["ArticleBody"]).html;
// @ts-expect-error null is not a body format's value
const nullHtml: Schemas["ArticleBody"] = { html: null };

const sort: ListQuery["sort"] = "-publishedAt";
// @ts-expect-error sort takes only the documented values
const badSort: ListQuery["sort"] = "newest";
const status: ListQuery["status"] = ["draft", "published"];
// @ts-expect-error status takes only the documented values
const badStatus: ListQuery["status"] = ["deleted"];

const kind: Schemas["ArticleKind"] = "factCheck";
// @ts-expect-error kind takes only the documented types of work
const badKind: Schemas["ArticleKind"] = "gossip";
const kinds: ListQuery["kind"] = ["analysis", "opinion"];
const trashed: ListQuery["status"] = ["trashed"];
const translation: Schemas["TranslationSummary"]["status"] = "published";
const tagNames: Schemas["TagInput"]["translations"] = { en: { name: "World" } };
// @ts-expect-error a tag translation needs its name
const noTagName: Schemas["TagInput"]["translations"] = { en: { description: "Foreign news." } };

// A source's own website is websiteUrl; its url is its page on the front end, which only the API makes.
const sourceInput: Schemas["SourceInput"] = { name: "Agenzia Nova", kind: "agency", websiteUrl: "https://www.agenzianova.com" };
function relink(source: Schemas["Source"], summary: Schemas["SourceSummary"]): void {
  // @ts-expect-error a source's url is read-only
  source.url = "https://www.agenzianova.com";
  // @ts-expect-error a citation's source summary's url is read-only
  summary.url = "https://www.agenzianova.com";
}

// A program branches on the problem's code; the 409's slug is typed.
function react(problem: Schemas["Problem"]): string | undefined {
  switch (problem.code) {
    case "slug-taken":
      return problem.slug;
    // @ts-expect-error not a kind of problem this API answers
    case "conflict":
      return undefined;
    default:
      return problem.type;
  }
}

// publishedAt is a string once `status` says published (or scheduled); before that, it may be null.
function dateOf(article: Schemas["ArticleSummary"] | Schemas["Article"]): string {
  if (article.status === "published" || article.status === "scheduled")
    return article.publishedAt;
  // @ts-expect-error a draft's publishedAt may be null
  const undated: string = article.publishedAt;
  return undated;
}

export const checks = [markdown, noMarkdown, citation, noClaim, noSource, image, byMedia, badMedia, noImage, urlWithMedia, imageWidth, html, nullHtml, sort, badSort, status, badStatus, kind, badKind, kinds, trashed, translation, tagNames, noTagName, sourceInput, relink, react, dateOf];
