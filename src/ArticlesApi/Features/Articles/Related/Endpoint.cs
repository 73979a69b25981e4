using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using Articles.List;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Articles.Related;

/// GET /api/v1/articles/{idOrSlug}/related: the article as the caller may read it (the article read's rule: 404, 410, 301
/// from an old slug), then RelatedArticles (one command), then the summaries as lists read them (rows, authors, tags).
sealed class Endpoint(ArticlesDb db, TimeProvider time) : Endpoint<Request, ArticleSummaryList>
{
    public override void Configure()
    {
        Get("/articles/{idOrSlug}/related");
        Definition.Declare(ConditionalRead.Public, OldSlugRedirect.Articles, new LimitRange(Request.MaxLimit, Request.DefaultLimit));
        AllowAnonymous();
        Description(b => b
            .Produces<ArticleSummaryList>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304)
            .ProducesProblemDetails(404)
            .ProducesProblemDetails(410));
        Summary(s =>
        {
            s.Summary = "Related articles";
            s.RequestExamples.Add(new(ArticleExamples.Get));
            s.Description =
                "Published articles in the same language as this one, most related first, never the article itself: those sharing " +
                "its tags and cited sources (a rare tag or source counts more than a common one), then words of its title and subtitle; " +
                "ties newer first. Summaries as in lists (no body). Translations of the article are in other languages, so never listed. " +
                "Candidates are the newest articles sharing each tag or source, so the cost does not grow with the archive. " +
                "The article itself is found as GET /articles/{idOrSlug} finds it: unpublished articles answer 404 to anonymous " +
                "callers (editor and admin keys may ask for a draft's related articles, author and contributor keys for their own), " +
                "a taken-down article 410, an old slug 301 to the current one. An article that shares nothing has an empty list.";
            s.RequestParam(r => r.IdOrSlug, "The article's id (UUID) or slug.");
            s.RequestParam(r => r.Limit, $"How many, 1–{Request.MaxLimit} (default {Request.DefaultLimit}).");
            s.Responses[200] = "Related published articles, most related first (`meta.nextCursor` is always null).";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[400] = "`limit` is not a whole number from 1 to 20.";
            s.Responses[404] = "No such article, or not visible to the caller.";
            s.Responses[410] = "The article was taken down (a legal removal): gone for everyone but editors and admins (`code` `gone`).";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var isId = Guid.TryParse(r.IdOrSlug, out var id);
        var now = time.GetUtcNow().UtcDateTime;
        var viewer = ArticleViewer.Of(User);
        var readable = db.Readable(now, viewer);
        var article = await (isId ? readable.Where(a => a.Id == id) : readable.Where(a => a.Slug == r.IdOrSlug))
            .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (article is not { } articleId)
        {
            if (await Articles.Get.Endpoint.TakenDownAsync(db, isId ? id : null, r.IdOrSlug, ct))
                await HttpContext.Response.SendResultAsync(Problems.Result(ProblemTypes.Gone, $"The article '{r.IdOrSlug}' was taken down."));
            else if (await SlugRedirects.FindAsync(HttpContext, db, r.IdOrSlug,
                         moved => db.Readable(now, viewer).Where(a => a.Id == moved).Select(a => a.Slug), ct) is { } redirect)
                await Send.ResultAsync(redirect);
            else
                await Send.NotFoundAsync(ct);
            return;
        }

        var limit = r.Limit;
        var hits = await RelatedArticles.FindAsync(db, articleId, now, limit, ct);
        var ids = hits.Select(h => h.Id).ToArray();
        var rows = (await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(PageQuery.PageRow).ToListAsync(ct))
            .ToDictionary(x => x.Id);
        var authors = (await CompiledPageAuthorsAndTags.AuthorsAsync(db, ids, ct)).ToLookup(x => x.ArticleId, x => x.Author);
        var tags = (await CompiledPageAuthorsAndTags.TagsAsync(db, ids, ct)).ToLookup(x => x.ArticleId, x => x.Tag);
        var site = await db.SiteUrlsAsync(ct);
        await Send.OkAsync(new ArticleSummaryList
        {
            Data = [.. ids.Where(rows.ContainsKey).Select(x => rows[x].ToSummary(authors[x].ToList(), tags[x].ToList(), now, site))],
            Meta = new ArticleListMeta { Limit = limit, NextCursor = null },
        }, ct);
    }
}
