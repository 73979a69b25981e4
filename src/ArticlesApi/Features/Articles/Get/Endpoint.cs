using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Preview;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.SiteSettings;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Articles.Get;

/// GET /api/v1/articles/{idOrSlug}: for the public, one statement on its ready-made doc (ReadyArticles); else five SQL commands (the article, then its authors, tags, citations and
/// corrections, split so that they do not multiply each other's rows). Only a miss asks whether the article was taken down (410).
sealed class Endpoint(ReadyStatement statement, ReadyMadeSwitches switches, SiteLinks links, TimeProvider time) : Endpoint<Request, ArticleResponse>
{
    /// Leased when the query path answers: a read answered ready-made needs no context (ReadyStatement).
    ArticlesDb Db => field ??= Resolve<ArticlesDb>();

    public override void Configure()
    {
        Get("/articles/{idOrSlug}");
        Definition.Declare(ConditionalRead.Public with { PrivateWith = PreviewLinks.QueryParameter }, OldSlugRedirect.Articles);
        AllowAnonymous();
        Description(b => b
            .Produces<ArticleResponse>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304)
            .ProducesProblemDetails(404)
            .ProducesProblemDetails(410));
        Summary(s =>
        {
            s.Summary = "Get an article";
            s.RequestExamples.Add(new(ArticleExamples.Get));
            s.Description =
                "The full article by id or slug: body as `markdown`, sanitized `html` and plain `text` (narrow with " +
                "`formats`), authors in order, tags, citations in article order and grouped by source, reading time " +
                "and word count, and the article's public `corrections` (a retracted article stays readable, its retraction also in " +
                "`retraction`). Articles that are not published (drafts, scheduled for later, trashed) answer 404 to anonymous " +
                "callers; editor and admin keys also read drafts and scheduled articles, author and contributor keys their own. " +
                "A taken-down article answers 410 to all but editor and admin keys.";
            s.RequestParam(r => r.IdOrSlug, "The article's id (UUID) or slug.");
            s.RequestParam(r => r.Formats!, "Comma list of body formats: `markdown`, `html`, `text` (default: all).");
            s.RequestParam(r => r.Preview!, "A preview link's token (POST /articles/{idOrSlug}/preview): the article as it is now, "
                + "whatever its status (not in the trash), until the link expires or is replaced. `Cache-Control: private, no-store`. "
                + "A token that is wrong, expired, replaced or for another article answers 404, as an unknown article does.");
            s.Responses[200] = "The article.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[400] = "`formats` names an unknown format.";
            s.Responses[404] = "No such article, or not visible to the caller (or `preview` is not a working token for it).";
            s.Responses[410] = "The article was taken down (a legal removal): gone for everyone but editors and admins (`code` `gone`).";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        Request.TryParseFormats(r.Formats, out var formats);
        var isId = Guid.TryParse(r.IdOrSlug, out var id);
        var now = time.GetUtcNow().UtcDateTime;
        var viewer = ArticleViewer.Of(User);
        // The public's read from its ready-made doc (Features/Articles/Ready/ReadyArticles): one statement; a miss, a doc
        // to render or out of date, and every other caller take the query path below.
        if (r.Preview is null && viewer == ArticleViewer.Public && switches.Article
            && await ReadyArticles.ReadAsync(statement, r.IdOrSlug, isId ? id : null, now, (await links.CurrentAsync(() => Db, ct)).Site.Version, ct)
                is { } ready && ready.For(formats) is { } representation)
        {
            await HttpContext.Response.SendAsync<object>(representation, 200, cancellation: ct);
            return;
        }
        var article = r.Preview is { } token ? await PreviewAsync(token, r.IdOrSlug, isId ? id : null, now, formats, ct)
            : viewer == ArticleViewer.Public
            ? await CompiledPublicRead.ReadAsync(Db, r.IdOrSlug, isId ? id : null, now, formats, ct)
            : await (isId ? Db.Readable(now, viewer).Where(a => a.Id == id) : Db.Readable(now, viewer).Where(a => a.Slug == r.IdOrSlug))
                .Select(ArticleProjections.Full(now, formats, everyTranslation: true))
                .AsSplitQuery()
                .FirstOrDefaultAsync(ct);
        if (article is not null)
            await Send.OkAsync((await article.LinkedAsync(Db, ct))!, ct);
        else if (await TakenDownAsync(Db, isId ? id : null, r.IdOrSlug, ct))
            await HttpContext.Response.SendResultAsync(Problems.Result(ProblemTypes.Gone, $"The article '{r.IdOrSlug}' was taken down."));
        else if (await SlugRedirects.FindAsync(HttpContext, Db, r.IdOrSlug,
                     articleId => Db.Readable(now, viewer).Where(a => a.Id == articleId).Select(a => a.Slug), ct) is { } moved)
            await Send.ResultAsync(moved);
        else
            await Send.NotFoundAsync(ct);
    }

    /// The article the token previews, if the request names it (by id or by its current slug) and it is not in the trash.
    async Task<ArticleResponse?> PreviewAsync(string token, string idOrSlug, Guid? id, DateTime now, BodyFormats formats, CancellationToken ct)
    {
        if (await PreviewLinks.ArticleOfAsync(Db, token, now, ct) is not { } previewed || (id is not null && id != previewed))
            return null;
        return await Db.Articles.AsNoTracking()
            .Where(a => a.Id == previewed && a.DeletedAt == null && a.Status != ArticleStatus.TakenDown && (id != null || a.Slug == idOrSlug))
            .Select(ArticleProjections.Full(now, formats))
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct);
    }

    /// Staff read taken-down articles (Readable); anyone else who did not find the article learns it is gone for good.
    /// Also the related articles' answer for an article they cannot read.
    internal static Task<bool> TakenDownAsync(ArticlesDb db, Guid? id, string slug, CancellationToken ct) =>
        id is { } key
            ? db.Articles.AnyAsync(a => a.Id == key && a.Status == ArticleStatus.TakenDown && a.DeletedAt == null, ct)
            : db.Articles.AnyAsync(a => a.Slug == slug && a.Status == ArticleStatus.TakenDown && a.DeletedAt == null, ct);
}
