// The example client's pages and editor flow, run against the sample newsroom (the suite's LiveApi seeds it):
// what a front end does, checked the way its developer would check it by looking at the page.
import { type Api, check } from "./api.js";
import { type Article, createDraft, editArticle, explain, publish, replace } from "./editor.js";
import { type Card, articlePage, authorPage, dateline, facetLabel, frontPage, relatedCards, searchPage, tagPage, wholeFrontPage } from "./site.js";

export async function sitePages(reader: Api): Promise<string> {
  // Front page, four cards a page, followed to the end: newest first, nothing twice, every card dated.
  const pages = await wholeFrontPage(reader, 4);
  const cards = pages.flat();
  check(pages.length >= 3 && pages.slice(0, -1).every(p => p.length === 4), `front page in pages of 4: ${pages.map(p => p.length)}`);
  check(new Set(cards.map(c => c.id)).size === cards.length, "no card on two pages");
  const dates = cards.map(c => Date.parse(c.publishedAt));
  check(dates.every((d, i) => !Number.isNaN(d) && (i === 0 || (dates[i - 1] ?? d) >= d)), "newest first, every card dated");
  const italian = await frontPage(reader, { language: "it", limit: 50 });
  check(italian.items.length > 0 && italian.items.every(c => c.language.startsWith("it")), "the Italian front page");

  // An article page, by the slug on the first card.
  const first = cards[0];
  check(first, "the sample newsroom has published articles");
  const story = await articlePage(reader, first.slug);
  check(story && story.id === first.id, `article page ${first.slug}`);
  check(story.body.html && !story.body.markdown, "the page asks for HTML only");
  check(dateline(story) === dateline(first), "the page's date is the card's");
  check(story.citationsBySource.every(s => s.citations.length > 0), "citations grouped by source");
  check(await articlePage(reader, "no-such-article") === null, "an unknown slug is the site's 404");
  // Related articles, as an article page shows them: in its language, never itself; the first sample article that has some.
  let related: Card[] = [];
  let relatedTo: Card = first;
  for (const card of cards.slice(0, 12)) {
    related = await relatedCards(reader, card.slug, 3);
    if (related.length > 0) {
      relatedTo = card;
      break;
    }
  }
  check(related.length > 0 && related.length <= 3, "the sample newsroom has related articles, at most the limit");
  check(related.every(c => c.id !== relatedTo.id && c.language === relatedTo.language), "related: same language, never the article itself");

  // The tag and author pages of that article.
  const tagSlug = story.tags[0]?.slug;
  check(tagSlug, `${story.slug} has a tag`);
  const tag = await tagPage(reader, tagSlug);
  check(tag && tag.tag.slug === tagSlug && tag.articles.items.some(c => c.id === story.id), `tag page ${tagSlug}`);
  check(tag.tag.articleCount === tag.articles.items.length || tag.articles.next !== null, "the tag's article count is its page");
  const authorSlug = story.authors[0]?.slug;
  check(authorSlug, `${story.slug} has an author`);
  const author = await authorPage(reader, authorSlug);
  check(author && author.author.name && author.articles.items.some(c => c.id === story.id), `author page ${authorSlug}`);
  check(author.author.email === undefined || author.author.email === null, "a public author page shows no email");

  // Search: Italian stems ("trattati" finds "trattato"), the match marked in the highlight.
  const search = await searchPage(reader, "trattati Helsinki");
  const treaty = search.items.find(h => h.card.slug.includes("trattato-di-helsinki"));
  check(treaty, `search finds the Helsinki treaty: ${search.items.map(h => h.card.slug)}`);
  check(!search.incompleteResults, "a one-word search on the sample newsroom is complete (within the search budget)");
  check(/<mark>trattat[oi]<\/mark>/i.test(treaty.highlight) || treaty.highlight.includes("<mark>Helsinki</mark>"),
    `the highlight marks the match: ${treaty.highlight}`);
  // The sidebar: counts over every match, so each facet's counts add up to at least the hits of the first page per value.
  const sidebar = search.facets;
  check(sidebar?.tag && sidebar.author && sidebar.language && sidebar.source, "the first search page brings the four facets");
  for (const tag of treaty.card.tags)
    check(sidebar.tag.some(t => t.slug === tag.slug) || sidebar.tag.length === 10, `the tag facet counts ${tag.slug}`);
  const inLanguage = sidebar.language.find(l => l.code === treaty.card.language);
  check(inLanguage && inLanguage.count >= search.items.filter(h => h.card.language === treaty.card.language).length,
    `the language facet counts every ${treaty.card.language} hit: ${sidebar.language.map(l => facetLabel(l, search.facetsApproximate))}`);

  return `site ok: ${cards.length} articles on ${pages.length} front pages, ${story.slug}, ${related.length} related to ${relatedTo.slug}, tag ${tagSlug}, author ${authorSlug}, search`;
}

