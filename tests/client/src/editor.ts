// An editor's flow on the generated client: create a draft, edit it by round trip (GET → edit → PUT with the
// ETag of the read in If-Match), publish it. A refusal is a problem whose `code` the editor branches on.
import { type Api, type Problem, type Schemas, check, etagOf } from "./api.js";

export type Article = Schemas["Article"];

/** What a write gives the editor: the article and its version, or a refusal to explain. */
export type Outcome = { ok: true; article: Article; etag: string } | { ok: false; status: number; problem: Problem };

function outcome(answer: { data?: Article; error?: Problem; response: Response }): Outcome {
  if (answer.data !== undefined)
    return { ok: true, article: answer.data, etag: etagOf(answer.response) };
  check(answer.error, `${answer.response.status} without a problem`);
  return { ok: false, status: answer.response.status, problem: answer.error };
}

/** What the editor's screen says for a refusal, by the problem's code. */
export function explain(problem: Problem): string {
  switch (problem.code) {
    case "slug-taken":
      return `The address ${problem.slug ?? "given"} is already used by another article: choose another slug.`;
    case "precondition-failed":
      return "Someone changed this article since you opened it: reload it and reapply your change.";
    case "validation":
      return (problem.errors ?? []).map(e => `${e.name}: ${e.reason}`).join("\n");
    case "forbidden":
      return "Your key may not do this.";
    default:
      return problem.detail ?? problem.title;
  }
}

export async function createDraft(api: Api, input: Schemas["ArticleInput"], idempotencyKey: string): Promise<Outcome> {
  return outcome(await api.POST("/api/v1/articles", { params: { header: { "Idempotency-Key": idempotencyKey } }, body: input }));
}

/** Reads the article as Markdown, lets `edit` change it, and sends it back with the read's ETag. */
export async function editArticle(api: Api, idOrSlug: string,
  edit: (article: Article, markdown: string) => Schemas["ArticleReplacementInput"]): Promise<Outcome> {
  const read = await api.GET("/api/v1/articles/{id}", { params: { path: { id: idOrSlug }, query: { formats: ["markdown"] } } });
  const opened = outcome(read);
  if (!opened.ok)
    return opened;
  const markdown = opened.article.body.markdown;
  check(markdown !== undefined, "formats=markdown answers the Markdown");
  return replace(api, idOrSlug, edit(opened.article, markdown), opened.etag);
}

export async function replace(api: Api, idOrSlug: string, article: Schemas["ArticleReplacementInput"], etag: string): Promise<Outcome> {
  return outcome(await api.PUT("/api/v1/articles/{id}", { params: { path: { id: idOrSlug }, header: { "If-Match": etag } }, body: article }));
}

export async function publish(api: Api, idOrSlug: string, etag: string, publishAt?: string): Promise<Outcome> {
  return outcome(await api.POST("/api/v1/articles/{id}/publish", {
    params: { path: { id: idOrSlug }, header: { "If-Match": etag } },
    body: publishAt === undefined ? {} : { publishAt },
  }));
}
