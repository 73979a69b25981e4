using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Authors;
using ArticlesApi.Features.ReadyNamed;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;

namespace Authors.List;

sealed class Endpoint(ReadyStatement ready, SiteLinks links, TimeProvider time, CursorCodec cursors) : Endpoint<NamedListRequest, ListResponse<AuthorResponse>>
{
    /// Leased when the query path answers: a read answered ready-made needs no context (ReadyStatement).
    ArticlesDb Db => field ??= Resolve<ArticlesDb>();

    public const string Scope = "authors";

    public override void Configure()
    {
        Get("/authors");
        Definition.Declare(ConditionalRead.PublicList);
        AllowAnonymous();
        Description(b => b
            .Produces<ListResponse<AuthorResponse>>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304));
        Summary(s =>
        {
            s.Summary = "List authors";
            s.Description = "Name, bio, avatar, links and the number of published articles (the email is private). Articles by an author: `GET /api/v1/articles?author={slug}`. Sorted by name, or by number of published articles with `sort`; keyset pagination with `limit`, `cursor` and `total`.";
            s.RequestParam(r => r.Sort!, "`name` (default), `-articleCount` (most published articles first) or `articleCount` (fewest first); " +
                "equal names or counts in id order. A cursor is valid only with the sort that produced it.");
            s.RequestParam(r => r.Limit!, "Page size, 1–100 (default 20).");
            s.RequestParam(r => r.Cursor!, "Opaque cursor from `meta.nextCursor`.");
            s.RequestParam(r => r.Total!, "`true` adds `meta.total`.");
            s.Responses[200] = "A page of authors, in the order `sort` asks for.";
            s.Responses[304] = "The page has not changed since the ETag given in If-None-Match.";
            s.Responses[400] = "A parameter is invalid; `errors` names it.";
        });
    }

    public override async Task HandleAsync(NamedListRequest r, CancellationToken ct)
    {
        // The public list from the ready-made authors (Features/ReadyNamed); staff reads and what it does not serve below.
        if (await ReadyNamedLists.TrySendAsync<Author, AuthorResponse>(HttpContext, ready, links, time, () => Db, cursors, ContentResource.Author, r, Scope, ct))
            return;
        var due = await ScheduledPublication.DueIdsAsync(Db, ct);
        var page = await NamedResources.PageAsync(Db, Db.Authors, AuthorProjections.For(ArticleViewer.Of(User), due), AuthorProjections.ArticleCount(due),
            r, cursors, Scope, HttpContext, ct);
        if (page is null)
            ThrowError(x => x.Cursor!, PageRules.BadCursor);
        await Send.OkAsync(page, ct);
    }
}