export async function editorFlow(staff: Api, reader: Api, run: string): Promise<string> {
  const newest = (await frontPage(reader, { limit: 1 })).items[0];
  check(newest, "the sample newsroom has published articles");
  const sample = await articlePage(reader, newest.slug);
  check(sample, "a published sample article to borrow authors and tags from");
  const input = {
    title: `Il vertice di Roma sul Mediterraneo ${run}`,
    body: { markdown: `I ministri si sono riuniti a **Roma**. ${run}` },
    language: "it",
    authors: sample.authors.map(a => a.slug),
    tags: sample.tags.map(t => t.slug),
  };

  const created = await createDraft(staff, input, `draft-${run}`);
  check(created.ok, `create draft: ${created.ok || explain(created.problem)}`);
  const draft: Article = created.article;
  check(draft.status === "draft" && draft.publishedAt === null, "a new article is a draft without a date");
  check(await articlePage(reader, draft.slug) === null, "a draft is not on the site");

  // 400, by code: the refusal names the field.
  const invalid = await createDraft(staff, { ...input, language: "xx" }, `invalid-${run}`);
  check(!invalid.ok && invalid.status === 400 && invalid.problem.code === "validation"
    && (invalid.problem.errors ?? []).some(e => e.name === "language"), "an unknown language: 400 naming language");
  check(explain(invalid.problem).startsWith("language: "), explain(invalid.problem));

  // 409, by code: the slug is taken, and the problem says which.
  const taken = await createDraft(staff, { ...input, slug: sample.slug }, `taken-${run}`);
  check(!taken.ok && taken.status === 409 && taken.problem.code === "slug-taken" && taken.problem.slug === sample.slug,
    "a taken slug: 409 slug-taken naming it");

  // The round trip: GET → edit → PUT with the read's ETag, by slug.
  const edited = await editArticle(staff, draft.slug, (article, markdown) =>
    ({ ...article, title: `${article.title} (rivisto)`, body: { markdown: `${markdown}\n\nAggiornamento.` } }));
  check(edited.ok && edited.article.title.endsWith("(rivisto)") && !edited.article.excerptIsCustom,
    `edit: ${edited.ok || explain(edited.problem)}`);

  // 412, by code: a second editor still holds the first version.
  const stale = await replace(staff, draft.slug, { ...draft, body: { markdown: "Versione vecchia." } }, created.etag);
  check(!stale.ok && stale.status === 412 && stale.problem.code === "precondition-failed", "a stale If-Match: 412 precondition-failed");
  check(explain(stale.problem).startsWith("Someone changed"), explain(stale.problem));

  // Publish with the current version: on the site, dated.
  const published = await publish(staff, draft.slug, edited.etag);
  check(published.ok && published.article.status === "published", `publish: ${published.ok || explain(published.problem)}`);
  const onSite = await articlePage(reader, draft.slug);
  check(onSite && onSite.title.endsWith("(rivisto)"), "the published article is on the site");
  check((await frontPage(reader, { language: "it" })).items[0]?.id === onSite.id, "and first on the Italian front page");
  return `editor ok: ${onSite.slug} drafted, refused (400, 409, 412), edited by round trip, published ${dateline(onSite)}`;
}
