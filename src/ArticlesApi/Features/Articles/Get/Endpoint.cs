using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Articles.Get;

/// GET /api/v1/articles/{idOrSlug}: four SQL commands (the article, then its authors, tags and
/// citations, split so that they do not multiply each other's rows).
sealed class Endpoint(ArticlesDb db, TimeProvider time) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Get("/articles/{idOrSlug}");
        Definition.Declare(ConditionalRead.Public);
        AllowAnonymous();
        Description(b => b
            .Produces<ArticleResponse>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304)
            .ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Get an article";
            s.RequestExamples.Add(new(ArticleExamples.Get));
            s.Description =
                "The full article by id or slug: body as `markdown`, sanitized `html` and plain `text` (narrow with " +
                "`formats`), authors in order, tags, citations in article order and grouped by source, reading time " +
                "and word count. Articles that are not published (drafts, scheduled for later, trashed) answer 404 to anonymous " +
                "callers; editor and admin keys also read drafts and scheduled articles, author and contributor keys their own.";
            s.RequestParam(r => r.IdOrSlug, "The article's id (UUID) or slug.");
            s.RequestParam(r => r.Formats!, "Comma list of body formats: `markdown`, `html`, `text` (default: all).");
            s.Responses[200] = "The article.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[400] = "`formats` names an unknown format.";
            s.Responses[404] = "No such article, or not visible to the caller.";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        Request.TryParseFormats(r.Formats, out var formats);
        var isId = Guid.TryParse(r.IdOrSlug, out var id);
        var now = time.GetUtcNow().UtcDateTime;
        var viewer = ArticleViewer.Of(User);
        var article = viewer == ArticleViewer.Public
            ? await CompiledPublicRead.ReadAsync(db, r.IdOrSlug, isId ? id : null, now, formats, ct)
            : await (isId ? db.Readable(now, viewer).Where(a => a.Id == id) : db.Readable(now, viewer).Where(a => a.Slug == r.IdOrSlug))
                .Select(ArticleProjections.Full(now, formats))
                .AsSplitQuery()
                .FirstOrDefaultAsync(ct);
        if (article is null)
            await Send.NotFoundAsync(ct);
        else
            await Send.OkAsync((await article.LinkedAsync(db, ct))!, ct);
    }
}
