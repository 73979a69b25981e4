// What the example client shares: the generated types, a client per caller, and the two checks a front end needs
// on every answer (a problem, a missing ETag). Nothing here is hand-typed against the API.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "../generated/api.js";

export type Api = Client<paths>;
export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];

/** A client for a site (no key) or for an editor (a key). Comma lists (`formats`, `status`) as the document says. */
export function client(baseUrl: string, key?: string): Api {
  return createClient<paths>({
    baseUrl,
    headers: key ? { Authorization: `Bearer ${key}` } : {},
    querySerializer: { array: { style: "form", explode: false } },
  });
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** An answer the page cannot do without: the problem's code and detail when there is none. */
export function expect<T>(answer: { data?: T; error?: Problem; response: Response }, what: string): T {
  if (answer.data === undefined)
    throw new Error(`${what}: ${answer.response.status} ${answer.error ? `${answer.error.code}: ${answer.error.detail ?? answer.error.title}` : ""}`);
  return answer.data;
}

/** Every read and write answer carries its version; an editor sends it back in If-Match. */
export function etagOf(response: Response): string {
  const etag = response.headers.get("ETag");
  check(etag, `${response.url}: an answer without an ETag`);
  return etag;
}

/** A read's `featureImage` as the input sends it back: the media form (`FeatureImageByMedia`) when it is a media item's,
 * else the URL form (`FeatureImageByUrl`); the document makes the input a union of the two. */
export function featureImageInput(image: components["schemas"]["FeatureImage"] | null | undefined):
  components["schemas"]["FeatureImageInput"] | null | undefined {
  if (!image)
    return image;
  const { media, ...rest } = image;
  return media ? { ...rest, media } : rest;
}
